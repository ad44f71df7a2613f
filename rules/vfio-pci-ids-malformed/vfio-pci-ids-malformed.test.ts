// Table-driven tests for vfio-pci-ids-malformed (E4): addresses, spaces, separators, kernel messages, IDs matching nothing.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));

const LSPCI_1080 = [
  '$ lspci -nnk -s 01:00',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)',
  '\tKernel driver in use: nouveau',
  '01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
  '\tKernel driver in use: snd_hda_intel',
];

const cases: { name: string; text: string; expect: { data: Record<string, unknown>; fix?: string } | 'none' | RegExp }[] = [
  { name: 'PCI addresses instead of IDs (fixture)', text: fixture('rules/vfio-pci-ids-malformed/fires.txt'), expect: { data: { problems: [{ token: '01:00.0', kind: 'address', via: 'cmdline', meant: '10de:1b80' }, { token: '01:00.1', kind: 'address', via: 'cmdline', meant: '10de:10f0' }], param: 'vfio-pci.ids=10de:1b80,10de:10f0' }, fix: 'vfio-pci-ids-malformed/grub' } },
  {
    name: 'a space splits the list on the command line',
    text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet intel_iommu=on vfio-pci.ids=10de:1b80 10de:10f0', ...LSPCI_1080),
    expect: { data: { problems: [{ token: '10de:10f0', kind: 'space', via: 'cmdline' }], param: 'vfio-pci.ids=10de:1b80,10de:10f0' }, fix: 'vfio-pci-ids-malformed/grub' },
  },
  {
    name: 'a space in modprobe.d options',
    text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80 10de:10f0 disable_vga=1', ...LSPCI_1080),
    expect: { data: { problems: [{ token: '10de:10f0', kind: 'space', via: 'modprobe' }] }, fix: 'vfio-pci-ids-malformed/modprobe' },
  },
  { name: 'a single "invalid id string" line', text: paste('[    1.902311] vfio_pci: invalid id string "10de-1b80"'), expect: { data: { problems: [{ token: '10de-1b80', kind: 'separator', via: 'log', meant: '10de:1b80' }], param: 'vfio-pci.ids=10de:1b80' }, fix: 'vfio-pci-ids-malformed/rewrite' } },
  { name: 'a single add line with an address turned into an ID', text: paste('vfio_pci: add [0001:0000[ffffffff:ffffffff]] class 0x000000/00000000'), expect: { data: { problems: [{ token: '0001:0000', kind: 'nomatch', via: 'log' }], unresolved: true } } },
  { name: 'a single "failed to add dynamic id" line', text: paste('[    2.0] vfio_pci: failed to add dynamic id [10de:1b80[ffffffff:ffffffff]] class 0x000000/00000000 (-12)'), expect: { data: { problems: [{ kind: 'dynid', via: 'log' }] } } },
  {
    name: 'a typo: a valid-looking ID that matches nothing on a complete device list',
    text: paste(
      '=== /proc/cmdline ===',
      'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet vfio-pci.ids=10de:1b81,10de:10f0',
      '=== /sys/bus/pci/devices ===',
      '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1 iommu_group=2',
      '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=nouveau boot_vga=0 iommu_group=1',
      '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=vfio-pci iommu_group=1',
    ),
    expect: { data: { problems: [{ token: '10de:1b81', kind: 'nomatch', via: 'cmdline' }], param: 'vfio-pci.ids=10de:10f0,10de:1b80' }, fix: 'vfio-pci-ids-malformed/grub' },
  },
  // Must not fire.
  { name: 'correct IDs, applied (fixture)', text: fixture('rules/vfio-pci-ids-malformed/clean.txt'), expect: 'none' },
  { name: '0x prefixes and upper case are accepted by the kernel', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio-pci.ids=0x10DE:0x1B80,10DE:10F0', ...LSPCI_1080), expect: 'none' },
  { name: 'subvendor:subdevice form is valid', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio_pci.ids=10de:1b80:1043:8599', ...LSPCI_1080), expect: 'none' },
  { name: 'an ID of a card not in an lspci excerpt is not judged', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio-pci.ids=10de:2204,10de:1aef', ...LSPCI_1080), expect: 'none' },
  { name: 'no vfio-pci.ids at all', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet intel_iommu=on'), expect: 'none' },
  // Unable.
  { name: 'only lspci was given', text: paste(...LSPCI_1080), expect: /^neither kernel command line, \/etc\/modprobe\.d nor kernel log was given/ },
];

describe('vfio-pci-ids-malformed', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'malformed', data: expected.data });
    if (expected.fix) expect(f.fixes[0]!.id).toBe(expected.fix);
    expect(f.fixes.length).toBeGreaterThan(0);
    expect(f.evidence.length).toBeGreaterThan(0);
  });

  it('addresses: the GRUB fix swaps the addresses for the IDs lspci shows', () => {
    const fix = runRule(rule, fixture('rules/vfio-pci-ids-malformed/fires.txt')).findings[0]!.fixes[0]!;
    const grub = edits(fix).find((e) => e.path === '/etc/default/grub')!;
    expect(grub.op).toMatchObject({ type: 'cmdline', remove: ['vfio-pci.ids=01:00.0,01:00.1'], add: ['vfio-pci.ids=10de:1b80,10de:10f0'] });
  });

  it('modprobe: the rewritten options line keeps other options', () => {
    const r = runRule(rule, paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80 10de:10f0 disable_vga=1', ...LSPCI_1080));
    const diff = edits(r.findings[0]!.fixes[0]!).map((e) => e.diff).join('\n');
    expect(diff).toContain('-options vfio-pci ids=10de:1b80 10de:10f0 disable_vga=1');
    expect(diff).toContain('+options vfio-pci ids=10de:1b80,10de:10f0 disable_vga=1');
  });
});
