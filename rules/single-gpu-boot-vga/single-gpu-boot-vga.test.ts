// Table-driven tests for single-gpu-boot-vga (F3): boot_vga=1 target without a host GPU; never a silent bind fix.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; gpus?: string[]; expect: { device: RegExp; idle?: RegExp } | 'none' | RegExp }[] = [
  { name: 'Ryzen without iGPU, the only card on nvidia (fixture)', text: fixture('rules/single-gpu-boot-vga/fires.txt'), expect: { device: /^0a:00\.0/ } },
  {
    name: 'an ASPEED BMC display with no driver does not count as a host GPU',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:00.0 vendor=1022 device=1480 class=060000 driver=-', '0000:03:00.0 vendor=1a03 device=2000 class=030000 driver=- boot_vga=0', '0000:41:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=1'),
    gpus: ['41:00.0'],
    expect: { device: /^41:00\.0/, idle: /^03:00\.0/ },
  },
  // Must not fire.
  { name: 'iGPU drives the host (fixture)', text: fixture('rules/single-gpu-boot-vga/clean.txt'), expect: 'none' },
  {
    name: 'target is not the boot display',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:00.0 vendor=1022 device=1480 class=060000 driver=-', '0000:0a:00.0 vendor=10de device=2484 class=030000 driver=vfio-pci boot_vga=0'),
    expect: 'none',
  },
  {
    name: 'boot GPU passed, but a second card is driven by amdgpu',
    text: paste('=== /sys/bus/pci/devices ===', '0000:0a:00.0 vendor=10de device=2484 class=030000 driver=vfio-pci boot_vga=1', '0000:0b:00.0 vendor=1002 device=73df class=030000 driver=amdgpu boot_vga=0'),
    gpus: ['0a:00.0'],
    expect: 'none',
  },
  // Unable.
  { name: 'boot_vga unknown (lspci only)', text: paste('00:00.0 Host bridge [0600]: AMD Starship/Matisse Root Complex [1022:1480]', '0a:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)', '\tKernel driver in use: nvidia'), expect: /boot display is unknown/ },
  { name: 'only the card was listed', text: paste('$ lspci -nnk -s 0a:00', '0a:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)', '\tKernel driver in use: nvidia', '[    0.321402] pci 0000:0a:00.0: vgaarb: setting as boot VGA device'), expect: /only the passthrough card was listed/ },
  {
    name: 'the log names the iGPU as boot VGA device: the target is not the boot display',
    text: paste('00:00.0 Host bridge [0600]: Intel Corporation Device [8086:4c43]', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)', '\tKernel driver in use: vfio-pci', '[    0.321402] pci 0000:00:02.0: vgaarb: setting as boot VGA device'),
    expect: 'none',
  },
  { name: 'no GPU at all', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no GPU/ },
];

describe('single-gpu-boot-vga', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    const m = r.messages[0]! as { messageId: string; data: { device: string; idle?: string[] } };
    expect(m.messageId).toBe('onlyGpu');
    expect(m.data.device).toMatch(expected.device);
    if (expected.idle) expect(m.data.idle!.join(', ')).toMatch(expected.idle);
    else expect(m.data.idle).toBeUndefined();
    // Never a silent bind: no fix edits files or binds the only display to vfio-pci.
    expect(f.fixes.map((x) => x.id)).toEqual(['single-gpu-boot-vga/host-gpu', 'single-gpu-boot-vga/single-gpu']);
    expect(f.fixes.flatMap((x) => x.steps).some((s) => s.kind === 'edit')).toBe(false);
  });
});
