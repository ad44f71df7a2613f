// amd-iommu-on-noop: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

const CMD = (extra: string) => `BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet ${extra}`.trim();
const GRUB = (value: string) => ['$ cat /etc/default/grub', 'GRUB_DEFAULT=0', 'GRUB_TIMEOUT=5', 'GRUB_DISTRIBUTOR="Proxmox VE"', `GRUB_CMDLINE_LINUX_DEFAULT="${value}"`, 'GRUB_CMDLINE_LINUX=""'];

type Expect = { severity: 'info'; kernelSaid: boolean; fix: string }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'amd_iommu=on on the running command line (Proxmox GRUB)',
    text: paste('$ cat /proc/cmdline', CMD('amd_iommu=on iommu=pt'), ...GRUB('quiet amd_iommu=on iommu=pt')),
    expect: [{ severity: 'info', kernelSaid: false, fix: 'amd-iommu-on-noop/grub' }],
  },
  {
    name: 'the kernel says so: "AMD-Vi: Unknown option - \'on\'"',
    text: paste('$ sudo dmesg | grep AMD-Vi', '[    0.000000] Command line: ' + CMD('amd_iommu=on iommu=pt'), "[    0.032766] AMD-Vi: Unknown option - 'on'", '[    0.512345] AMD-Vi: Interrupt remapping enabled'),
    expect: [{ severity: 'info', kernelSaid: true, fix: 'amd-iommu-on-noop/grub' }],
  },
  {
    name: 'configured in /etc/default/grub only (not yet running)',
    text: paste(...GRUB('quiet splash amd_iommu=on')),
    expect: [{ severity: 'info', kernelSaid: false, fix: 'amd-iommu-on-noop/grub' }],
  },
  {
    name: 'in /etc/kernel/cmdline on a Proxmox systemd-boot host',
    text: paste('$ uname -r', '6.8.12-4-pve', '$ cat /etc/kernel/cmdline', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet amd_iommu=on iommu=pt', '$ cat /proc/cmdline', 'initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet amd_iommu=on iommu=pt'),
    expect: [{ severity: 'info', kernelSaid: false, fix: 'amd-iommu-on-noop/proxmox-boot-tool' }],
  },
  {
    name: 'amd_iommu=on,force_isolation: "on" is still an unknown word in the comma list',
    text: paste('$ cat /proc/cmdline', CMD('amd_iommu=on,force_isolation')),
    expect: [{ severity: 'info', kernelSaid: false, fix: 'amd-iommu-on-noop/grub' }],
  },
  // Must not fire: valid values and other parameters.
  { name: 'amd_iommu=pgtbl_v2 is a valid option', text: paste('$ cat /proc/cmdline', CMD('amd_iommu=pgtbl_v2 iommu=pt')), expect: [] },
  { name: 'amd_iommu=force_isolation is a valid option', text: paste('$ cat /proc/cmdline', CMD('amd_iommu=force_isolation')), expect: [] },
  { name: 'amd_iommu=off is a real option (iommu-disabled-by-cmdline)', text: paste('$ cat /proc/cmdline', CMD('amd_iommu=off')), expect: [] },
  { name: 'intel_iommu=on is valid (on Intel)', text: paste('$ cat /proc/cmdline', CMD('intel_iommu=on iommu=pt')), expect: [] },
  { name: 'an AMD host with no amd_iommu= at all (the IOMMU is automatic)', text: paste('$ cat /proc/cmdline', CMD('iommu=pt'), ...GRUB('quiet iommu=pt')), expect: [] },
  {
    name: 'AMD-Vi success lines are not the Unknown option line',
    text: paste('$ sudo dmesg | grep AMD-Vi', '[    0.712345] pci 0000:00:00.2: AMD-Vi: IOMMU performance counters supported', '[    0.716543] AMD-Vi: Extended features (0x58f77ef22294a5a, 0x5d): PPR NX GT IA GA PC GA_vAPIC'),
    expect: [],
  },
  // Unknown is not false.
  { name: 'no command line, boot configuration or kernel log', text: paste('0b:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104 [GeForce RTX 2080 Rev. A] [10de:1e87] (rev a1)'), expect: /neither kernel command line, boot configuration .* nor kernel log was given/ },
];

describe('amd-iommu-on-noop', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toEqual({ messageId: 'noSuchOption', data: { kernelSaid: e.kernelSaid } });
      expect(f.fixes[0]!.id).toBe(e.fix);
      expect(f.fixes[0]!.recommended).toBe(true);
    });
  });

  it('GRUB fix removes amd_iommu=on and keeps iommu=pt', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', CMD('amd_iommu=on iommu=pt'), ...GRUB('quiet amd_iommu=on iommu=pt')));
    const fix = r.findings[0]!.fixes[0]!;
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('-GRUB_CMDLINE_LINUX_DEFAULT="quiet amd_iommu=on iommu=pt"');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet iommu=pt"');
    const cmd = fix.steps.find((s) => s.kind === 'command');
    expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['update-grub']);
  });

  it('cites the running command line, the GRUB line and the kernel\'s complaint', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', CMD('amd_iommu=on'), ...GRUB('quiet amd_iommu=on'), '$ sudo dmesg | grep AMD-Vi', "[    0.032766] AMD-Vi: Unknown option - 'on'"));
    const texts = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(texts).toContain(CMD('amd_iommu=on'));
    expect(texts).toContain('GRUB_CMDLINE_LINUX_DEFAULT="quiet amd_iommu=on"');
    expect(texts).toContain("AMD-Vi: Unknown option - 'on'");
  });
});
