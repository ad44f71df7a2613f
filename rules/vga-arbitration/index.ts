// F4: several VGA devices share legacy VGA routing; with OVMF/q35 guests vfio-pci.disable_vga=1 takes the target out of it.
import { defineRule } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { hasParam } from '../../src/parse/cmdline';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vga-arbitration';
const isVga = (code?: string) => !!code && code.startsWith('0300');
const ARB = /vgaarb: (?:device added|setting as boot VGA device|bridge control possible|changed VGA decodes|VGA decodes changed)/;

export const messages = {
  shared: ({ count, devices }: { count: number; devices: string[] }) =>
    `${count} VGA devices share legacy VGA routing (${devices.join(', ')}); the VGA arbiter switches the legacy VGA ranges between them. UEFI guests (OVMF, usually with the q35 machine) never use legacy VGA on the passed-through card, so vfio-pci.disable_vga=1 removes it from arbitration and avoids contention with the host GPU (Proxmox recommends it with OVMF). Keep legacy VGA only for SeaBIOS/i440fx guests that boot through the card’s VGA BIOS.`,
  onlyTarget: () => 'only the passthrough card was listed (paste the whole lspci -nnk)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'F4',
    title: 'Legacy VGA arbitration between several VGA devices',
    severity: 'info',
    category: 'boot-gpu',
    summary: 'With several VGA cards the VGA arbiter routes legacy VGA I/O to one at a time; UEFI (OVMF) guests do not need it, so vfio-pci.disable_vga=1 keeps the passthrough card out of it.',
    docs: ['https://pve.proxmox.com/wiki/PCI_Passthrough', 'https://docs.kernel.org/gpu/vgaarbiter.html'],
    keywords: ['vgaarb', 'disable_vga', 'vga arbitration', 'ovmf', 'q35', 'seabios', 'i440fx'],
    requires: ['targetGpu'],
    reads: { log: [ARB] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    if (host.targets.gpus.length === 0) return [];
    const targets = host.targets.gpus.map((b) => host.device(b)).filter((d) => d && isVga(d.classCode));
    if (targets.length === 0) return [];
    // Legacy VGA access through vfio-pci exists only with CONFIG_VFIO_PCI_VGA (the disable_vga parameter too).
    if (f.kconfig?.VFIO_PCI_VGA === 'n') return [];
    const vgas = f.pci.filter((d) => isVga(d.classCode) && d.bdf.endsWith('.0'));
    if (vgas.length < 2) {
      if (!f.pciComplete && !f.pci.some((d) => d.bdf.startsWith('0000:00:'))) return ctx.unable('onlyTarget');
      return [];
    }
    const viaModprobe = f.modprobe.some((d) => d.kind === 'options' && d.module === 'vfio_pci' && /\bdisable_vga=(?:1|y|Y)\b/.test(d.args));
    if (hasParam(f.cmdline, 'vfio_pci.disable_vga', '1') || hasParam(f.cmdline, 'vfio_pci.disable_vga', 'y') || viaModprobe) return [];
    const arb = host.log(ARB).slice(0, 4);
    // Only worth a note when the log shows the arbiter handling the passthrough card; otherwise it is routine.
    const shortIds = targets.map((d) => d!.bdf);
    if (!arb.some((l) => shortIds.some((b) => l.message.includes(b) || l.message.includes(b.slice(5))))) return [];
    return [
      {
        messageId: 'shared',
        data: { count: vgas.length, devices: vgas.map((d) => describeDevice(d, false)) },
        evidence: [...targets.flatMap((d) => d!.evidence.slice(0, 1)), ...arb.map((l) => l.evidence)],
        fixes: cmdlineFixes(host, ID, tr('Take the passthrough card out of VGA arbitration (OVMF guests)', '把直通显卡移出 VGA 仲裁（OVMF 虚拟机）'), { add: ['vfio-pci.disable_vga=1'] }),
        devices: targets.map((d) => d!.bdf),
      },
    ];
  },
});
