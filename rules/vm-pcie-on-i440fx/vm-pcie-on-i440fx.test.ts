// Table-driven tests for vm-pcie-on-i440fx: the machine type against the devices passed.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { hostPaste, domainPaste } from '../../test/vm-pastes';

const qm = (...l: string[]) => paste('$ qm config 100', 'boot: order=scsi0', 'memory: 8192', ...l);
const cases: { name: string; text: string; expect: { severity: string; messageId: string; devices: string[]; machine?: string } | 'none' | RegExp }[] = [
  { name: 'Proxmox pcie=1 without machine (default pc)', text: qm('hostpci0: 0000:01:00,pcie=1'), expect: { severity: 'error', messageId: 'pcieRefused', devices: ['01:00.0'] } },
  { name: 'Proxmox pcie=1 on pc-i440fx-8.1', text: qm('hostpci0: 0000:01:00,pcie=1', 'machine: pc-i440fx-8.1'), expect: { severity: 'error', messageId: 'pcieRefused', devices: ['01:00.0'], machine: 'pc-i440fx-8.1' } },
  { name: 'libvirt GPU on pc-i440fx', text: hostPaste() + domainPaste({ machine: 'pc-i440fx-7.2' }), expect: { severity: 'warning', messageId: 'gpuOnPci', devices: ['01:00.0'], machine: 'pc-i440fx-7.2' } },
  { name: 'libvirt "pc" with x-vga on an unknown device', text: domainPaste({ machine: 'pc', xvgaAlias: 'hostdev0' }), expect: { severity: 'warning', messageId: 'gpuOnPci', devices: ['01:00.0'], machine: 'pc' } },
  // Must not fire.
  { name: 'libvirt q35', text: hostPaste() + domainPaste({ machine: 'pc-q35-8.2' }), expect: 'none' },
  { name: 'Proxmox q35', text: qm('hostpci0: 0000:01:00,pcie=1', 'machine: q35'), expect: 'none' },
  { name: 'Proxmox i440fx without pcie=1 and no host info', text: qm('hostpci0: 0000:01:00'), expect: 'none' },
  { name: 'a grep of hostpci lines (machine unknown)', text: paste('$ grep hostpci /etc/pve/qemu-server/100.conf', 'hostpci0: 0000:01:00,pcie=1'), expect: 'none' },
  { name: 'i440fx with a USB controller only', text: hostPaste('vfio-pci', ['\t02:00.0 USB controller [0c03]: ASMedia Technology Inc. ASM1142 USB 3.1 Host Controller [1b21:1242]']) + domainPaste({ machine: 'pc-i440fx-7.2', hostdevs: [['02:00.0', 5, 0]] }), expect: 'none' },
];

describe('vm-pcie-on-i440fx', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe(e.severity);
    const m = r.messages[0]! as { messageId: string; data: { devices: string[]; machine?: string } };
    expect(m.messageId).toBe(e.messageId);
    expect(m.data.devices).toEqual(e.devices);
    expect(m.data.machine).toBe(e.machine);
    expect(r.findings[0]!.evidence[0]!.text).toMatch(/machine|boot:|hostpci/);
  });
});
