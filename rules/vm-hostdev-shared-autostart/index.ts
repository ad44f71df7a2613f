// The same host device in two VMs that both start with the host: the second one cannot start (the device is in use).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { shortBdf } from '../../src/pci/bdf';
import { vmsOf, vmLabel, coveredSet } from '../../src/vm/host-view';
import { autostartOf } from '../../src/vm/vm-facts';
import { tr } from '../../src/i18n/lang';
import { zhSpace } from '../../src/i18n/space';
import { zh } from './zh';

const ID = 'vm-hostdev-shared-autostart';

export const messages = {
  shared: ({ a, b, devices }: { a: string; b: string; devices: string[] }) =>
    `${a} and ${b} both pass ${devices.join(', ')} and both start with the host. A device can be in one running VM only: whichever starts second fails (libvirt: "PCI device … is in use by driver QEMU, domain …"; Proxmox refuses a device another running VM holds), and which one wins depends on start order.`,
};

// Autostart is known from Proxmox's onboot: and, on a collected host, libvirt's /etc/libvirt/qemu/autostart/NAME.xml
// links; unknown autostart says nothing. Two VMs sharing a card without both autostarting is a normal setup.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The same device in two VMs that both autostart',
    severity: 'warning',
    category: 'config',
    summary: 'Two VMs that start with the host pass the same PCI device: only one can hold it, the other fails to start.',
    docs: ['https://libvirt.org/manpages/virsh.html#autostart', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_startup_and_shutdown'],
    keywords: ['autostart', 'onboot', 'in use', 'two vms', 'same gpu', 'start at boot'],
    messages,
    zh,
  },
  check(host) {
    const vms = vmsOf(host).filter((v) => v.hostdevs.length && autostartOf(host, v)?.value);
    const out: DraftOf<typeof messages>[] = [];
    for (let i = 0; i < vms.length; i++)
      for (let j = i + 1; j < vms.length; j++) {
        const [a, b] = [vms[i]!, vms[j]!];
        // The same VM seen twice (a paste and its file) is not two VMs.
        if (a.kind === b.kind && a.name !== undefined && a.name === b.name && a.vmid === b.vmid) continue;
        const inA = coveredSet(host, a);
        const both = [...coveredSet(host, b)].filter((x) => inA.has(x)).sort();
        if (!both.length) continue;
        const evA = autostartOf(host, a)!.evidence ?? a.evidence;
        const evB = autostartOf(host, b)!.evidence ?? b.evidence;
        out.push({
          messageId: 'shared',
          data: { a: vmLabel(a), b: vmLabel(b), devices: both.map(shortBdf) },
          evidence: [evA, evB, ...a.hostdevs.filter((h) => both.includes(h.bdf)).map((h) => h.evidence).slice(0, 1), ...b.hostdevs.filter((h) => both.includes(h.bdf)).map((h) => h.evidence).slice(0, 1)],
          devices: both,
          fixes: [
            {
              id: `${ID}/one`,
              title: tr('Let only one of them start with the host', '只让其中一个随宿主机启动'),
              recommended: true,
              needsReboot: false,
              needsInitramfs: false,
              warnings: [],
              steps: [b.kind === 'libvirt' ? { kind: 'command', argv: ['virsh', 'autostart', '--disable', b.name ?? 'NAME'], description: tr(`Stop ${vmLabel(b)} from starting with the host`, zhSpace(`不再让${vmLabel(b)}随宿主机启动`)), root: true } : { kind: 'command', argv: ['qm', 'set', b.vmid ?? 'VMID', '-onboot', '0'], description: tr(`Stop ${vmLabel(b)} from starting with the host`, zhSpace(`不再让${vmLabel(b)}随宿主机启动`)), root: true }],
            },
          ],
        });
      }
    return out;
  },
});
