// iommu-pt-mode: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'iommu-pt-mode';
type Expect = { messageId: string; data?: Record<string, unknown> }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'iommu=pt on the command line', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet amd_iommu=force_isolation iommu=pt'), expect: [{ messageId: 'passthrough', data: { params: ['iommu=pt'], intelOff: false } }] },
  { name: 'iommu.passthrough=1', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro iommu.passthrough=1'), expect: [{ messageId: 'passthrough', data: { params: ['iommu.passthrough=1'], intelOff: false } }] },
  { name: 'a single pasted line: Default domain type: Passthrough (set via kernel command line)', text: paste('iommu: Default domain type: Passthrough (set via kernel command line)'), expect: [{ messageId: 'passthrough', data: { params: [], intelOff: false } }, { messageId: 'policyNotIommu', data: { tlb: false } }] },
  { name: 'Intel with iommu=pt but no intel_iommu=on and no IOMMU: points at intel-iommu-not-enabled', text: paste('$ lscpu | grep Vendor', 'Vendor ID: GenuineIntel', '$ ls /sys/kernel/iommu_groups/', '$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro iommu=pt'), expect: [{ messageId: 'passthrough', data: { params: ['iommu=pt'], intelOff: true } }] },
  { name: '"Default domain type: Translated" on a host without an active IOMMU is explained', text: paste('[    0.41] iommu: Default domain type: Translated', '[    0.41] iommu: DMA domain TLB invalidation policy: lazy mode'), expect: [{ messageId: 'policyNotIommu', data: { tlb: true } }] },
  { name: 'memory encryption overrode a passthrough Kconfig default', text: paste('[    0.41] iommu: Memory encryption detected - Disabling default IOMMU Passthrough', '[    0.53] AMD-Vi: Interrupt remapping enabled', '[    0.41] iommu: Default domain type: Translated'), expect: [{ messageId: 'encryptionOverrode' }] },
  // Must not fire.
  { name: 'no pt, IOMMU active: the Translated line needs no explanation', text: paste('[    0.41] iommu: Default domain type: Translated', '[    0.53] AMD-Vi: Interrupt remapping enabled'), expect: [] },
  { name: 'iommu=nopt / iommu.passthrough=0', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro iommu=nopt iommu.passthrough=0'), expect: [] },
  // Unknown is not false.
  { name: 'neither command line nor log', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /neither kernel command line nor kernel log was given/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'info'));
    expected.forEach((e, i) => {
      expect(r.messages[i]).toEqual({ data: undefined, ...e });
      expect(r.findings[i]!.fixes).toEqual([]);
      expect(r.findings[i]!.evidence.length).toBeGreaterThan(0);
    });
  });

  it('fixture: Proxmox with iommu=pt gets one explanation citing the command line and the Passthrough line', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings).toHaveLength(1);
    const ev = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(ev).toContain('iommu=pt');
    expect(ev).toContain('Default domain type: Passthrough (set via kernel command line)');
  });

  it('fixture: the default Translated policy on a working host is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
