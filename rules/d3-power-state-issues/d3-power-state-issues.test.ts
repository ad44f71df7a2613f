// Table-driven tests for d3-power-state-issues (H3): D3→D0 failures, header type 127, benign D0→D3 refusals.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: { data: { devices: string[]; header127: boolean; already: boolean }; fix: RegExp } | 'none' | RegExp }[] = [
  { name: 'header 127 plus D3cold lines (fixture)', text: fixture('rules/d3-power-state-issues/fires.txt'), expect: { data: { devices: [expect.stringMatching(/^01:00\.0 /), expect.stringMatching(/^01:00\.1 /)], header127: true, already: false }, fix: /^d3-power-state-issues\/grub$/ } },
  { name: 'a single D3cold line', text: paste('vfio-pci 0000:01:00.0: Unable to change power state from D3cold to D0, device inaccessible'), expect: { data: { devices: ['01:00.0'], header127: false, already: false }, fix: /^d3-power-state-issues\// } },
  { name: 'a single libvirt header-127 line', text: paste("error: internal error: Unknown PCI header type '127' for device '0000:05:00.0'"), expect: { data: { devices: ['05:00.0'], header127: true, already: false }, fix: /^d3-power-state-issues\// } },
  { name: 'old "Refused … currently in D3" wording', text: paste('[  301.100201] vfio-pci 0000:02:00.0: Refused to change power state, currently in D3'), expect: { data: { devices: ['02:00.0 device (driver vfio-pci)'], header127: false, already: false }, fix: /^d3-power-state-issues\// } },
  {
    name: 'disable_idle_d3 already set: runtime-PM advice first',
    text: paste('BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet vfio-pci.disable_idle_d3=1', '[ 5321.228710] vfio-pci 0000:01:00.0: Unable to change power state from D3hot to D0, device inaccessible'),
    expect: { data: { devices: ['01:00.0 device (driver vfio-pci)'], header127: false, already: true }, fix: /^d3-power-state-issues\/runtime-pm$/ },
  },
  // Must not fire.
  { name: 'D0→D3hot refusals during suspend (fixture)', text: fixture('rules/d3-power-state-issues/clean.txt'), expect: 'none' },
  { name: 'a normal boot log', text: paste('[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', '[    2.915511] VFIO - User Level meta-driver version: 0.3'), expect: 'none' },
  // Unable.
  { name: 'no log and no VM error', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /neither kernel log nor QEMU or libvirt error was given/ },
];

describe('d3-power-state-issues', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toEqual({ messageId: 'stuck', data: expected.data });
    expect(f.fixes[0]!.id).toMatch(expected.fix);
  });

  it('the fixture evidence keeps each line once', () => {
    const f = runRule(rule, fixture('rules/d3-power-state-issues/fires.txt')).findings[0]!;
    expect(f.evidence).toHaveLength(4);
  });
});
