// Table-driven tests for vga-arbitration (F4): several VGA devices, disable_vga not set; cmdline and modprobe forms.
import { describe, expect, it } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases, runRule } from '../../test/harness';

const TWO = ['=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0'];

const cases: { name: string; text: string; expect: { count: number; devices: RegExp[] } | 'none' | RegExp }[] = [
  { name: 'Proxmox, OVMF guest, iGPU + GTX 1080 (fixture)', text: fixture('rules/vga-arbitration/fires.txt'), expect: { count: 2, devices: [/00:02\.0/, /01:00\.0/] } },
  { name: 'two VGA devices but no arbiter line about the card: routine, nothing to say', text: paste(...TWO), expect: 'none' },
  // Must not fire.
  { name: 'disable_vga=1 in modprobe.d (fixture)', text: fixture('rules/vga-arbitration/clean.txt'), expect: 'none' },
  { name: 'disable_vga=1 on the command line', text: paste('BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet vfio-pci.disable_vga=1', ...TWO), expect: 'none' },
  { name: 'a single VGA device', text: paste('=== /sys/bus/pci/devices ===', '0000:00:00.0 vendor=1022 device=1480 class=060000 driver=-', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=1'), expect: 'none' },
  { name: 'target is a 3D controller (no legacy VGA)', text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=20b5 class=030200 driver=vfio-pci'), expect: 'none' },
  { name: 'kernel built without VFIO_PCI_VGA', text: paste(...TWO, '$ grep VFIO_PCI_VGA /boot/config-6.8.0-45-generic', '# CONFIG_VFIO_PCI_VGA is not set'), expect: 'none' },
  // Unable.
  { name: 'no GPU', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no GPU/ },
  { name: 'only the card listed', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: vfio-pci'), expect: /only the passthrough card/ },
];

describe('vga-arbitration', () => {
  it('without a GPU the engine names the missing input', () => {
    expect(runRule(rule, paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet')).missing).toEqual(['targetGpu']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('info');
    const m = r.messages[0]! as { messageId: string; data: { count: number; devices: string[] } };
    expect(m.messageId).toBe('shared');
    expect(m.data.count).toBe(expected.count);
    expected.devices.forEach((d, i) => expect(m.data.devices[i]).toMatch(d));
    expect(f.fixes[0]!.id).toMatch(/^vga-arbitration\//);
    expect(JSON.stringify(f.fixes[0]!.steps)).toContain('vfio-pci.disable_vga=1');
  });
});
