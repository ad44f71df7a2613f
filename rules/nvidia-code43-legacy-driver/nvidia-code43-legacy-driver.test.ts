// Table-driven tests for nvidia-code43-legacy-driver (I1): GeForce targets, professional cards, hidden-KVM VM configs.
import { describe, expect, it } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases, runRule } from '../../test/harness';

const cases: { name: string; text: string; expect: RegExp[] | 'none' | RegExp }[] = [
  { name: 'GTX 1070 on vfio-pci (fixture)', text: fixture('rules/nvidia-code43-legacy-driver/fires.txt'), expect: [/01:00\.0/] },
  { name: 'a GeForce without a reported Code 43 says nothing', text: paste('=== /sys/bus/pci/devices ===', '0000:05:00.0 vendor=10de device=2203 class=030000 driver=vfio-pci boot_vga=0'), expect: 'none' },
  { name: 'RTX 3090 Ti from sysfs (no name), Code 43 reported', text: paste('Windows device manager shows Code 43 for the card.', '=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=4680 class=030000 driver=i915 boot_vga=1', '0000:05:00.0 vendor=10de device=2203 class=030000 driver=vfio-pci boot_vga=0'), expect: [/05:00\.0/] },
  // Must not fire.
  { name: 'Quadro (fixture)', text: fixture('rules/nvidia-code43-legacy-driver/clean.txt'), expect: 'none' },
  { name: 'AMD card', text: paste('03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)', '\tKernel driver in use: vfio-pci'), expect: 'none' },
  {
    name: 'VM XML already hides KVM and sets vendor_id',
    text: paste(
      fixture('rules/nvidia-code43-legacy-driver/fires.txt'),
      '$ sudo cat /etc/libvirt/qemu/win10.xml',
      '<domain type="kvm">',
      '  <features>',
      '    <hyperv mode="custom">',
      "      <vendor_id state='on' value='0123456789ab'/>",
      '    </hyperv>',
      '    <kvm>',
      "      <hidden state='on'/>",
      '    </kvm>',
      '  </features>',
      '</domain>',
    ),
    expect: 'none',
  },
  // Unable.
  { name: 'no GPU', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no GPU/ },
];

describe('nvidia-code43-legacy-driver', () => {
  it('without a GPU the engine names the missing input', () => {
    expect(runRule(rule, paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet')).missing).toEqual(['targetGpu']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('info');
    const m = r.messages[0]! as { messageId: string; data: { device: string } };
    expect(m.messageId).toBe('geforce');
    for (const t of expected) expect(m.data.device).toMatch(t);
    expect(f.fixes[0]!.id).toBe('nvidia-code43-legacy-driver/guest');
  });
});
