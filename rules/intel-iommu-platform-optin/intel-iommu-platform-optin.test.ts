// intel-iommu-platform-optin: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'intel-iommu-platform-optin';
type Expect = { intelIommuOn: boolean }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted line', text: paste('DMAR: Intel-IOMMU force enabled due to platform opt in'), expect: [{ intelIommuOn: false }] },
  { name: 'journalctl form on a default-off kernel', text: paste('Mar 03 09:12:01 lap kernel: DMAR: Intel-IOMMU force enabled due to platform opt in', 'Mar 03 09:12:01 lap kernel: DMAR: No RMRR found'), expect: [{ intelIommuOn: false }] },
  { name: 'intel_iommu=on also given: harmless', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on', '$ dmesg | grep DMAR', '[    0.84] DMAR: Intel-IOMMU force enabled due to platform opt in'), expect: [{ intelIommuOn: true }] },
  // Must not fire.
  { name: 'VT-d enabled by intel_iommu=on, no opt-in line', text: paste('[    0.04] DMAR: IOMMU enabled', '[    0.51] DMAR: Intel(R) Virtualization Technology for Directed I/O'), expect: [] },
  { name: 'an AMD log', text: paste('[    0.53] AMD-Vi: Interrupt remapping enabled'), expect: [] },
  // Unknown is not false.
  { name: 'no kernel log', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet'), expect: /no kernel log/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'info'));
    expected.forEach((e, i) => {
      expect(r.messages[i]).toEqual({ messageId: 'forcedOn', data: e });
      expect(r.findings[i]!.fixes).toEqual([]);
    });
  });

  it('fixture: the Arch laptop without intel_iommu=on fires once, as info', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['info']);
    expect(r.findings[0]!.evidence[0]!.text).toContain('force enabled due to platform opt in');
    expect(r.messages[0]).toEqual({ messageId: 'forcedOn', data: { intelIommuOn: false } });
  });

  it('fixture: a host with intel_iommu=on and no opt-in is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
