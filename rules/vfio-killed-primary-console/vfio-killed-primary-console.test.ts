// Table-driven tests for vfio-killed-primary-console (F2): kernel range 6.0–6.4, a secondary VGA card on vfio-pci.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const SYSFS = (rel: string) => [
  '$ uname -r', rel,
  '=== /sys/bus/pci/devices ===',
  '0000:00:02.0 vendor=8086 device=4680 class=030000 driver=i915 boot_vga=1 iommu_group=0',
  '0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=0 iommu_group=12',
];

const cases: { name: string; text: string; expect: { release: string; secondary: RegExp; primary?: RegExp } | 'none' | RegExp }[] = [
  { name: 'Debian 12 at release (6.1.0-9) with the dummy console line (fixture)', text: fixture('rules/vfio-killed-primary-console/fires.txt'), expect: { release: '6.1.0-9-amd64', secondary: /0b:00\.0/, primary: /0a:00\.0/ } },
  { name: 'Fedora 6.3 with the iGPU as boot display', text: paste(...SYSFS('6.3.12-200.fc38.x86_64')), expect: { release: '6.3.12-200.fc38.x86_64', secondary: /01:00\.0/, primary: /00:02\.0/ } },
  { name: '6.0.0 exactly', text: paste(...SYSFS('6.0.0')), expect: { release: '6.0.0', secondary: /01:00\.0/, primary: /00:02\.0/ } },
  // Must not fire.
  { name: 'backports 6.10 (fixture)', text: fixture('rules/vfio-killed-primary-console/clean.txt'), expect: 'none' },
  { name: '6.5 already has the fix', text: paste(...SYSFS('6.5.0-14-generic')), expect: 'none' },
  { name: '5.15 predates vfio-pci evicting framebuffers', text: paste(...SYSFS('5.15.0-91-generic')), expect: 'none' },
  {
    name: 'the guest card is the boot display (single GPU): not this bug',
    text: paste('$ uname -r', '6.1.0-18-amd64', '=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=1 iommu_group=12'),
    expect: 'none',
  },
  {
    name: 'a 3D-controller card (no VGA class) is not evicted by vfio-pci',
    text: paste('$ uname -r', '6.1.0-18-amd64', '=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=4680 class=030000 driver=i915 boot_vga=1', '0000:01:00.0 vendor=10de device=20b5 class=030200 driver=vfio-pci'),
    expect: 'none',
  },
  // Unable.
  { name: 'no kernel version', text: paste('=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=0'), expect: /no running kernel version/ },
  { name: 'kernel known, no devices', text: paste('$ uname -r', '6.1.0-18-amd64'), expect: /no GPU/ },
];

describe('vfio-killed-primary-console', () => {
  it('without uname -r the engine names the missing input', () => {
    expect(runRule(rule, paste('=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=0')).missing).toEqual(['kernelVersion']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('info');
    const m = r.messages[0]! as { messageId: string; data: { release: string; secondary: string[]; primary?: string } };
    expect(m.messageId).toBe('evicted');
    expect(m.data.release).toBe(expected.release);
    expect(m.data.secondary.join(' ')).toMatch(expected.secondary);
    if (expected.primary) expect(m.data.primary).toMatch(expected.primary);
    expect(f.fixes[0]!.id).toBe('vfio-killed-primary-console/update-kernel');
  });

  it('cites the dummy-console line as evidence when it is there', () => {
    const f = runRule(rule, fixture('rules/vfio-killed-primary-console/fires.txt')).findings[0]!;
    expect(f.evidence.map((e) => e.text).join('\n')).toContain('Console: switching to colour dummy device');
  });
});
