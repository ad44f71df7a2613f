// Table-driven tests for initramfs-stale (J3): config newer than the running kernel's image; benign look-alikes.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const cases: { name: string; text: string; expect: { facts: string[]; fix: string } | 'none' | RegExp }[] = [
  { name: 'Proxmox: vfio.conf and modules edited after the image (fixture)', text: fixture('rules/initramfs-stale/fires.txt'), expect: { facts: ['/etc/initramfs-tools/modules, /etc/modprobe.d/vfio.conf were changed after /boot/initrd.img-6.8.12-4-pve'], fix: 'initramfs-stale/initramfs-tools' } },
  {
    name: 'Arch: mkinitcpio.conf newer than initramfs-linux.img (no release in the name)',
    text: paste('=== /proc/version ===', 'Linux version 6.12.10-arch1-1 (linux@archlinux) #1 SMP PREEMPT_DYNAMIC', '=== /etc/mkinitcpio.conf ===', 'MODULES=(vfio_pci vfio vfio_iommu_type1)', '=== host ===', 'mtime:/etc/mkinitcpio.conf=1736672400000', 'mtime:/boot/initramfs-linux.img=1736000000000', 'mtime:/boot/initramfs-linux-fallback.img=1736000000000'),
    expect: { facts: ['/etc/mkinitcpio.conf was changed after /boot/initramfs-linux.img'], fix: 'initramfs-stale/mkinitcpio' },
  },
  // Must not fire.
  { name: 'rebuilt after the edit; /etc/modules does not count (fixture)', text: fixture('rules/initramfs-stale/clean.txt'), expect: 'none' },
  { name: 'an older kernel\'s image is older: only the running kernel\'s counts', text: paste('=== /proc/version ===', 'Linux version 6.8.12-4-pve (build@proxmox) #1 SMP', '=== host ===', 'mtime:/etc/modprobe.d/vfio.conf=1736672400000', 'mtime:/boot/initrd.img-6.8.12-4-pve=1736672500000', 'mtime:/boot/initrd.img-6.5.13-6-pve=1700000000000'), expect: 'none' },
  // Unable.
  { name: 'a paste has no file times', text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:2484'), expect: /modification times/ },
  { name: 'no image in /boot', text: paste('=== host ===', 'mtime:/etc/modprobe.d/vfio.conf=1736672400000'), expect: /no initramfs image/ },
];

describe('initramfs-stale', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('warning');
    for (const t of expected.facts) expect(r.findings[0]!.message).toContain(t);
    expect(r.findings[0]!.fixes[0]!.id).toBe(expected.fix);
  });

  it('the fix is the generator\'s rebuild command', () => {
    const fix = runRule(rule, fixture('rules/initramfs-stale/fires.txt')).findings[0]!.fixes[0]!;
    expect(commands(fix)).toEqual(['update-initramfs -u -k all']);
    expect(fix.needsReboot).toBe(true);
  });
});
