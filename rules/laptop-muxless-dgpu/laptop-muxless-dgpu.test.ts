// Table-driven tests for laptop-muxless-dgpu (K1): 3D-controller dGPU beside an iGPU, chassis, D3cold / header 127.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: string[] | 'none' | RegExp }[] = [
  { name: 'Legion laptop, RTX 3060 Mobile as 3D controller, header 127 (fixture)', text: fixture('rules/laptop-muxless-dgpu/fires.txt'), expect: ['01:00.0', '3D controller', 'chassis is a laptop', 'header type 127', 'MUX switch'] },
  {
    name: 'chassis unknown, 3D controller beside the Intel boot GPU in D3cold',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=9a49 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=1f95 class=030200 driver=nvidia power_state=D3cold'),
    expect: ['01:00.0', 'D3cold'],
  },
  {
    name: 'AMD APU laptop with a Radeon dGPU, hostnamectl says laptop',
    text: paste('$ hostnamectl', '         Chassis: laptop', '=== /sys/bus/pci/devices ===', '0000:05:00.0 vendor=1002 device=1638 class=030000 driver=amdgpu boot_vga=1 name="Cezanne [Radeon Vega Series]"', '0000:03:00.0 vendor=1002 device=73ef class=030000 driver=amdgpu boot_vga=0 name="Navi 23 [Radeon RX 6650 XT / 6700S / 6800S]"'),
    expect: ['03:00.0', 'chassis is a laptop'],
  },
  // Must not fire.
  { name: 'desktop chassis with iGPU + GTX 1080 (fixture)', text: fixture('rules/laptop-muxless-dgpu/clean.txt'), expect: 'none' },
  { name: 'desktop without iGPU, chassis unknown', text: paste('=== /sys/bus/pci/devices ===', '0000:00:00.0 vendor=1022 device=1480 class=060000 driver=-', '0000:0a:00.0 vendor=10de device=2484 class=030000 driver=nvidia boot_vga=1'), expect: 'none' },
  { name: 'VGA dGPU beside an iGPU, chassis unknown: a normal desktop', text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 name="GP104 [GeForce GTX 1080]"'), expect: 'none' },
  // Unable.
  { name: 'no PCI devices', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no PCI devices/ },
];

describe('laptop-muxless-dgpu', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    for (const t of expected) expect(f.message).toContain(t);
    expect(f.fixes[0]!.id).toBe('laptop-muxless-dgpu/prepare');
  });
});
