// acs-override-active: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'acs-override-active';
const WARN = '[    0.000000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA';
const CMD = 'BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet pcie_acs_override=downstream,multifunction';

type Expect = { data: { param?: string; patchedRelease?: string }; fix?: boolean }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted line', text: paste('Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA'), expect: [{ data: {}, fix: false }] },
  { name: 'command line and the warning line', text: paste('$ cat /proc/cmdline', CMD, '$ dmesg | grep -i acs', WARN), expect: [{ data: { param: 'pcie_acs_override=downstream,multifunction' }, fix: true }] },
  { name: 'Proxmox kernel release with the parameter, no log', text: paste('$ uname -r', '6.8.12-4-pve', '$ cat /proc/cmdline', CMD), expect: [{ data: { param: 'pcie_acs_override=downstream,multifunction', patchedRelease: '6.8.12-4-pve' }, fix: true }] },
  { name: 'linux-zen release', text: paste('$ uname -r', '6.9.7-zen1-1-zen', '$ cat /proc/cmdline', 'initrd=\\initramfs-linux-zen.img root=PARTUUID=abc rw pcie_acs_override=id:10de:1b80'), expect: [{ data: { param: 'pcie_acs_override=id:10de:1b80', patchedRelease: '6.9.7-zen1-1-zen' }, fix: true }] },
  // Must not fire.
  { name: 'no parameter and no warning', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet intel_iommu=on'), expect: [] },
  { name: 'parameter on a whole boot log without the warning (acs-override-unsupported-kernel)', text: paste('[    0.000000] Linux version 6.8.9-300.fc40.x86_64 (mockbuild@4f2d) (gcc (GCC) 14.0.1) #1 SMP', `[    0.000000] Command line: ${CMD}`), expect: [] },
  // Unknown is not false.
  { name: 'parameter on an unknown kernel without a log', text: paste('$ cat /proc/cmdline', CMD.replace('-pve', '')), expect: /whether this kernel carries the ACS override patch is unknown/ },
  { name: 'nothing at all about the boot', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /neither kernel command line nor kernel log was given/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'warning'));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toEqual({ messageId: 'inEffect', data: { param: undefined, patchedRelease: undefined, ...e.data } });
      if (e.fix) {
        expect(f.fixes[0]!.id).toMatch(new RegExp(`^${ID}/`));
        expect(f.fixes.every((x) => !x.recommended)).toBe(true);
        expect(f.fixes[0]!.warnings.join(' ')).toContain('group-not-isolated');
      } else expect(f.fixes).toEqual([]);
    });
  });

  it('fixture: Proxmox with the override fires one warning citing both lines', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['warning']);
    const ev = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(ev).toContain('PCIe ACS overrides enabled');
    expect(ev).toContain('pcie_acs_override=downstream,multifunction');
  });

  it('fixture: a Proxmox host without the override is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
