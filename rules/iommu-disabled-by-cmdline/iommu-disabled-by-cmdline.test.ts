import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste } from '../../test/harness';

const cases: { name: string; text: string; expect: { severity: string; token: string }[] | 'unable' }[] = [
  { name: 'intel_iommu=off', text: paste('BOOT_IMAGE=/vmlinuz-6.8.0 root=/dev/sda1 ro quiet intel_iommu=off'), expect: [{ severity: 'error', token: 'intel_iommu=off' }] },
  { name: 'amd_iommu=off in dmesg Command line', text: paste('[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p2 amd_iommu=off'), expect: [{ severity: 'error', token: 'amd_iommu=off' }] },
  { name: 'iommu=soft is a warning', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro iommu=soft'), expect: [{ severity: 'warning', token: 'iommu=soft' }] },
  { name: 'iommu=pt is fine', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on iommu=pt'), expect: [] },
  { name: 'intel_iommu=on is fine', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on'), expect: [] },
  { name: 'no command line', text: paste('[    0.5] pci 0000:01:00.0: Adding to iommu group 1'), expect: 'unable' },
];

describe('iommu-disabled-by-cmdline', () => {
  for (const c of cases)
    it(c.name, () => {
      const r = runRule(rule, c.text);
      if (c.expect === 'unable') {
        expect(r.unable).toBeTruthy();
        return;
      }
      expect(r.findings.map((f) => ({ severity: f.severity, token: c.expect === 'unable' ? '' : f.message.split(' ')[0] }))).toEqual(c.expect);
    });

  it('offers a fix that removes the parameter from GRUB', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet intel_iommu=off', '$ cat /etc/default/grub', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=off"'));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('iommu-disabled-by-cmdline/grub');
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet"');
  });
});
