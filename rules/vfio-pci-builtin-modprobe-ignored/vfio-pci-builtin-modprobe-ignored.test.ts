// Table-driven tests for vfio-pci-builtin-modprobe-ignored (E3): built-in detection by modules.builtin / Kconfig / modprobe's message.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));

const cases: { name: string; text: string; expect: { severity: 'warning' | 'info'; id: string; data: Record<string, unknown>; fix?: string } | 'none' | RegExp }[] = [
  { name: 'Ubuntu: ids in modprobe.d, vfio-pci in modules.builtin (fixture)', text: fixture('rules/vfio-pci-builtin-modprobe-ignored/fires.txt'), expect: { severity: 'warning', id: 'builtin', data: { seenBy: 'config', options: ['options vfio-pci ids=10de:1b80,10de:10f0 disable_vga=1'], add: ['vfio-pci.ids=10de:1b80,10de:10f0', 'vfio-pci.disable_vga=1'], working: false }, fix: 'vfio-pci-builtin-modprobe-ignored/grub' } },
  {
    name: 'built in according to the kernel config',
    text: paste('$ grep VFIO_PCI /boot/config-6.8.0-45-generic', 'CONFIG_VFIO_PCI_CORE=y', 'CONFIG_VFIO_PCI=y', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio_pci ids=1002:73bf,1002:ab28'),
    expect: { severity: 'warning', id: 'builtin', data: { seenBy: 'config', add: ['vfio-pci.ids=1002:73bf,1002:ab28'] } },
  },
  { name: 'a single "Module vfio_pci is builtin" line from a hook script', text: paste('modprobe: FATAL: Module vfio_pci is builtin.'), expect: { severity: 'warning', id: 'builtin', data: { seenBy: 'modprobe', options: [], add: [] } } },
  {
    name: 'options in modprobe.d while the card is bound by driver_override anyway: dead configuration',
    text: paste(
      '=== /lib/modules/6.8.0-45-generic/modules.builtin ===',
      'kernel/drivers/vfio/pci/vfio-pci.ko',
      '=== /etc/modprobe.d/vfio.conf ===',
      'options vfio-pci ids=10de:1b80,10de:10f0',
      '=== /sys/bus/pci/devices ===',
      '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1',
      '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci driver_override=vfio-pci boot_vga=0',
      '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=vfio-pci driver_override=vfio-pci',
    ),
    expect: { severity: 'info', id: 'builtin', data: { working: true } },
  },
  // Must not fire.
  { name: 'IDs on the command line (fixture)', text: fixture('rules/vfio-pci-builtin-modprobe-ignored/clean.txt'), expect: 'none' },
  { name: 'vfio-pci is a module (Arch): options apply', text: paste('$ zgrep VFIO_PCI= /proc/config.gz', 'CONFIG_VFIO_PCI=m', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80,10de:10f0'), expect: 'none' },
  { name: 'module, shown loaded by lsmod', text: paste('$ lsmod | grep vfio', 'vfio_pci               16384  0', 'vfio_pci_core          94208  1 vfio_pci', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80'), expect: 'none' },
  {
    name: 'built in, and the same options are also on the command line',
    text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio-pci.ids=10de:1b80,10de:10f0', '$ grep vfio-pci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/vfio/pci/vfio-pci.ko', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80,10de:10f0'),
    expect: 'none',
  },
  // Unable.
  // Issue 12: a distribution guess, labelled as such, with the fix that is right either way.
  {
    name: 'Ubuntu 22.04 (os-release only), options in modprobe.d: probably built in, a labelled guess',
    text: paste('$ cat /etc/os-release', 'NAME="Ubuntu"', 'VERSION_ID="22.04"', 'ID=ubuntu', 'ID_LIKE=debian', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80,10de:10f0'),
    expect: { severity: 'warning', id: 'probablyBuiltin', data: { guess: expect.stringMatching(/a guess from the distribution \(Ubuntu 22\.04\).*modules\.builtin would tell for sure/), add: ['vfio-pci.ids=10de:1b80,10de:10f0'] }, fix: 'vfio-pci-builtin-modprobe-ignored/grub' },
  },
  { name: 'Ubuntu 18.04: a module there, so no guess of built in', text: paste('$ cat /etc/os-release', 'NAME="Ubuntu"', 'VERSION_ID="18.04"', 'ID=ubuntu', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80'), expect: /whether vfio-pci is built into this kernel is unknown/ },
  { name: 'options set, built-in unknown', text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80,10de:10f0'), expect: /whether vfio-pci is built into this kernel is unknown/ },
  { name: 'built in, modprobe.d not given', text: paste('$ grep vfio-pci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/vfio/pci/vfio-pci.ko'), expect: /modprobe\.d was not given/ },
];

describe('vfio-pci-builtin-modprobe-ignored', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe(expected.severity);
    expect(r.messages[0]).toMatchObject({ messageId: expected.id, data: expected.data });
    if (expected.fix) expect(f.fixes[0]!.id).toBe(expected.fix);
  });

  it('the GRUB fix adds only what the command line lacks, merged into vfio-pci.ids', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio-pci.ids=10de:1b80', '$ grep vfio-pci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/vfio/pci/vfio-pci.ko', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80,10de:10f0'));
    const grub = edits(r.findings[0]!.fixes[0]!).find((e) => e.path === '/etc/default/grub')!;
    expect(grub.op).toMatchObject({ type: 'cmdline', add: ['vfio-pci.ids=10de:10f0'] });
  });
});

// Binding by driver_override with vfio-pci built in (github.com/pop-os/pop/issues/968 and variants).
describe('vfio-pci-builtin-modprobe-ignored: driver_override with a built-in vfio-pci', () => {
  const POP2004 = ['NAME="Pop!_OS"', 'VERSION="20.04 LTS"', 'ID=pop', 'ID_LIKE="ubuntu debian"', 'VERSION_ID="20.04"', 'VERSION_CODENAME=focal'];
  const SAID = 'putting vfio-pci in file /sys/bus/pci/devices/0000:28:00.0/driver_override fails to bind the vfio-pci driver to the gpu. This works fine in 19.10';
  it('stated in prose on Pop!_OS 20.04: a warning labelled as a guess that quotes the sentence, fix by ID', () => {
    const r = runRule(rule, paste(...POP2004, '', SAID));
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'overrideBinding', data: { seen: [], said: SAID, guess: expect.any(String) } });
    expect(f.devices).toEqual(['0000:28:00.0']);
    expect(f.fixes[0]!.id).toBe('vfio-pci-builtin-modprobe-ignored/ids');
  });
  it('seen in sysfs: override set, no driver, vfio-pci in modules.builtin: the fix puts the IDs on the command line', () => {
    const r = runRule(rule, paste(
      '=== /lib/modules/5.4.0-42-generic/modules.builtin ===',
      'kernel/drivers/vfio/pci/vfio-pci.ko',
      '=== /sys/bus/pci/devices ===',
      '0000:28:00.0 vendor=10de device=1e87 class=030000 driver=- driver_override=vfio-pci boot_vga=0',
      '0000:28:00.1 vendor=10de device=10f8 class=040300 driver=- driver_override=vfio-pci',
    ));
    expect(r.findings).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ messageId: 'overrideBinding', data: { seen: [expect.stringMatching(/^28:00\.0 /), expect.stringMatching(/^28:00\.1 /)], guess: undefined, ids: ['10de:1e87', '10de:10f8'] } });
    expect(r.findings[0]!.fixes.length).toBeGreaterThan(0);
  });
  it.each<[string, string]>([
    ['Pop!_OS 19.10: vfio-pci was a module', paste(...POP2004.map((l) => l.replace('20.04', '19.10')), '', SAID)],
    ['vfio-pci known to be a module (lsmod lists it)', paste('$ lsmod', 'Module                  Size  Used by', 'vfio_pci               61440  0', '', SAID)],
    ['a question about driver_override', paste(...POP2004, '', 'Should I put vfio-pci in /sys/bus/pci/devices/0000:28:00.0/driver_override?')],
    ['a negation', paste(...POP2004, '', 'I did not use driver_override for vfio-pci, only the kernel line.')],
    ['the override works: the card is on vfio-pci', paste(...POP2004, '', SAID, '$ lspci -nnk -s 28:00.0', '28:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104 [GeForce RTX 2080] [10de:1e87] (rev a1)', '\tKernel driver in use: vfio-pci')],
  ])('quiet: %s', (_n, text) => {
    expect(runRule(rule, text).findings).toEqual([]);
  });
});
