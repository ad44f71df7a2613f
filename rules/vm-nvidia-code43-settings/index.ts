// A libvirt VM passing an NVIDIA GeForce without hidden KVM state or a Hyper-V vendor_id: Code 43 with guest drivers before R465.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { vmsOf, vmLabel, isGpu } from '../../src/vm/host-view';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'vm-nvidia-code43-settings';
// Professional and data-centre cards never had the hypervisor check (as nvidia-code43-legacy-driver).
const PRO = /Quadro|Tesla|RTX A\d|\bA\d{2,4}\b|\bL\d{1,2}S?\b|\bH\d{3}\b|GRID/i;

export const messages = {
  unhidden: ({ vm, gpu, missing }: { vm: string; gpu: string; missing: string[] }) =>
    `${vm} passes ${gpu} without ${missing.join(' and ')}. A Windows guest with a GeForce driver older than R465 (465.89, March 2021) detects the hypervisor and stops the card with Code 43; R465 and newer allow passthrough and need neither. With an old driver in the guest, add them; with a current one this is only a note.`,
};

// Only libvirt: Proxmox builds the -cpu line itself (hv_vendor_id=proxmox for Windows guests, kvm=off for an NVIDIA
// card with x-vga=1). When the user already reports Code 43, nvidia-code43-legacy-driver says it (and this stays quiet).
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'NVIDIA GeForce in a VM without hidden KVM state or vendor_id',
    severity: 'info',
    category: 'config',
    summary: "A libvirt VM gets a GeForce card but neither <kvm><hidden state='on'/> nor a Hyper-V <vendor_id>: Code 43 with guest drivers before R465.",
    docs: ['https://nvidia.custhelp.com/app/answers/detail/a_id/5173', 'https://libvirt.org/formatdomain.html#hypervisor-features'],
    keywords: ['code 43', 'nvidia', 'geforce', 'kvm hidden', 'vendor_id', 'hyperv', 'r465'],
    messages,
    zh,
  },
  check(host) {
    if (host.facts.mentions.code43) return [];
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vmsOf(host)) {
      // Only a whole definition says a setting is absent.
      if (vm.kind !== 'libvirt' || !vm.complete) continue;
      const missing = [...(vm.kvmHidden?.value ? [] : ["<kvm><hidden state='on'/>"]), ...(vm.hypervVendorId ? [] : ["a Hyper-V <vendor_id state='on' value='…'/>"])];
      // Either one hides the hypervisor from old drivers in practice only together; both absent or one absent is said.
      if (!missing.length) continue;
      const gpus = vm.hostdevs.map((h) => host.device(h.bdf)).filter((d) => isGpu(d) && d!.vendor === '10de' && !PRO.test(d!.name ?? ''));
      if (!gpus.length) continue;
      out.push({
        messageId: 'unhidden',
        data: { vm: vmLabel(vm), gpu: describeDevice(gpus[0]!), missing },
        evidence: [vm.hostdevs.find((h) => h.bdf === gpus[0]!.bdf)!.evidence, ...(vm.kvmHidden ? [vm.kvmHidden.evidence] : [])],
        devices: gpus.map((d) => d!.bdf),
        fixes: [
          {
            id: `${ID}/hide`,
            title: tr('Hide the hypervisor from old NVIDIA drivers', '对旧版 NVIDIA 驱动隐藏虚拟化环境'),
            recommended: true,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [tr('Not needed with NVIDIA driver 465.89 or newer in the guest: updating the guest driver is the simpler fix.', '虚拟机里的 NVIDIA 驱动为 465.89 或更新版本时不需要这样做：更新虚拟机里的驱动更简单。')],
            steps: [
              { kind: 'manual', description: tr('In the Windows guest, install NVIDIA driver 465.89 or newer; or, for an older driver:', '在 Windows 虚拟机里安装 465.89 或更新版本的 NVIDIA 驱动；如果要继续用旧驱动：') },
              {
                kind: 'manual',
                description: tr(
                  `virsh edit ${vm.name ?? 'NAME'}: inside <features> add <kvm><hidden state='on'/></kvm>, and inside <hyperv mode='custom'> add <vendor_id state='on' value='0123456789ab'/> (1 to 12 characters).`,
                  `virsh edit ${vm.name ?? 'NAME'}：在 <features> 中加入 <kvm><hidden state='on'/></kvm>，并在 <hyperv mode='custom'> 中加入 <vendor_id state='on' value='0123456789ab'/>（1 到 12 个字符）。`,
                ),
              },
            ],
          },
        ],
      });
    }
    return out;
  },
});
