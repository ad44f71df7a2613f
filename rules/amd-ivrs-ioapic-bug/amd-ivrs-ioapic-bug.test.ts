// amd-ivrs-ioapic-bug: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { rule as irMissing } from '../interrupt-remapping-missing/index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import { runRules } from '../../src/engine/run';

const ID = 'amd-ivrs-ioapic-bug';
const NEW = ['[    0.072365] AMD-Vi: [Firmware Bug]: : IOAPIC[4] not in IVRS table', '[    0.072373] AMD-Vi: [Firmware Bug]: : IOAPIC[5] not in IVRS table', '[    0.072375] AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found', '[    0.072378] AMD-Vi: Disabling interrupt remapping'];
const OLD = ['[    0.119400] [Firmware Bug]: AMD-Vi: IOAPIC[9] not in IVRS table', '[    0.119409] [Firmware Bug]: AMD-Vi: No southbridge IOAPIC found', '[    0.119412] AMD-Vi: Disabling interrupt remapping'];
const TYPE1 = '[  301.5] vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param "allow_unsafe_interrupts" to enable VFIO IOMMU support on this platform';

type Expect = { severity: 'error' | 'warning'; data: Record<string, unknown>; add?: string[] }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'current kernels (double colon), unknown release: new syntax', text: paste(...NEW), expect: [{ severity: 'warning', data: { ids: [4, 5], noSouthbridge: true, disabled: true, newSyntax: true }, add: ['ivrs_ioapic=4@0000:00:14.0', 'ivrs_ioapic=5@0000:00:00.1'] }] },
  { name: 'a single pasted line', text: paste('AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found'), expect: [{ severity: 'warning', data: { ids: [], noSouthbridge: true, disabled: false } }] },
  { name: 'old kernels put [Firmware Bug] first; 5.4 only knows ivrs_ioapic[<id>]=', text: paste('$ uname -r', '5.4.0-150-generic', '$ dmesg | grep -i ioapic', ...OLD), expect: [{ severity: 'warning', data: { ids: [9], newSyntax: false }, add: ['ivrs_ioapic[9]=00:14.0'] }] },
  { name: 'error when VFIO refused a device because of it', text: paste(...NEW, TYPE1), expect: [{ severity: 'error', data: { refused: true } }] },
  { name: 'maps already given but still failing ("AMD-Vi: : " prefix)', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro ivrs_ioapic=4@0000:00:14.0', '$ dmesg | grep AMD-Vi', '[    0.07] AMD-Vi: : IOAPIC[5] not in IVRS table', '[    0.07] AMD-Vi: Disabling interrupt remapping'), expect: [{ severity: 'warning', data: { ids: [5], mapsGiven: true } }] },
  // Must not fire.
  { name: 'interrupt remapping enabled', text: paste('[    0.53] AMD-Vi: Extended features (0x58f77ef22294a5a, 0x0): PPR NX GT IA PC GA_vAPIC', '[    0.53] AMD-Vi: Interrupt remapping enabled'), expect: [] },
  { name: 'AMD-Vi: Unknown option is not an IVRS bug', text: paste("[    0.03] AMD-Vi: Unknown option - 'on'"), expect: [] },
  // Unknown is not false.
  { name: 'no kernel log', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet'), expect: /no kernel log/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toMatchObject({ messageId: 'ivrs', data: e.data });
      expect(f.fixes[0]!.id).toBe(`${ID}/firmware`);
      expect(f.fixes[0]!.recommended).toBe(true);
      if (e.add) {
        const manual = f.fixes.find((x) => x.id.startsWith(`${ID}/ivrs-ioapic/`))!;
        expect(manual.recommended).toBe(false);
        const edit = manual.steps.find((s) => s.kind === 'edit');
        expect(edit && edit.kind === 'edit' && edit.op).toMatchObject({ type: 'cmdline', add: e.add });
      }
    });
  });

  it('offers the current syntax for a deprecated ivrs_ioapic[4]= on 6.1+', () => {
    const r = runRule(rule, paste('$ uname -r', '6.8.0-45-generic', '$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro ivrs_ioapic[4]=00:14.0', '$ dmesg | grep AMD-Vi', '[    0.07] AMD-Vi: : IOAPIC[5] not in IVRS table'));
    const f = r.findings[0]!;
    expect(r.messages[0]).toMatchObject({ messageId: 'ivrs', data: { deprecated: ['ivrs_ioapic[4]=00:14.0'] } });
    const conv = f.fixes.find((x) => x.id.startsWith(`${ID}/new-syntax/`))!;
    const edit = conv.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.op).toMatchObject({ add: ['ivrs_ioapic=4@0000:00:14.0'], remove: ['ivrs_ioapic[4]=00:14.0'] });
  });

  it('interrupt-remapping-missing points at this rule as its root cause', () => {
    const text = paste(...NEW, TYPE1);
    const { host } = runRule(rule, text);
    const res = runRules([rule, irMissing], host);
    const c1 = res.findings.find((f) => f.id === 'interrupt-remapping-missing')!;
    expect(c1.rootCause).toBe(ID);
    expect(res.findings[0]!.id).toBe(ID);
  });

  it('fixture: the laptop paste fires as an error (VFIO refused) with all four lines', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
    expect(r.findings[0]!.evidence.filter((e) => /AMD-Vi/.test(e.text))).toHaveLength(4);
  });

  it('fixture: a working AMD host is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
