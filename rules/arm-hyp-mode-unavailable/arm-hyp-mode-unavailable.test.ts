// arm-hyp-mode-unavailable: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'arm-hyp-mode-unavailable';
const HYP = '[    0.660641] kvm [1]: HYP mode not available';
const EL1 = '[    0.040936] CPU: All CPU(s) started at EL1';
const EL2 = '[    0.388408] CPU: All CPU(s) started at EL2';

type Expect = { messageId: 'atEl1' | 'mixedModes' | 'kvmOff'; evidence: number; steps: RegExp }[];
const cases: { name: string; text: string; expect: Expect | 'none' | RegExp }[] = [
  { name: 'the KVM line and the EL1 line', text: paste(EL1, HYP), expect: [{ messageId: 'atEl1', evidence: 2, steps: /leaves EL2 to Linux/ }] },
  { name: 'the KVM line alone, unstamped', text: paste('kvm [1]: HYP mode not available'), expect: [{ messageId: 'atEl1', evidence: 1, steps: /nested virtualisation/ }] },
  { name: 'the journal form of the EL1 line alone', text: paste('Jan 30 10:00:00 board kernel: CPU: All CPU(s) started at EL1'), expect: [{ messageId: 'atEl1', evidence: 1, steps: /EL2/ }] },
  { name: 'CPUs in inconsistent modes (a WARNING block)', text: paste('[    0.027635] ------------[ cut here ]------------', '[    0.027670] CPU: CPUs started in inconsistent modes', '[    0.027683] WARNING: CPU: 0 PID: 1 at arch/arm64/kernel/smp.c:426 smp_cpus_done+0x78/0xc4'), expect: [{ messageId: 'mixedModes', evidence: 1, steps: /EL2/ }] },
  { name: 'KVM switched off on the command line', text: paste('[    0.47] kvm [1]: KVM disabled from command line'), expect: [{ messageId: 'kvmOff', evidence: 1, steps: /Remove kvm-arm.mode=none/ }] },
  // Must not fire.
  { name: 'EL2 and KVM up', text: paste(EL2, '[    0.47] kvm [1]: VHE mode initialized successfully'), expect: 'none' },
  { name: 'EL1 of one boot, EL2 of another, no HYP line', text: paste(EL1, EL2), expect: 'none' },
  { name: 'an x86 boot log', text: paste('[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', '[    0.21] DMAR: IOMMU enabled'), expect: 'none' },
  { name: 'another kvm [N] message', text: paste('[  829.05] kvm [1887]: vcpu0, guest rIP: 0xfffff8046a9311ac ignored rdmsr: 0x641'), expect: 'none' },
  // Unknown is not false.
  { name: 'no kernel log', text: paste('$ ls -l /dev/kvm', "ls: cannot access '/dev/kvm': No such file or directory"), expect: /no kernel log/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity ?? 'error')).toEqual(expected.map(() => 'error'));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toEqual({ messageId: e.messageId, data: undefined });
      expect(f.evidence).toHaveLength(e.evidence);
      expect(f.fixes!.flatMap((x) => x.steps).map((s) => s.description).join('\n')).toMatch(e.steps);
    });
  });

  it('is the root cause kvm-unavailable points at, and follows from running inside a VM', async () => {
    const { rule: kvm } = await import('../kvm-unavailable/index');
    expect(kvm.meta.consequenceOf).toContain(ID);
    expect(rule.meta.consequenceOf).toContain('running-inside-vm');
  });

  it('fixture: a board booted at EL1 fires once with both lines', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.evidence.map((e) => e.text).join('\n')).toMatch(/HYP mode not available[\s\S]*|started at EL1/);
  });

  it('fixture: a host that started at EL2 is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
