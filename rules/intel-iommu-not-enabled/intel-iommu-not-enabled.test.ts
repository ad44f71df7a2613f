// intel-iommu-not-enabled: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

// Arch, GRUB, kernel built with CONFIG_INTEL_IOMMU_DEFAULT_ON unset, full boot log: the table is parsed, remapping never starts.
const ARCH_CMDLINE = 'BOOT_IMAGE=/boot/vmlinuz-linux root=UUID=9a1d3c5e-7b2f-4e8a-b6c4-1d2e3f4a5b6c rw loglevel=3 quiet';
const archLog = (cmdline: string, extra: string[] = []) => [
  '$ sudo dmesg',
  '[    0.000000] Linux version 6.12.10-arch1-1 (linux@archlinux) (gcc (GCC) 14.2.1 20240910, GNU ld (GNU Binutils) 2.43.0) #1 SMP PREEMPT_DYNAMIC Sat, 18 Jan 2025 02:26:57 +0000',
  `[    0.000000] Command line: ${cmdline}`,
  '[    0.009871] ACPI: DMAR 0x0000000069A2B000 000088 (v02 INTEL  EDK2     00000002      01000013)',
  '[    0.138231] DMAR: Host address width 39',
  '[    0.138232] DMAR: DRHD base: 0x000000fed90000 flags: 0x0',
  '[    0.138247] DMAR: RMRR base: 0x0000006c000000 end: 0x000000703fffff',
  '[    0.139918] DMAR-IR: Enabled IRQ remapping in x2apic mode',
  '[    0.436512] iommu: Default domain type: Translated',
  '[    0.436515] iommu: DMA domain TLB invalidation policy: lazy mode',
  ...extra,
];
const ARCH = [
  '$ cat /etc/os-release',
  'NAME="Arch Linux"',
  'ID=arch',
  '$ cat /etc/default/grub',
  'GRUB_DEFAULT=0',
  'GRUB_TIMEOUT=5',
  'GRUB_CMDLINE_LINUX_DEFAULT="loglevel=3 quiet"',
  'GRUB_CMDLINE_LINUX=""',
  '$ zcat /proc/config.gz | grep INTEL_IOMMU',
  'CONFIG_INTEL_IOMMU=y',
  '# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set',
  '$ cat /proc/cpuinfo',
  'vendor_id\t: GenuineIntel',
  'model name\t: Intel(R) Core(TM) i7-9700K CPU @ 3.60GHz',
  'flags\t\t: fpu vme de pse tsc msr vmx smx est ept vpid',
];
// Proxmox VE 8.1 (kernel 6.5, Intel IOMMU still default-off) on ZFS/systemd-boot, collected as a bundle.
const PROXMOX_65 = [
  '=== host ===',
  'acpi_dmar=present',
  'acpi_ivrs=absent',
  'iommu_class=',
  'iommu_groups=empty',
  'path=/etc/kernel/proxmox-boot-uuids',
  '=== /proc/version ===',
  'Linux version 6.5.13-6-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.5.13-6 (2024-07-26T12:30Z)',
  '=== /proc/cmdline ===',
  'initrd=\\EFI\\proxmox\\6.5.13-6-pve\\initrd.img-6.5.13-6-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet',
  '=== /etc/kernel/cmdline ===',
  'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet',
  '=== /proc/cpuinfo ===',
  'vendor_id\t: GenuineIntel',
  'model name\t: Intel(R) Core(TM) i5-12500',
  'flags\t\t: fpu vme de pse tsc msr vmx smx est ept vpid',
];

