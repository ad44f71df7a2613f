// acs-override-unsupported-kernel: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'acs-override-unsupported-kernel';
const BOOT = '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP';
const CMD = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=abc ro quiet splash pcie_acs_override=downstream,multifunction';

type Expect = { data: { raw: string; release?: string; listed: boolean } }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted "Unknown kernel command line parameters" line', text: paste('Unknown kernel command line parameters "splash BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic pcie_acs_override=downstream,multifunction", will be passed to user space.'), expect: [{ data: { raw: 'pcie_acs_override=…', listed: true } }] },
  { name: '5.14 wording "Unknown command line parameters:"', text: paste('[    0.02] Unknown command line parameters: splash pcie_acs_override=downstream'), expect: [{ data: { raw: 'pcie_acs_override=…', listed: true } }] },
  { name: 'a whole boot log without the ACS warning (kernels before 5.14 list nothing)', text: paste(BOOT.replace('6.8.0-45-generic', '5.10.0-30-amd64'), `[    0.000000] Command line: ${CMD}`), expect: [{ data: { raw: 'pcie_acs_override=downstream,multifunction', release: '5.10.0-30-amd64', listed: false } }] },
  // Must not fire.
  { name: 'a patched kernel acts on it', text: paste(BOOT, `[    0.000000] Command line: ${CMD}`, '[    0.000000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA'), expect: [] },
  { name: 'no parameter, harmless unknown parameters', text: paste(BOOT, '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=abc ro quiet splash', '[    0.03] Unknown kernel command line parameters "splash BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic", will be passed to user space.'), expect: [] },
  // Unknown is not false.
  { name: 'the parameter but no boot log', text: paste('$ cat /proc/cmdline', CMD), expect: /no boot log shows/ },
  { name: 'nothing about the boot', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /neither kernel command line nor kernel log was given/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'warning'));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toEqual({ messageId: 'ignored', data: e.data });
      const ids = f.fixes.map((x) => x.id);
      expect(ids).toContain(`${ID}/patched-kernel`);
      expect(f.fixes[0]!.recommended).toBe(true);
      const edit = f.fixes[0]!.steps.find((s) => s.kind === 'edit');
      if (edit && edit.kind === 'edit') expect(edit.op).toMatchObject({ type: 'cmdline', remove: ['pcie_acs_override'] });
    });
  });

  it('fixture: Fedora (grub-bls) lists it as unknown; removal via grubby comes first', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['warning']);
    const f = r.findings[0]!;
    expect(r.messages[0]).toMatchObject({ messageId: 'ignored', data: { release: '6.8.9-300.fc40.x86_64', listed: true } });
    expect(f.evidence.map((e) => e.text).join('\n')).toContain('Unknown kernel command line parameters');
    const cmd = f.fixes[0]!.steps.find((s) => s.kind === 'command');
    expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['grubby', '--update-kernel=ALL', '--remove-args=pcie_acs_override']);
  });

  it('fixture: the same host without the parameter is clean', () => {
    const r = runRule(rule, fixture(`rules/${ID}/clean.txt`));
    expect(r.findings).toEqual([]);
    expect(r.unable).toBeUndefined();
  });
});
