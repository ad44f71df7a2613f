// Table-driven tests for vfio-virqfd-obsolete (E6): config + kernel version, build messages, benign look-alikes.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));
const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const PROXMOX_MODULES = [
  'root@pve:~# uname -r',
  '6.8.12-4-pve',
  'root@pve:~# cat /etc/modules',
  '# /etc/modules: kernel modules to load at boot time.',
  'vfio',
  'vfio_iommu_type1',
  'vfio_pci',
  'vfio_virqfd',
];

const cases: { name: string; text: string; expect: { severity: 'error' | 'warning'; data: object; fix: string } | 'none' | RegExp }[] = [
  { name: 'dracut build fails (fixture)', text: fixture('rules/vfio-virqfd-obsolete/fires.txt'), expect: { severity: 'error', data: { effects: ['dracut'], release: '6.6.8-200.fc39.x86_64', runningIsNew: true }, fix: 'vfio-virqfd-obsolete/remove' } },
  { name: 'Proxmox 8 /etc/modules on 6.8', text: paste(...PROXMOX_MODULES), expect: { severity: 'warning', data: { where: ['/etc/modules'], effects: ['modulesLoad'] }, fix: 'vfio-virqfd-obsolete/remove' } },
  {
    name: 'a single systemd-modules-load line, nothing else',
    text: paste("Jan 12 10:00:01 pve systemd-modules-load[412]: Failed to find module 'vfio_virqfd'"),
    expect: { severity: 'warning', data: { where: ['systemd-modules-load'], effects: ['modulesLoad'] }, fix: 'vfio-virqfd-obsolete/remove' },
  },
  { name: 'a single mkinitcpio error line', text: paste("==> ERROR: module not found: 'vfio_virqfd'"), expect: { severity: 'warning', data: { effects: ['mkinitcpio'] }, fix: 'vfio-virqfd-obsolete/remove' } },
  { name: 'a single dracut-install line is an error', text: paste("dracut-install: Failed to find module 'vfio_virqfd'"), expect: { severity: 'error', data: { effects: ['dracut'] }, fix: 'vfio-virqfd-obsolete/remove' } },
  {
    name: 'mkinitcpio MODULES on Arch 6.12',
    text: paste('$ uname -r', '6.12.10-arch1-1', '$ cat /etc/mkinitcpio.conf', 'MODULES=(vfio_pci vfio vfio_iommu_type1 vfio_virqfd)', 'HOOKS=(base udev autodetect modconf kms block filesystems fsck)'),
    expect: { severity: 'warning', data: { where: ['/etc/mkinitcpio.conf'], effects: ['mkinitcpio'] }, fix: 'vfio-virqfd-obsolete/remove' },
  },
  // Must not fire.
  { name: 'optional vfio_virqfd? in mkinitcpio (fixture)', text: fixture('rules/vfio-virqfd-obsolete/clean.txt'), expect: 'none' },
  { name: 'Debian 12 on 6.1: vfio_virqfd still exists', text: paste('$ uname -r', '6.1.0-28-amd64', '$ cat /etc/modules', 'vfio', 'vfio_iommu_type1', 'vfio_pci', 'vfio_virqfd'), expect: 'none' },
  { name: 'a correct list on 6.8', text: paste('root@pve:~# uname -r', '6.8.12-4-pve', 'root@pve:~# cat /etc/modules', 'vfio', 'vfio_iommu_type1', 'vfio_pci'), expect: 'none' },
  { name: 'another module missing is not this rule', text: paste("==> ERROR: module not found: 'vendor-reset'"), expect: 'none' },
  // Unable.
  { name: 'listed, but the kernel version is unknown', text: paste('$ cat /etc/modules', 'vfio', 'vfio_pci', 'vfio_virqfd'), expect: /kernel version is unknown/ },
  { name: 'nothing about module loading was given', text: paste('BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet intel_iommu=on'), expect: /no module-loading configuration/ },
];

describe('vfio-virqfd-obsolete', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe(expected.severity);
    expect(r.messages[0]).toMatchObject({ messageId: 'obsolete', data: expected.data });
    expect(f.fixes[0]!.id).toBe(expected.fix);
    expect(f.evidence.map((e) => e.text).join('\n')).toMatch(/virqfd/);
  });

  it('dracut fix: rewrites the add_drivers line without vfio_virqfd and rebuilds with dracut', () => {
    const fix = runRule(rule, fixture('rules/vfio-virqfd-obsolete/fires.txt')).findings[0]!.fixes[0]!;
    const diffs = edits(fix).map((e) => e.diff ?? '').join('\n');
    expect(diffs).toContain('-add_drivers+=" vfio vfio_iommu_type1 vfio_pci vfio_virqfd "');
    expect(diffs).toContain('+add_drivers+=" vfio vfio_iommu_type1 vfio_pci "');
    expect(commands(fix)).toEqual(['dracut -f --regenerate-all']);
  });

  it('/etc/modules fix: deletes the line, no initramfs rebuild', () => {
    const fix = runRule(rule, paste(...PROXMOX_MODULES)).findings[0]!.fixes[0]!;
    const e = edits(fix);
    expect(e).toHaveLength(1);
    expect(e[0]!.op).toMatchObject({ type: 'remove-lines' });
    expect(e[0]!.diff).toContain('-vfio_virqfd');
    expect(e[0]!.diff).not.toContain('-vfio_pci');
    expect(fix.needsInitramfs).toBe(false);
  });

  it('mkinitcpio: the optional-module variant writes vfio_virqfd?', () => {
    const r = runRule(rule, paste('$ uname -r', '6.12.10-arch1-1', '$ cat /etc/mkinitcpio.conf', 'MODULES=(vfio_pci vfio vfio_iommu_type1 vfio_virqfd)', 'HOOKS=(base udev autodetect modconf kms block filesystems fsck)'));
    const [remove, optional] = r.findings[0]!.fixes;
    expect(edits(remove!).map((e) => e.diff).join('\n')).toContain('+MODULES=(vfio_pci vfio vfio_iommu_type1)');
    expect(commands(remove!)).toContain('mkinitcpio -P');
    expect(optional!.id).toBe('vfio-virqfd-obsolete/optional-mkinitcpio');
    expect(edits(optional!).map((e) => e.diff).join('\n')).toContain('+MODULES=(vfio_pci vfio vfio_iommu_type1 vfio_virqfd?)');
  });

  it('a message alone gets a manual "where to look" step and the detected generator rebuild', () => {
    const fix = runRule(rule, paste("==> ERROR: module not found: 'vfio_virqfd'")).findings[0]!.fixes[0]!;
    expect(fix.steps[0]!.kind).toBe('manual');
    expect(commands(fix)).toContain('mkinitcpio -P');
  });
});
