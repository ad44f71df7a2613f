// A VM's hostdev names a host address that no device has (moved after a BIOS update or a new card, or a typo).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { shortBdf, slotOf } from '../../src/parse/bdf';
import { describeDevice } from '../../src/engine/describe';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vm-hostdev-not-on-host';

export const messages = {
  absent: ({ vm, gone, gpus }: { vm: string; gone: string[]; gpus: string[] }) =>
    `${vm} passes ${gone.join(', ')}, but the host has no device at ${gone.length > 1 ? 'these addresses' : 'that address'}: the VM fails to start (libvirt: "Device 0000:…not found: could not access /sys/bus/pci/devices/…/config"; Proxmox: "no PCI device found for '…'"). Addresses move when a card is added or moved or after a firmware update.${gpus.length ? ` Display controllers the host has: ${gpus.join(', ')}.` : ''}`,
  partialPci: () => 'the whole PCI device list is not in the input (lspci -nnk)',
};

// No VM definition in the input: the rule has nothing to check and stays silent (no `requires`), as every VM rule.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The VM passes a PCI address the host does not have',
    severity: 'error',
    category: 'config',
    summary: "A hostdev / hostpci address matches no device on the host's PCI bus, so the VM cannot start.",
    docs: ['https://libvirt.org/formatdomain.html#host-device-assignment', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['hostdev', 'hostpci', 'no such device', 'address changed', 'bios update', 'pci address'],
    messages,
    zh,
  },
  check(host, ctx) {
    const vms = vmsOf(host).filter((v) => v.hostdevs.length);
    if (!vms.length) return [];
    // Only the whole bus (sysfs, a full lspci) says a device is absent; an excerpt does not.
    if (!host.facts.pciComplete) return ctx.unable('partialPci');
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vms) {
      const gone = vm.hostdevs.filter((h) => !host.device(h.bdf) && !(h.allFunctions && host.facts.pci.some((d) => slotOf(d.bdf) === slotOf(h.bdf))));
      if (!gone.length) continue;
      // Where the card may have gone: display controllers the host does have, not already passed.
      const gpus = host.facts.pci.filter((d) => d.classCode?.startsWith('03') && !vm.hostdevs.some((h) => h.bdf === d.bdf));
      out.push({
        messageId: 'absent',
        data: { vm: vmLabel(vm), gone: gone.map((h) => shortBdf(h.bdf)), gpus: gpus.map((d) => describeDevice(d)) },
        evidence: gone.map((h) => h.evidence),
        devices: gone.map((h) => h.bdf),
        fixes: [
          {
            id: `${ID}/readdress`,
            title: tr('Point the VM at the card where it is now', '让虚拟机指向显卡现在的地址'),
            recommended: true,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [],
            steps: [
              { kind: 'verify', description: tr('Find the card and its functions', '找到显卡和它的各个功能'), argv: ['lspci', '-nnk'] },
              {
                kind: 'manual',
                description: tr(
                  `Change the address in ${vm.kind === 'libvirt' ? `the <source><address …/> of each <hostdev> (virsh edit ${vm.name ?? 'NAME'}), or print new ones with vfio-doctor vm libvirt` : 'the hostpciN: lines (qm set VMID -hostpci0 …), or print them with vfio-doctor vm proxmox'}.`,
                  vm.kind === 'libvirt'
                    ? `修改每个 <hostdev> 的 <source><address …/> 中的地址（virsh edit ${vm.name ?? 'NAME'}），或用 vfio-doctor vm libvirt 打印新的写法。`
                    : '修改 hostpciN: 行中的地址（qm set VMID -hostpci0 …），或用 vfio-doctor vm proxmox 打印新的写法。',
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
