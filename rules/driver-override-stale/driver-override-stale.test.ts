// Table-driven tests for driver-override-stale (E9): foreign names, vfio-pci left on an unbound card, orphaned driverctl entries.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const cases: { name: string; text: string; gpus?: string[]; expect: { severity: 'warning' | 'info'; id: string; data: Record<string, unknown>; fix: string }[] | RegExp }[] = [
  { name: 'driverctl override left on a card the host wants back, NVRM complains (fixture)', text: fixture('rules/driver-override-stale/fires.txt'), expect: [{ severity: 'warning', id: 'heldUnbound', data: { override: 'vfio-pci', entry: expect.stringMatching(/^\/etc\/driverctl\.d\//), nvrm: true, hostWants: true }, fix: 'driver-override-stale/clear' }] },
  {
    name: 'typo "vfio_pci" blocks every driver',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 driver_override=(null) boot_vga=1', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=- driver_override=vfio_pci boot_vga=0', '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=- driver_override=vfio_pci'),
    expect: [
      { severity: 'warning', id: 'foreign', data: { override: 'vfio_pci', typo: 'vfio-pci', unbound: true }, fix: 'driver-override-stale/rename' },
      { severity: 'warning', id: 'foreign', data: { device: expect.stringMatching(/^01:00\.1 Audio device/) }, fix: 'driver-override-stale/rename' },
    ],
  },
  {
    name: 'the target card: override written but never re-probed',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 driver_override=(null) boot_vga=1', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=- driver_override=vfio-pci boot_vga=0', '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=vfio-pci driver_override=vfio-pci'),
    gpus: ['01:00.0'],
    expect: [{ severity: 'warning', id: 'heldUnbound', data: { override: 'vfio-pci', hostWants: false }, fix: 'driver-override-stale/probe' }],
  },
  {
    name: 'driverctl entry for an empty slot',
    text: paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 driver_override=(null) boot_vga=1', '0000:02:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci driver_override=vfio-pci boot_vga=0', '=== /etc/driverctl.d/pci-0000:01:00.0 ===', 'vfio-pci', '=== /etc/driverctl.d/pci-0000:02:00.0 ===', 'vfio-pci'),
    expect: [{ severity: 'info', id: 'orphan', data: { path: '/etc/driverctl.d/pci-0000:01:00.0', bdf: '01:00.0', driver: 'vfio-pci' }, fix: 'driver-override-stale/remove-driverctl' }],
  },
  // Must not fire: an empty list of findings.
  { name: 'identical cards bound by address (fixture)', text: fixture('rules/driver-override-stale/clean.txt'), expect: [] },
  { name: 'no override anywhere', text: paste('=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=nvidia driver_override=(null) boot_vga=1'), expect: [] },
  { name: 'override "none" opts out on purpose', text: paste('=== /sys/bus/pci/devices ===', '0000:03:00.0 vendor=8086 device=15f3 class=020000 driver=- driver_override=none'), expect: [] },
  // Unable.
  { name: 'lspci only: overrides are not visible', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU116 [GeForce GTX 1660 SUPER] [10de:21c4] (rev a1)', '\tKernel modules: nouveau, nvidia_drm, nvidia'), expect: /only in sysfs/ },
];

describe('driver-override-stale', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toMatchObject({ messageId: e.id, data: e.data });
      expect(f.fixes[0]!.id).toBe(e.fix);
    });
  });

  it('driverctl-persisted override: the fix uses driverctl unset-override', () => {
    const fix = runRule(rule, fixture('rules/driver-override-stale/fires.txt')).findings[0]!.fixes[0]!;
    expect(commands(fix)).toEqual(['driverctl unset-override 0000:01:00.0']);
  });

  it('plain sysfs override: clear, then drivers_probe', () => {
    const r = runRule(rule, paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 driver_override=(null) boot_vga=1', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=- driver_override=foo boot_vga=0'));
    expect(commands(r.findings[0]!.fixes[0]!)).toEqual(['sh -c echo > /sys/bus/pci/devices/0000:01:00.0/driver_override', 'sh -c echo 0000:01:00.0 > /sys/bus/pci/drivers_probe']);
  });
});
