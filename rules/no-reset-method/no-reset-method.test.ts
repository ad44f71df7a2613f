// Table-driven tests for no-reset-method (H2): empty/absent reset_method, libvirt reset failures, benign methods.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: string[] | 'none' | RegExp }[] = [
  { name: 'libvirt "Unable to reset PCI device" and "failed to reset PCI device" (fixture)', text: fixture('rules/no-reset-method/fires.txt'), expect: ['0b:00.0', 'libvirt found no FLR, PM reset or bus reset'] },
  { name: 'Proxmox qm start: failed to reset PCI device …, but trying to continue', text: paste("error writing '1' to '/sys/bus/pci/devices/0000:2f:00.0/reset': Inappropriate ioctl for device", "failed to reset PCI device '0000:2f:00.0', but trying to continue as not all devices need a reset"), expect: ['2f:00.0', 'its reset failed when the VM was started'] },
  { name: 'libvirt alone: Unable to reset PCI device …: no FLR, PM reset or bus reset available', text: paste('error: internal error: Unable to reset PCI device 0000:00:1a.0: no FLR, PM reset or bus reset available'), expect: ['00:1a.0', 'libvirt found no FLR'] },
  { name: 'a single libvirt line', text: paste("error: internal error: failed to reset PCI device '0000:01:00.0', but trying to continue as not all devices need a reset"), expect: ['01:00.0'] },
  {
    name: 'empty reset_method in a bundle',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', '0000:0b:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 reset_method=', '0000:0b:00.1 vendor=10de device=10f0 class=040300 driver=vfio-pci reset_method=flr'),
    expect: ['0b:00.0', 'reset_method is empty or absent'],
  },
  {
    name: 'collected 6.8 host where the attribute is missing',
    text: paste('=== host ===', 'pci_complete=yes', '=== /proc/version ===', 'Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', '=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1 reset_method=flr', '0000:0b:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0'),
    expect: ['0b:00.0'],
  },
  // QEMU's word for it (vfio_pci_hot_reset): README, Messages matched.
  { name: 'QEMU (Proxmox task log): no available reset mechanism', text: paste('kvm: vfio: Cannot reset device 0000:00:1f.3, no available reset mechanism.'), expect: ['00:1f.3', 'QEMU found no reset mechanism'] },
  // Must not fire.
  { name: 'bus and flr methods (fixture)', text: fixture('rules/no-reset-method/clean.txt'), expect: 'none' },
  { name: 'a paste without reset_method is not "none"', text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', '0000:0b:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 reset_method=bus'), expect: 'none' },
  // Unable.
  { name: 'reset methods unknown', text: paste('0b:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: vfio-pci'), expect: /reset methods of 0b:00.0 are unknown/ },
  { name: 'nothing about devices', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no GPU/ },
];

describe('no-reset-method', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('info');
    const m = r.messages[0]! as { messageId: string; data: { devices: string[]; who?: string } };
    expect(m.messageId).toBe('noReset');
    const [device, who] = expected;
    expect(m.data.devices.join(', ')).toContain(device);
    if (who === 'reset_method is empty or absent') expect(m.data.who).toBeUndefined();
    else if (who) expect(m.data.who).toContain(who);
    expect(f.fixes[0]!.id).toBe('no-reset-method/advice');
  });
});
