// amd-iommu-sme-conflict: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'amd-iommu-sme-conflict';
type Expect = { by: string; param?: string }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted line', text: paste('AMD-Vi: IOMMU not currently supported when SME is active'), expect: [{ by: 'default' }] },
  { name: 'mem_encrypt=on on the command line', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro mem_encrypt=on', '$ dmesg | grep AMD-Vi', '[    0.28] AMD-Vi: IOMMU not currently supported when SME is active'), expect: [{ by: 'cmdline', param: 'mem_encrypt=on' }] },
  { name: 'SME on by default in the kernel config', text: paste('$ grep MEM_ENCRYPT /boot/config-5.15.0-91-generic', 'CONFIG_AMD_MEM_ENCRYPT=y', 'CONFIG_AMD_MEM_ENCRYPT_ACTIVE_BY_DEFAULT=y', '$ dmesg | grep AMD-Vi', '[    0.28] AMD-Vi: IOMMU not currently supported when SME is active'), expect: [{ by: 'kconfig' }] },
  // Must not fire.
  { name: 'AMD IOMMU initialised', text: paste('[    0.53] AMD-Vi: Extended features (0x58f77ef22294a5a, 0x0): PPR NX GT IA PC GA_vAPIC', '[    0.53] AMD-Vi: Interrupt remapping enabled'), expect: [] },
  { name: 'SME active but IOMMU fine (new microcode)', text: paste('[    0.00] AMD Memory Encryption Features active: SME', '[    0.53] AMD-Vi: Interrupt remapping enabled'), expect: [] },
  // Unknown is not false.
  { name: 'only a command line with mem_encrypt=on', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro mem_encrypt=on'), expect: /no kernel log/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'error'));
    expected.forEach((e, i) => {
      expect(r.messages[i]).toEqual({ messageId: 'refused', data: e });
      expect(r.findings[i]!.fixes.map((x) => x.id)).toContain(`${ID}/firmware`);
    });
  });

  it('fixture: replaces mem_encrypt=on with mem_encrypt=off in GRUB', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings).toHaveLength(1);
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe(`${ID}/grub`);
    expect(fix.recommended).toBe(true);
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.op).toMatchObject({ type: 'cmdline', add: ['mem_encrypt=off'], remove: ['mem_encrypt'] });
  });

  it('fixture: a working AMD host is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
