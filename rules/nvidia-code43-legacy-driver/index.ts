// I1: NVIDIA GeForce passthrough and Code 43: drivers before R465 refuse to run under a detected hypervisor.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'nvidia-code43-legacy-driver';
// Professional and data-centre cards never had the hypervisor check.
const PRO = /Quadro|Tesla|RTX A\d|\bA\d{2,4}\b|\bL\d{1,2}S?\b|\bH\d{3}\b|GRID/i;

export const messages = {
  geforce: ({ device }: { device: string }) =>
    `${device} is an NVIDIA card. If Windows shows it with Code 43: GeForce drivers before R465 (465.89, March 2021) refuse to start when they detect a hypervisor, so install a current driver in the guest; for an older driver hide KVM (<kvm><hidden state='on'/></kvm>) and set a Hyper-V vendor_id in the VM definition. On laptops (muxless Optimus) Code 43 usually means the guest lacks the vBIOS or ACPI tables instead.`,
  vendorUnknown: ({ bdf }: { bdf: string }) => `the vendor of ${bdf} is unknown (paste lspci -nn)`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'I1',
    title: 'NVIDIA GeForce in a VM: Code 43 with drivers older than R465',
    severity: 'info',
    category: 'config',
    summary: 'GeForce drivers before 465.89 stop with Code 43 when they detect a hypervisor; newer drivers allow passthrough. Laptop GPUs get Code 43 for other reasons (missing vBIOS/ACPI tables).',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Video_card_driver_virtualisation_detection'],
    keywords: ['code 43', 'error 43', 'nvidia', 'geforce', 'kvm hidden', 'vendor_id', 'hyperv', 'r465'],
    requires: ['targetGpu'],
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.targets.gpus.length === 0) return [];
    // Code 43 happens in the guest: only say something when the user reports it (the chat answers questions about it).
    const said = host.facts.mentions.code43;
    if (!said) return [];
    const out: DraftOf<typeof messages>[] = [];
    const xml = host.facts.configFiles.filter((c) => c.path.endsWith('.xml'));
    // A VM definition that already hides KVM and sets a Hyper-V vendor_id needs nothing from this rule.
    const hidden = xml.some((c) => /<hidden\s+state=['"]on['"]/.test(c.content) && /<vendor_id\s+state=['"]on['"]/.test(c.content))
      // A domain read as a VM definition (src/parse/libvirt-domain-xml.ts), or a Proxmox cpu: hidden=1,hv-vendor-id=….
      || (host.facts.vms ?? []).some((v) => v.kvmHidden?.value && v.hypervVendorId);
    for (const bdf of host.targets.gpus) {
      const gpu = host.device(bdf);
      if (!gpu) continue;
      if (gpu.vendor === undefined) return ctx.unable('vendorUnknown', { bdf });
      if (gpu.vendor !== '10de' || PRO.test(gpu.name ?? '') || hidden) continue;
      out.push({
        messageId: 'geforce',
        data: { device: describeDevice(gpu) },
        evidence: [said, ...gpu.evidence.slice(0, 1)],
        fixes: [
          plainFix(`${ID}/guest`, tr('Avoid Code 43 in the guest', '避免虚拟机里出现 Code 43'), '', [
              { kind: 'manual', description: tr('In the Windows guest, install NVIDIA driver 465.89 or newer.', '在 Windows 虚拟机里安装 465.89 或更新的 NVIDIA 驱动。') },
              { kind: 'manual', description: tr("Only for older drivers: virsh edit <vm> and add <kvm><hidden state='on'/></kvm> under <features>, and <vendor_id state='on' value='0123456789ab'/> inside <hyperv>.", "仅用于旧驱动：virsh edit <vm>，在 <features> 下加上 <kvm><hidden state='on'/></kvm>，并在 <hyperv> 里加上 <vendor_id state='on' value='0123456789ab'/>。") },
            ], { needsReboot: false }),
        ],
        devices: [bdf],
      });
    }
    return out;
  },
});
