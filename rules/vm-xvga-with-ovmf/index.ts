// x-vga=on for a VM that boots OVMF (UEFI): a legacy-VGA option the UEFI GOP path does not use, and a cause of trouble.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { shortBdf } from '../../src/pci/bdf';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { domainEditFix, proxmoxSetFix, pveKeyOf } from '../../src/vm/domain-fix';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vm-xvga-with-ovmf';

export const messages = {
  xvga: ({ vm, devices }: { vm: string; devices: string[] }) =>
    `${vm} boots OVMF (UEFI) and sets x-vga on ${devices.join(', ')}. x-vga hands the card the legacy VGA ranges, which a legacy-BIOS (SeaBIOS) boot needs; a UEFI guest drives the card through its GOP ROM without them. It is not needed with OVMF, and where the host gives no VGA region (vfio-pci disable_vga=1, a kernel without VFIO_PCI_VGA, a card without VGA) QEMU refuses to start: "vfio: Device does not support requested feature x-vga".`,
};

// No VM definition in the input: nothing to check (no `requires`), as every VM rule.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'x-vga=on with OVMF (UEFI)',
    severity: 'warning',
    category: 'config',
    summary: "x-vga routes the legacy VGA ranges to the card for SeaBIOS boots; with OVMF it is not needed and can break the boot display or the VM start (VGA arbitration).",
    docs: ['https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough', 'https://github.com/qemu/qemu/blob/master/docs/igd-assign.txt'],
    keywords: ['x-vga', 'ovmf', 'uefi', 'primary gpu', 'vga arbitration', 'seabios'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vmsOf(host)) {
      if (vm.firmware?.value !== 'ovmf') continue;
      const xv = vm.hostdevs.filter((h) => h.xVga?.value);
      if (!xv.length) continue;
      out.push({
        // Proxmox's x-vga=1 ("Primary GPU") also drops the emulated VGA, and its guide uses it with OVMF: a note there.
        severity: vm.kind === 'proxmox' ? 'info' : 'warning',
        messageId: 'xvga',
        data: { vm: vmLabel(vm), devices: xv.map((h) => shortBdf(h.bdf)) },
        evidence: [vm.firmware.evidence, ...xv.map((h) => h.xVga!.evidence)],
        devices: xv.map((h) => h.bdf),
        fixes: [
          vm.kind === 'libvirt'
            ? domainEditFix(vm, {
                id: `${ID}/drop`,
                title: tr('Remove x-vga', '去掉 x-vga'),
                recommended: true,
                op: { type: 'remove-xvga', aliases: xv.flatMap((h) => (h.alias ? [h.alias] : [])) },
                description: `Delete the x-vga setting of ${xv.map((h) => h.alias ?? shortBdf(h.bdf)).join(', ')} (the -set device.ALIAS.x-vga=on arguments or the x-vga <qemu:property>)`,
              })
            : proxmoxSetFix(vm, {
                id: `${ID}/drop`,
                title: tr('Remove x-vga', '去掉 x-vga'),
                recommended: true,
                set: xv.flatMap((h) => { const k = pveKeyOf(h); return k ? [[k.key, k.value.split(',').filter((o) => !/^x-vga=/.test(o)).join(',')] as [string, string]] : []; }),
                old: xv.flatMap((h) => { const k = pveKeyOf(h); return k ? [[k.key, k.value] as [string, string]] : []; }),
              }),
        ],
      });
    }
    return out;
  },
});
