// Table-driven tests for laptop-muxless-dgpu (K1): 3D-controller dGPU beside an iGPU, chassis, D3cold / header 127.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: { messageId: 'stated' | 'looks'; device: RegExp; data: object } | 'none' | RegExp }[] = [
  { name: 'Legion laptop, RTX 3060 Mobile as 3D controller, header 127 (fixture)', text: fixture('rules/laptop-muxless-dgpu/fires.txt'), expect: { messageId: 'looks', device: /^01:00\.0 3D controller/, data: { threeD: true, chassis: 'laptop', power: 'header127' } } },
  {
    name: 'chassis unknown, 3D controller beside the Intel boot GPU in D3cold',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=9a49 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=1f95 class=030200 driver=nvidia power_state=D3cold'),
    expect: { messageId: 'looks', device: /^01:00\.0/, data: { threeD: true, power: 'd3cold' } },
  },
  {
    name: 'AMD APU laptop with a Radeon dGPU, hostnamectl says laptop',
    text: paste('$ hostnamectl', '         Chassis: laptop', '=== /sys/bus/pci/devices ===', '0000:05:00.0 vendor=1002 device=1638 class=030000 driver=amdgpu boot_vga=1 name="Cezanne [Radeon Vega Series]"', '0000:03:00.0 vendor=1002 device=73ef class=030000 driver=amdgpu boot_vga=0 name="Navi 23 [Radeon RX 6650 XT / 6700S / 6800S]"'),
    expect: { messageId: 'looks', device: /^03:00\.0/, data: { threeD: false, chassis: 'laptop' } },
  },
  // The iGPU left out of the paste, the laptop named in prose (github.com/jscinoz/optimus-vfio-docs/issues/2 and variants).
  {
    name: 'a 3D controller, and the prose names the laptop: stated, quoted',
    text: paste('I have got exactly same laptop Dell XPS 15 9570 with arch linux.', '', '01:00.0 3D controller [0302]: NVIDIA Corporation GP107M [GeForce GTX 1050 Ti Mobile] [10de:1c8c] (rev a1)'),
    expect: { messageId: 'stated', device: /^01:00\.0/, data: { muxless: false, quote: 'I have got exactly same laptop Dell XPS 15 9570 with arch linux.' } },
  },
  {
    name: 'a 3D controller, and the prose says Optimus',
    text: paste('01:00.0 3D controller [0302]: NVIDIA Corporation TU117M [GeForce GTX 1650 Mobile / Max-Q] [10de:1f91] (rev a1)', '', 'This is an Optimus machine, the HDMI port hangs off the iGPU.'),
    expect: { messageId: 'stated', device: /^01:00\.0/, data: { muxless: true, quote: 'This is an Optimus machine, the HDMI port hangs off the iGPU.' } },
  },
  // Must not fire.
  { name: 'prose says laptop, but the chassis says desktop', text: paste('$ hostnamectl', '         Chassis: desktop', '01:00.0 3D controller [0302]: NVIDIA Corporation GP107M [GeForce GTX 1050 Ti Mobile] [10de:1c8c] (rev a1)', 'I have a laptop too, but this is the desktop.'), expect: 'none' },
  { name: 'prose says laptop, but the dGPU is a VGA controller (it may have outputs: a mux)', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106M [GeForce RTX 2060 Mobile] [10de:1f15] (rev a1)', 'My laptop has a MUX switch.'), expect: 'none' },
  { name: 'a compute card (3D controller) and a denied laptop', text: paste('41:00.0 3D controller [0302]: NVIDIA Corporation GA100 [A100 PCIe 40GB] [10de:20f1] (rev a1)', 'This is a server, not a laptop.'), expect: 'none' },
  { name: 'a question about laptops is no laptop', text: paste('41:00.0 3D controller [0302]: NVIDIA Corporation GA100 [A100 PCIe 40GB] [10de:20f1] (rev a1)', 'Would this also work on a laptop?'), expect: 'none' },
  { name: 'desktop chassis with iGPU + GTX 1080 (fixture)', text: fixture('rules/laptop-muxless-dgpu/clean.txt'), expect: 'none' },
  { name: 'desktop without iGPU, chassis unknown', text: paste('=== /sys/bus/pci/devices ===', '0000:00:00.0 vendor=1022 device=1480 class=060000 driver=-', '0000:0a:00.0 vendor=10de device=2484 class=030000 driver=nvidia boot_vga=1'), expect: 'none' },
  { name: 'VGA dGPU beside an iGPU, chassis unknown: a normal desktop', text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 name="GP104 [GeForce GTX 1080]"'), expect: 'none' },
  // Unable.
  { name: 'no PCI devices', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no PCI device listing was given/ },
];

describe('laptop-muxless-dgpu', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: expected.messageId, data: expected.data });
    expect((r.messages[0]!.data as { device: string }).device).toMatch(expected.device);
    expect(f.fixes[0]!.id).toBe('laptop-muxless-dgpu/prepare');
  });
});
