// iommu-firmware-disabled: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

const BOOT = (release: string, cmdline: string) => [
  '$ sudo dmesg',
  `[    0.000000] Linux version ${release} (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024`,
  `[    0.000000] Command line: ${cmdline}`,
  '[    0.008123] ACPI: RSDP 0x000000008A6E6000 000024 (v02 ALASKA)',
  '[    0.008127] ACPI: XSDT 0x000000008A6E60B8 0000D4 (v01 ALASKA A M I    01072009 AMI  00010013)',
  '[    0.008133] ACPI: FACP 0x000000008A717EA0 000114 (v06 ALASKA A M I    01072009 AMI  00010013)',
  '[    0.008139] ACPI: MCFG 0x000000008A718160 00003C (v01 ALASKA A M I    01072009 MSFT 00000097)',
];
const INTEL_CMDLINE = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=5d0e3b9c-72a4-4f16-a0e8-b1c94d27f3a5 ro quiet splash intel_iommu=on iommu=pt';
const AMD_CMDLINE = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=5d0e3b9c-72a4-4f16-a0e8-b1c94d27f3a5 ro quiet splash amd_iommu=on iommu=pt';
const INTEL_CPU = ['=== /proc/cpuinfo ===', 'vendor_id\t: GenuineIntel', 'model name\t: Intel(R) Core(TM) i7-9700K CPU @ 3.60GHz', 'flags\t\t: fpu vme de pse tsc msr vmx smx est ept vpid'];
const AMD_CPU = ['=== /proc/cpuinfo ===', 'vendor_id\t: AuthenticAMD', 'model name\t: AMD Ryzen 9 5950X 16-Core Processor', 'flags\t\t: fpu vme de pse tsc msr svm npt'];