type Expect = { severity: 'error'; data: Record<string, unknown>; fix: string }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    // libvirt virHostValidateIOMMU(): the DMAR table was found (hence the intel_iommu=on hint), no group exists.
    name: 'Rocky 9: virt-host-validate says IOMMU appears to be disabled in kernel, add intel_iommu=on',
    text: paste(
      '$ cat /proc/cmdline',
      'BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.14.0-362.8.1.el9_3.x86_64 root=/dev/mapper/rl-root ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/rl-swap rd.lvm.lv=rl/root rd.lvm.lv=rl/swap rhgb quiet',
      '$ sudo virt-host-validate qemu',
      '  QEMU: Checking for hardware virtualization                                 : PASS',
      '  QEMU: Checking for device assignment IOMMU support                         : PASS',
      '  QEMU: Checking if IOMMU is enabled by kernel                               : WARN (IOMMU appears to be disabled in kernel. Add intel_iommu=on to kernel cmdline arguments)',
    ),
    expect: [{ severity: 'error', data: { reason: '/sys/kernel/iommu_groups is empty', firmware: expect.any(String) }, fix: 'intel-iommu-not-enabled/grub-bls' }],
  },
  {
    name: 'Arch: DMAR parsed, no "Virtualization Technology for Directed I/O", no intel_iommu=on, DEFAULT_ON unset',
    text: paste(...ARCH, ...archLog(ARCH_CMDLINE)),
    expect: [{ severity: 'error', data: { kernelOff: true, firmware: expect.any(String) }, fix: 'intel-iommu-not-enabled/grub' }],
  },
  {
    name: 'DMAR-IR (interrupt remapping) lines alone do not mean DMA remapping is on',
    text: paste(...ARCH, ...archLog(ARCH_CMDLINE, ['[    0.139920] DMAR-IR: Queued invalidation will be enabled to support x2apic and Intr-remapping.'])),
    expect: [{ severity: 'error', data: { reason: expect.any(String) }, fix: 'intel-iommu-not-enabled/grub' }],
  },
  {
    name: 'Proxmox 6.5 on systemd-boot: the fix edits /etc/kernel/cmdline and runs proxmox-boot-tool refresh',
    text: paste(...PROXMOX_65),
    expect: [{ severity: 'error', data: { reason: '/sys/kernel/iommu_groups is empty', kernelOff: false, firmware: expect.stringContaining('/sys/firmware/acpi/tables/DMAR exists') }, fix: 'intel-iommu-not-enabled/proxmox-boot-tool' }],
  },
  // Must not fire.
  {
    name: 'VT-d initialised ("DMAR: Intel(R) Virtualization Technology for Directed I/O")',
    text: paste(...ARCH, ...archLog(ARCH_CMDLINE.replace('quiet', 'quiet intel_iommu=on'), ['[    0.041234] DMAR: IOMMU enabled', '[    0.512880] DMAR: Intel(R) Virtualization Technology for Directed I/O'])),
    expect: [],
  },
  {
    name: 'Thunderbolt platform opt-in forces the IOMMU on without intel_iommu=on',
    text: paste(...ARCH, ...archLog(ARCH_CMDLINE, ['[    0.512001] DMAR: Intel-IOMMU force enabled due to platform opt in'])),
    expect: [],
  },
  {
    name: 'intel_iommu=on given but still inactive: a firmware problem, not this one',
    text: paste(...ARCH, ...archLog(ARCH_CMDLINE.replace('quiet', 'quiet intel_iommu=on'), ['[    0.041234] DMAR: IOMMU enabled'])),
    expect: [],
  },
  {
    name: 'intel_iommu=off is iommu-disabled-by-cmdline\'s finding',
    text: paste(...ARCH, ...archLog(ARCH_CMDLINE.replace('quiet', 'quiet intel_iommu=off'), ['[    0.041234] DMAR: IOMMU disabled'])),
    expect: [],
  },
  {
    name: 'no DMAR table: iommu-firmware-disabled\'s finding',
    text: paste('=== host ===', 'acpi_dmar=absent', 'acpi_ivrs=absent', 'iommu_class=', 'iommu_groups=empty', '=== /proc/cmdline ===', ARCH_CMDLINE, '=== /proc/cpuinfo ===', 'vendor_id\t: GenuineIntel', 'flags\t\t: fpu vmx'),
    expect: [],
  },
  {
    name: 'an AMD host never needs intel_iommu=on',
    text: paste('=== host ===', 'acpi_dmar=absent', 'acpi_ivrs=present', 'iommu_class=', 'iommu_groups=empty', '=== /proc/cmdline ===', ARCH_CMDLINE, '=== /proc/cpuinfo ===', 'vendor_id\t: AuthenticAMD', 'flags\t\t: fpu svm'),
    expect: [],
  },
  {
    name: 'IOMMU groups exist (Proxmox 6.8 enables VT-d by default)',
    text: paste(...PROXMOX_65.map((l) => l.replace('iommu_groups=empty', 'iommu_class=dmar0,dmar1')), '=== /sys/kernel/iommu_groups ===', '/sys/kernel/iommu_groups/14/devices/0000:01:00.0'),
    expect: [],
  },
  // Unknown is not false.
  {
    name: 'CONFIG_INTEL_IOMMU_DEFAULT_ON=y and still inactive: point at the firmware, do not blame the cmdline',
    text: paste(...ARCH.map((l) => l.replace('# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set', 'CONFIG_INTEL_IOMMU_DEFAULT_ON=y')), ...archLog(ARCH_CMDLINE)),
    expect: /CONFIG_INTEL_IOMMU_DEFAULT_ON=y/,
  },
  {
    name: 'whether the IOMMU is active is unknown (cmdline and cpuinfo only)',
    text: paste('$ cat /proc/cmdline', ARCH_CMDLINE, ...ARCH.slice(-4)),
    expect: /whether the IOMMU is active is unknown/,
  },
  {
    name: 'CPU vendor unknown',
    text: paste('=== host ===', 'iommu_class=', 'iommu_groups=empty', '=== /proc/cmdline ===', 'root=/dev/nvme0n1p2 rw quiet'),
    expect: /CPU vendor is unknown/,
  },
  {
    name: 'groups empty, Intel, but no command line',
    text: paste('=== host ===', 'acpi_dmar=present', 'iommu_class=', 'iommu_groups=empty', '=== /proc/cpuinfo ===', 'vendor_id\t: GenuineIntel', 'flags\t\t: fpu vmx'),
    expect: /no kernel command line/,
  },
  {
    name: 'inside a VM',
    text: paste('=== host ===', 'systemd_detect_virt=kvm', 'iommu_groups=empty', '=== /proc/cpuinfo ===', 'vendor_id\t: GenuineIntel', 'flags\t\t: fpu hypervisor'),
    expect: /virtual machine/,
  },
];

