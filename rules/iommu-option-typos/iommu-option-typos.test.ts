// iommu-option-typos: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'iommu-option-typos';
const CMD = (extra: string) => `BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet ${extra}`;
const INTEL = ['$ lscpu | grep Vendor', 'Vendor ID:                GenuineIntel'];
const AMD = ['$ lscpu | grep Vendor', 'Vendor ID:                AuthenticAMD'];

type Expect = { severity: 'warning' | 'info'; data: Record<string, unknown>; add?: string[]; remove?: string[] }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'iommu=on on Intel: ignored, intel_iommu=on meant', text: paste(...INTEL, '$ cat /proc/cmdline', CMD('iommu=on')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'x86On', bad: ['on'], vendor: 'intel' }] }, add: ['intel_iommu=on'], remove: ['iommu=on'] }] },
  { name: 'iommu=on on AMD: just remove it', text: paste(...AMD, '$ cat /proc/cmdline', CMD('iommu=on')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'x86On', bad: ['on'], vendor: 'amd' }], add: [] }, add: [], remove: ['iommu=on'] }] },
  { name: 'intel_iommu=pt → intel_iommu=on iommu=pt', text: paste('$ cat /proc/cmdline', CMD('intel_iommu=pt')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'intelUnknown', bad: ['pt'] }] }, add: ['intel_iommu=on', 'iommu=pt'], remove: ['intel_iommu=pt'] }] },
  { name: 'intel_iommu=1 → intel_iommu=on', text: paste('$ cat /proc/cmdline', CMD('intel_iommu=1')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'intelUnknown', bad: ['1'] }] }, add: ['intel_iommu=on'], remove: ['intel_iommu=1'] }] },
  { name: 'intel_iommu=on,pt keeps on and moves pt', text: paste('$ cat /proc/cmdline', CMD('intel_iommu=on,pt')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'intelUnknown', bad: ['pt'] }] }, add: ['intel_iommu=on', 'iommu=pt'], remove: ['intel_iommu=on,pt'] }] },
  { name: 'amd_iommu=pt → iommu=pt', text: paste('$ cat /proc/cmdline', CMD('amd_iommu=pt')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'amdUnknown', bad: ['pt'] }] }, add: ['iommu=pt'], remove: ['amd_iommu=pt'] }] },
  { name: 'misspelt name intel_iomu=on', text: paste('$ cat /proc/cmdline', CMD('intel_iomu=on')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'misspelt', raw: 'intel_iomu=on', target: 'intel_iommu' }] }, add: ['intel_iommu=on'], remove: ['intel_iomu=on'] }] },
  { name: 'glued intel_iommu_on', text: paste('$ cat /proc/cmdline', CMD('intel_iommu_on')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'misspelt', raw: 'intel_iommu_on', target: 'intel_iommu' }] }, add: ['intel_iommu=on'], remove: ['intel_iommu_on'] }] },
  { name: 'bare intel_iommu without a value', text: paste('$ cat /proc/cmdline', CMD('intel_iommu')), expect: [{ severity: 'warning', data: { whys: [{ kind: 'noValue', raw: 'intel_iommu', key: 'intel_iommu' }] }, add: ['intel_iommu=on'], remove: ['intel_iommu'] }] },
  { name: 'a single pasted line: DMAR: Unknown option - \'pt\'', text: paste("[    0.041234] DMAR: Unknown option - 'pt'"), expect: [{ severity: 'warning', data: { whys: [{ kind: 'intelUnknown', bad: ['pt'] }] }, add: ['intel_iommu=on', 'iommu=pt'], remove: ['intel_iommu'] }] },
  { name: 'a single pasted line: AMD-Vi: Unknown option - \'pt\'', text: paste("[    0.032766] AMD-Vi: Unknown option - 'pt'"), expect: [{ severity: 'warning', data: { whys: [{ kind: 'amdUnknown', bad: ['pt'] }] }, add: ['iommu=pt'], remove: ['amd_iommu'] }] },
  { name: 'only in /etc/default/grub so far', text: paste('$ cat /etc/default/grub', 'GRUB_DEFAULT=0', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash iommu=on"', 'GRUB_CMDLINE_LINUX=""'), expect: [{ severity: 'warning', data: { whys: [{ kind: 'x86On', bad: ['on'] }], configuredOnly: [] }, remove: ['iommu=on'] }] },
  { name: 'an IOMMU typo in the kernel\'s unknown-parameter list', text: paste('[    0.03] Unknown kernel command line parameters "splash intel_iommmu=on BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic", will be passed to user space.'), expect: [{ severity: 'warning', data: { whys: [{ kind: 'misspelt', raw: 'intel_iommmu=on', target: 'intel_iommu' }] }, add: ['intel_iommu=on'] }] },
  { name: '5.14/5.15 listed a valid intel_iommu=on as unknown: info, not a problem', text: paste('[    0.02] Unknown kernel command line parameters "splash BOOT_IMAGE=/boot/vmlinuz-5.15.0-25-generic intel_iommu=on", will be passed to user space.'), expect: [{ severity: 'info', data: { param: 'intel_iommu=on' } }] },
  { name: '5.14 wording "Unknown command line parameters:"', text: paste('[    0.02] Unknown command line parameters: splash intel_iommu=on'), expect: [{ severity: 'info', data: { param: 'intel_iommu=on' } }] },
  // Must not fire.
  { name: 'valid intel_iommu=on iommu=pt', text: paste('$ cat /proc/cmdline', CMD('intel_iommu=on iommu=pt')), expect: [] },
  { name: 'valid intel_iommu=on,igfx_off and sm_off', text: paste('$ cat /proc/cmdline', CMD('intel_iommu=on,igfx_off,sm_off')), expect: [] },
  { name: 'valid amd_iommu=pgtbl_v2,force_isolation', text: paste('$ cat /proc/cmdline', CMD('amd_iommu=pgtbl_v2,force_isolation iommu=pt')), expect: [] },
  { name: 'amd_iommu=on is amd-iommu-on-noop\'s', text: paste('$ cat /proc/cmdline', CMD('amd_iommu=on'), '$ dmesg | grep AMD-Vi', "[    0.032766] AMD-Vi: Unknown option - 'on'"), expect: [] },
  { name: 'iommu=off/soft are iommu-disabled-by-cmdline\'s, iommu.passthrough is valid', text: paste('$ cat /proc/cmdline', CMD('iommu=soft iommu.passthrough=1 iommu.strict=1 amd_iommu_intr=vapic')), expect: [] },
  { name: 'harmless unknown parameters (BOOT_IMAGE=, splash) and pcie_acs_override (acs-override-unsupported-kernel)', text: paste('[    0.03] Unknown kernel command line parameters "splash BOOT_IMAGE=/boot/vmlinuz-6.4.0 pcie_acs_override=downstream", will be passed to user space.'), expect: [] },
  { name: 'unrelated parameters that look a bit alike', text: paste('$ cat /proc/cmdline', CMD('intel_pstate=disable nomodeset intremap=no_x2apic_optout ivrs_ioapic=4@0000:00:14.0')), expect: [] },
  // Unknown is not false.
  { name: 'nothing about the command line', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /^neither kernel command line, boot configuration \(\/etc\/default\/grub, \/etc\/kernel\/cmdline\) nor kernel log was given/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toMatchObject({ messageId: e.severity === 'info' ? 'listedByMistake' : 'ignored', data: e.data });
      if (e.severity === 'info') return expect(f.fixes).toEqual([]);
      const fix = f.fixes[0]!;
      expect(fix.id).toMatch(new RegExp(`^${ID}/`));
      const op = fix.steps.map((s) => (s.kind === 'edit' ? s.op : undefined)).find((o) => o?.type === 'cmdline');
      if (op?.type === 'cmdline') {
        if (e.add) expect(op.add).toEqual(e.add);
        if (e.remove) expect(op.remove).toEqual(e.remove);
      }
    });
  });

  it('fixture: iommu=on and intel_iommu=pt are replaced by intel_iommu=on iommu=pt in one GRUB edit', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['warning']);
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.text).join('\n')).toContain("DMAR: Unknown option - 'pt'");
    expect(r.messages[0]).toMatchObject({ messageId: 'ignored', data: { add: ['intel_iommu=on', 'iommu=pt'] } });
    const edit = f.fixes[0]!.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.op).toEqual({ type: 'cmdline', variable: 'GRUB_CMDLINE_LINUX_DEFAULT', add: ['intel_iommu=on', 'iommu=pt'], remove: ['iommu=on', 'intel_iommu=pt'] });
  });

  it('fixture: a correct command line (and a harmless BOOT_IMAGE= in the unknown list) is clean', () => {
    const r = runRule(rule, fixture(`rules/${ID}/clean.txt`));
    expect(r.findings).toEqual([]);
    expect(r.unable).toBeUndefined();
  });
});
