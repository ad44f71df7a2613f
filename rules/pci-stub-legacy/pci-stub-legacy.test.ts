// Table-driven tests for pci-stub-legacy (E10): driver, command line, kernel messages; vfio-pci is not flagged.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));

const cases: { name: string; text: string; expect: { held: RegExp[]; ids: string[] } | 'none' | RegExp }[] = [
  { name: 'pci-stub.ids on the command line with its messages (fixture)', text: fixture('rules/pci-stub-legacy/fires.txt'), expect: { held: [], ids: ['10de:1c82', '10de:0fb9'] } },
  { name: 'a single "claimed by stub" line', text: paste('pci-stub 0000:01:00.0: claimed by stub'), expect: { held: [], ids: [] } },
  { name: 'lspci shows pci-stub in use', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP107 [GeForce GTX 1050 Ti] [10de:1c82] (rev a1)', '\tKernel driver in use: pci-stub', '\tKernel modules: nouveau'), expect: { held: [/^01:00\.0 VGA compatible controller \[10de:1c82\] \(driver pci-stub\)$/], ids: [] } },
  { name: 'options pci_stub ids= in modprobe.d', text: paste('$ cat /etc/modprobe.d/stub.conf', 'options pci_stub ids=1002:67df,1002:aaf0'), expect: { held: [], ids: ['1002:67df', '1002:aaf0'] } },
  { name: 'vfio-pci (fixture)', text: fixture('rules/pci-stub-legacy/clean.txt'), expect: 'none' },
  { name: 'a different "stub" in the log', text: paste('[    1.0] xen_pciback: seizing device 0000:03:00.0', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro'), expect: 'none' },
  { name: 'nothing given', text: paste('IOMMU Group 1:', '\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP107 [GeForce GTX 1050 Ti] [10de:1c82] (rev a1)'), expect: /neither the kernel command line/ },
];

describe('pci-stub-legacy', () => {
  it('with none of command line, devices or log the engine names the missing inputs', () => {
    expect(runRule(rule, paste('$ cat /etc/modprobe.d/kvm.conf', 'options kvm ignore_msrs=1')).missing).toEqual(['cmdline', 'lspci', 'kernelLog']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('info');
    const m = r.messages[0]! as { messageId: string; data: { held: string[]; ids: string[]; movable: string[]; shared: string[] } };
    expect(m.messageId).toBe('stub');
    expect(m.data.held).toHaveLength(expected.held.length);
    expected.held.forEach((h, i) => expect(m.data.held[i]).toMatch(h));
    expect(m.data.ids).toEqual(expected.ids);
  });

  it('the GRUB fix swaps pci-stub.ids for vfio-pci.ids', () => {
    const fix = runRule(rule, fixture('rules/pci-stub-legacy/fires.txt')).findings[0]!.fixes[0]!;
    expect(fix.id).toBe('pci-stub-legacy/grub');
    expect(edits(fix)[0]!.op).toMatchObject({ remove: ['pci-stub.ids=10de:1c82,10de:0fb9'], add: ['vfio-pci.ids=10de:1c82,10de:0fb9'] });
  });
});