describe('intel-iommu-not-enabled', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toMatchObject({ messageId: 'notEnabled', data: e.data });
      expect(f.fixes[0]!.id).toBe(e.fix);
      expect(f.fixes[0]!.recommended).toBe(true);
    });
  });

  it('GRUB fix on Arch adds intel_iommu=on to GRUB_CMDLINE_LINUX_DEFAULT and runs grub-mkconfig', () => {
    const r = runRule(rule, paste(...ARCH, ...archLog(ARCH_CMDLINE)));
    const fix = r.findings[0]!.fixes[0]!;
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.path).toBe('/etc/default/grub');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('-GRUB_CMDLINE_LINUX_DEFAULT="loglevel=3 quiet"');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="loglevel=3 quiet intel_iommu=on"');
    const cmd = fix.steps.find((s) => s.kind === 'command');
    expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['grub-mkconfig', '-o', '/boot/grub/grub.cfg']);
    const verify = fix.steps.filter((s) => s.kind === 'verify');
    expect(verify.map((v) => v.kind === 'verify' && v.expect)).toContain('DMAR: Intel(R) Virtualization Technology for Directed I/O');
  });

  it('Proxmox systemd-boot fix: single-line /etc/kernel/cmdline diff, then proxmox-boot-tool refresh', () => {
    const r = runRule(rule, paste(...PROXMOX_65));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('intel-iommu-not-enabled/proxmox-boot-tool');
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.path).toBe('/etc/kernel/cmdline');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet intel_iommu=on');
    const cmd = fix.steps.find((s) => s.kind === 'command');
    expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['proxmox-boot-tool', 'refresh']);
    // No GRUB variant for a host that boots with proxmox-boot-tool.
    expect(r.findings[0]!.fixes.map((f) => f.id)).not.toContain('intel-iommu-not-enabled/grub');
  });
});
