// Table-driven tests for initramfs-stale (J3): config newer than the running kernel's image; benign look-alikes.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const cases: { name: string; text: string; expect: { data: Record<string, unknown>; fix: string } | 'none' | RegExp }[] = [
  { name: 'Proxmox: vfio.conf and modules edited after the image (fixture)', text: fixture('rules/initramfs-stale/fires.txt'), expect: { data: { newer: ['/etc/initramfs-tools/modules', '/etc/modprobe.d/vfio.conf'], images: ['/boot/initrd.img-6.8.12-4-pve'] }, fix: 'initramfs-stale/initramfs-tools' } },
  {
    name: 'Arch: mkinitcpio.conf newer than initramfs-linux.img (no release in the name)',
    text: paste('=== /proc/version ===', 'Linux version 6.12.10-arch1-1 (linux@archlinux) #1 SMP PREEMPT_DYNAMIC', '=== /etc/mkinitcpio.conf ===', 'MODULES=(vfio_pci vfio vfio_iommu_type1)', '=== host ===', 'mtime:/etc/mkinitcpio.conf=1736672400000', 'mtime:/boot/initramfs-linux.img=1736000000000', 'mtime:/boot/initramfs-linux-fallback.img=1736000000000'),
    expect: { data: { newer: ['/etc/mkinitcpio.conf'], images: ['/boot/initramfs-linux.img'] }, fix: 'initramfs-stale/mkinitcpio' },
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
    expect(r.messages[0]).toEqual({ messageId: 'stale', data: expected.data });
    expect(r.findings[0]!.fixes[0]!.id).toBe(expected.fix);
  });

  it('the fix is the generator\'s rebuild command', () => {
    const fix = runRule(rule, fixture('rules/initramfs-stale/fires.txt')).findings[0]!.fixes[0]!;
    expect(commands(fix)).toEqual(['update-initramfs -u -k all']);
    expect(fix.needsReboot).toBe(true);
  });
});

// No file times, the rebuild stated as what made the change apply (github.com/ROCm/gpu-operator/issues/330 and variants).
describe('initramfs-stale: stated in prose', () => {
  const ECHO = "sudo echo 'blacklist amdgpu' >> /etc/modprobe.d/blacklist-amdgpu.conf";
  it('a modprobe.d change and "it requires update-initramfs -u for the changes to be applied": info, quoting it', () => {
    const r = runRule(rule, paste('It turns out the blacklist requires the users to run `sudo update-initramfs -u` for the changes to be applied.', '```', ECHO, '```'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('info');
    expect(r.messages[0]).toMatchObject({ messageId: 'stated', data: { files: ['/etc/modprobe.d/blacklist-amdgpu.conf'] } });
    expect((r.messages[0]!.data as { said: string }).said).toMatch(/update-initramfs -u/);
    expect(commands(r.findings[0]!.fixes[0]!)).toContain('update-initramfs -u -k all');
  });
  it.each<[string, string]>([
    ['advice to someone else', 'You need to run update-initramfs -u after that.'],
    ['a rebuild that was only done', 'I ran update-initramfs -u and rebooted.'],
    ['a question', 'Do I have to run update-initramfs -u for this?'],
  ])('unable (no times) for %s', (_n, sentence) => {
    const r = runRule(rule, paste(sentence, '```', ECHO, '```'));
    expect(r.findings).toEqual([]);
    expect(r.unable).toMatch(/modification times/);
  });
  it('no configuration file of the initramfs is known: not read', () => {
    const r = runRule(rule, paste('Rebuilding the initramfs with dracut -f fixed it.'));
    expect(r.findings).toEqual([]);
  });
});