type Expect = { severity: 'error'; how: string; setting: string; table: 'DMAR' | 'IVRS' | undefined }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'collected: neither DMAR nor IVRS in /sys/firmware/acpi/tables, groups empty (Intel)',
    text: paste('=== host ===', 'acpi_dmar=absent', 'acpi_ivrs=absent', 'iommu_class=', 'iommu_groups=empty', 'dev_kvm=present', ...INTEL_CPU),
    expect: [{ severity: 'error', how: 'neither /sys/firmware/acpi/tables/DMAR nor IVRS exists', setting: '"Intel VT-d"', table: 'DMAR' }],
  },
  {
    name: 'collected on AMD: the fix names the IOMMU setting (Enabled, not Auto)',
    text: paste('=== host ===', 'acpi_dmar=absent', 'acpi_ivrs=absent', 'iommu_class=', 'iommu_groups=empty', ...AMD_CPU),
    expect: [{ severity: 'error', how: 'neither /sys/firmware/acpi/tables/DMAR nor IVRS exists', setting: '"IOMMU" (set it to Enabled, not Auto', table: 'IVRS' }],
  },
  {
    name: '"DMAR: IOMMU enabled" only means intel_iommu=on was parsed: the full log lists no DMAR table',
    text: paste(...BOOT('6.8.0-45-generic', INTEL_CMDLINE), '[    0.041234] DMAR: IOMMU enabled', '[    0.212345] iommu: Default domain type: Passthrough (set via kernel command line)'),
    expect: [{ severity: 'error', how: 'the full boot log lists the ACPI tables and neither DMAR nor IVRS is among them', setting: '"Intel VT-d"', table: 'DMAR' }],
  },
  {
    name: '"iommu: Default domain type: Translated" is printed without an IOMMU too',
    text: paste(...BOOT('6.8.0-45-generic', 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=5d0e3b9c-72a4-4f16-a0e8-b1c94d27f3a5 ro quiet'), '[    0.212345] iommu: Default domain type: Translated', '[    0.212350] iommu: DMA domain TLB invalidation policy: lazy mode', ...INTEL_CPU),
    expect: [{ severity: 'error', how: 'neither DMAR nor IVRS', setting: '"Intel VT-d"', table: 'DMAR' }],
  },
  {
    name: 'AMD: "AMD-Vi: Unknown option - \'on\'" is not a firmware table line',
    text: paste(...BOOT('6.8.0-45-generic', AMD_CMDLINE), "[    0.032766] AMD-Vi: Unknown option - 'on'", '[    0.212345] iommu: Default domain type: Passthrough (set via kernel command line)'),
    expect: [{ severity: 'error', how: 'neither DMAR nor IVRS', setting: '"IOMMU"', table: 'IVRS' }],
  },
  // Must not fire.
  {
    name: 'IOMMU active: groups exist',
    text: paste('=== host ===', 'acpi_dmar=present', 'acpi_ivrs=absent', 'iommu_class=dmar0,dmar1', ...INTEL_CPU, '=== /sys/kernel/iommu_groups ===', '/sys/kernel/iommu_groups/17/devices/0000:01:00.0', '/sys/kernel/iommu_groups/17/devices/0000:01:00.1'),
    expect: [],
  },
  {
    name: 'DMAR table present but the kernel left VT-d off (intel-iommu-not-enabled, not this)',
    text: paste('=== host ===', 'acpi_dmar=present', 'acpi_ivrs=absent', 'iommu_class=', 'iommu_groups=empty', ...INTEL_CPU),
    expect: [],
  },
  {
    name: 'full log parses the DMAR table (ACPI: DMAR, DRHD, DMAR-IR) but has no success line',
    text: paste(
      ...BOOT('6.8.0-45-generic', 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=5d0e3b9c-72a4-4f16-a0e8-b1c94d27f3a5 ro quiet'),
      '[    0.009871] ACPI: DMAR 0x0000000069A2B000 000088 (v02 INTEL  EDK2     00000002      01000013)',
      '[    0.138231] DMAR: Host address width 39',
      '[    0.138232] DMAR: DRHD base: 0x000000fed90000 flags: 0x0',
      '[    0.139918] DMAR-IR: Enabled IRQ remapping in x2apic mode',
    ),
    expect: [],
  },
  {
    name: 'AMD host whose log shows AMD-Vi initialised',
    text: paste('[    0.712345] pci 0000:00:00.2: AMD-Vi: IOMMU performance counters supported', '[    0.716543] AMD-Vi: Extended features (0x58f77ef22294a5a, 0x5d): PPR NX GT IA GA PC GA_vAPIC', '[    0.716550] AMD-Vi: Interrupt remapping enabled', '[    0.716800] perf/amd_iommu: Detected AMD IOMMU #0 (2 banks, 4 counters/bank).'),
    expect: [],
  },
  // Unknown is not false.
  {
    name: 'groups empty but no ACPI table listing or full boot log: firmware or kernel?',
    text: paste('$ ls /sys/kernel/iommu_groups/', '$ cat /proc/cmdline', INTEL_CMDLINE),
    expect: /neither \/sys\/firmware\/acpi\/tables nor a full boot log/,
  },
  {
    name: 'a grep of dmesg is not a full boot log',
    text: paste('$ sudo dmesg | grep -i -e DMAR -e IOMMU', '[    0.041234] DMAR: IOMMU enabled', '[    0.212345] iommu: Default domain type: Translated'),
    expect: /no full boot log or \/sys\/firmware\/acpi\/tables listing/,
  },
  {
    name: 'inside a VM the firmware is emulated',
    text: paste('=== host ===', 'systemd_detect_virt=kvm', 'dmi_sys_vendor=QEMU', 'acpi_dmar=absent', 'acpi_ivrs=absent', 'iommu_groups=empty'),
    expect: /virtual machine/,
  },
];

describe('iommu-firmware-disabled', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toEqual({ messageId: 'firmwareOff', data: { how: expect.stringContaining(e.how), setting: expect.stringContaining(e.setting) } });
      expect(f.fixes.map((x) => x.id)).toEqual(['iommu-firmware-disabled/firmware']);
      const verify = f.fixes[0]!.steps.filter((s) => s.kind === 'verify');
      expect(verify[0]).toMatchObject({ argv: ['ls', '/sys/firmware/acpi/tables/'], expect: e.table });
      expect(verify[1]).toMatchObject({ argv: ['ls', '/sys/kernel/iommu_groups/'] });
    });
  });

  it('cites the log line that shows the table list', () => {
    const r = runRule(rule, paste(...BOOT('6.8.0-45-generic', INTEL_CMDLINE), '[    0.041234] DMAR: IOMMU enabled'));
    expect(r.findings[0]!.evidence.map((e) => e.text).join('\n')).toMatch(/Linux version 6\.8\.0-45-generic|ACPI: RSDP/);
  });
});
