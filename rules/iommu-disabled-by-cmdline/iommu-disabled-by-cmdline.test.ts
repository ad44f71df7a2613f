// iommu-disabled-by-cmdline: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: { severity: string; token: string }[] | RegExp }[] = [
  { name: 'intel_iommu=off', text: paste('BOOT_IMAGE=/vmlinuz-6.8.0 root=/dev/sda1 ro quiet intel_iommu=off'), expect: [{ severity: 'error', token: 'intel_iommu=off' }] },
  { name: 'amd_iommu=off in dmesg Command line', text: paste('[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p2 amd_iommu=off'), expect: [{ severity: 'error', token: 'amd_iommu=off' }] },
  { name: 'iommu=off (no_iommu)', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet iommu=off'), expect: [{ severity: 'error', token: 'iommu=off' }] },
  { name: 'iommu=soft is a warning', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro iommu=soft'), expect: [{ severity: 'warning', token: 'iommu=soft' }] },
  { name: 'two leftovers: intel_iommu=off and iommu=soft', text: paste('BOOT_IMAGE=/vmlinuz-6.5.0-41-generic root=UUID=abc ro quiet splash intel_iommu=off iommu=soft'), expect: [{ severity: 'error', token: 'intel_iommu=off' }, { severity: 'warning', token: 'iommu=soft' }] },
  { name: 'upper-case value INTEL_IOMMU=OFF is still off', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=OFF'), expect: [{ severity: 'error', token: 'intel_iommu=OFF' }] },
  { name: 'iommu=pt is fine', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on iommu=pt'), expect: [] },
  { name: 'intel_iommu=on is fine', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on'), expect: [] },
  { name: 'intel_iommu=igfx_off only excludes the iGPU', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on,igfx_off'), expect: [] },
  { name: 'amd_iommu=pgtbl_v2 is valid', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro amd_iommu=pgtbl_v2 iommu=pt'), expect: [] },
  { name: 'iommu.passthrough=1 is a policy, not off', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro iommu.passthrough=1 iommu.strict=1'), expect: [] },
  { name: 'configured off only in /etc/default/grub is cmdline-config-drift\'s business, not the running kernel', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet', '$ cat /etc/default/grub', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=off"'), expect: [] },
  { name: 'no command line', text: paste('[    0.5] pci 0000:01:00.0: Adding to iommu group 1'), expect: /no kernel command line/ },
  { name: '"DMAR: IOMMU disabled" alone, without the command line, is not enough', text: paste('$ sudo dmesg | grep DMAR', '[    0.041234] DMAR: IOMMU disabled'), expect: /no kernel command line/ },
];

describe('iommu-disabled-by-cmdline', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => ({ severity: f.severity, token: (r.messages[r.findings.indexOf(f)]!.data as { param: string }).param }))).toEqual(expected);
    for (const f of r.findings) {
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[r.findings.indexOf(f)]!.messageId).toBe('off');
      expect(f.fixes.length).toBeGreaterThan(0);
    }
  });

  it('offers a fix that removes the parameter from GRUB', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet intel_iommu=off', '$ cat /etc/default/grub', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=off"'));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('iommu-disabled-by-cmdline/grub');
    expect(fix.recommended).toBe(true);
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet"');
    const cmd = fix.steps.find((s) => s.kind === 'command');
    expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['update-grub']);
    const verify = fix.steps.find((s) => s.kind === 'verify');
    expect(verify?.description).toContain('no longer contains intel_iommu=off');
  });

  it('cites "DMAR: IOMMU disabled" with the command line', () => {
    const r = runRule(rule, paste('$ sudo dmesg', '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.5.0-41-generic root=UUID=abc ro quiet intel_iommu=off', '[    0.041234] DMAR: IOMMU disabled'));
    const texts = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(texts).toContain('intel_iommu=off');
    expect(texts).toContain('DMAR: IOMMU disabled');
  });

  it('cites the SWIOTLB line for iommu=soft', () => {
    const r = runRule(rule, paste('$ sudo dmesg', '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=abc ro quiet iommu=soft', '[    0.873421] PCI-DMA: Using software bounce buffering for IO (SWIOTLB)'));
    expect(r.findings[0]!.severity).toBe('warning');
    expect(r.findings[0]!.evidence.map((e) => e.text).join('\n')).toContain('PCI-DMA: Using software bounce buffering for IO (SWIOTLB)');
  });

  it('Proxmox on systemd-boot: removes it from /etc/kernel/cmdline and runs proxmox-boot-tool refresh', () => {
    const r = runRule(
      rule,
      paste(
        'root@pve:~# uname -r',
        '6.8.12-4-pve',
        'root@pve:~# cat /etc/kernel/cmdline',
        'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet amd_iommu=off',
        'root@pve:~# cat /proc/cmdline',
        'initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet amd_iommu=off',
      ),
    );
    const fixes = r.findings[0]!.fixes;
    expect(fixes[0]!.id).toBe('iommu-disabled-by-cmdline/proxmox-boot-tool');
    const edit = fixes[0]!.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.path).toBe('/etc/kernel/cmdline');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet');
    expect(edit && edit.kind === 'edit' && edit.diff).not.toMatch(/^\+.*amd_iommu=off/m);
    const cmd = fixes[0]!.steps.find((s) => s.kind === 'command');
    expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['proxmox-boot-tool', 'refresh']);
  });

  it('without boot-loader evidence, shows the likeliest variants (GRUB first)', () => {
    const r = runRule(rule, paste('root=/dev/nvme0n1p2 rw quiet iommu=off'));
    const ids = r.findings[0]!.fixes.map((f) => f.id);
    expect(ids[0]).toBe('iommu-disabled-by-cmdline/grub');
    expect(ids.length).toBeGreaterThan(1);
    expect(r.findings[0]!.fixes.filter((f) => f.recommended)).toHaveLength(1);
  });
});
