// running-inside-vm: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

// A bare-metal Intel host's /proc/cpuinfo: vmx, no hypervisor flag.
const BARE_METAL_CPUINFO = [
  '$ cat /proc/cpuinfo',
  'processor\t: 0',
  'vendor_id\t: GenuineIntel',
  'cpu family\t: 6',
  'model name\t: 12th Gen Intel(R) Core(TM) i9-12900KF',
  'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc vmx smx est tm2 ssse3 fma cx16 x2apic aes xsave avx f16c rdrand ept vpid',
];

// A KVM guest's /proc/cpuinfo: the hypervisor flag, and (without nested virtualisation) no vmx.
const GUEST_CPUINFO = [
  '$ cat /proc/cpuinfo',
  'processor\t: 0',
  'vendor_id\t: GenuineIntel',
  'model name\t: Intel Core Processor (Alder Lake)',
  'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm',
];

type Expect = { severity: 'error' | 'warning' | 'info'; data: Record<string, unknown> }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'collected inside a QEMU/KVM guest (systemd-detect-virt + DMI)',
    text: paste(
      '=== host ===',
      'systemd_detect_virt=kvm',
      'dmi_sys_vendor=QEMU',
      'dmi_product_name=Standard PC (Q35 + ICH9, 2009)',
      'iommu_groups=empty',
      'dev_kvm=absent',
    ),
    expect: [{ severity: 'error', data: { kind: 'kvm', container: false, product: 'Standard PC (Q35 + ICH9, 2009)', iommu: 'none' } }],
  },
  {
    name: 'hypervisor flag in a pasted /proc/cpuinfo',
    text: paste(...GUEST_CPUINFO),
    expect: [{ severity: 'error', data: { container: false } }],
  },
  {
    name: 'dmesg "Hypervisor detected: KVM"',
    text: paste('$ sudo dmesg | head', '[    0.000000] Hypervisor detected: KVM', '[    0.000000] kvm-clock: Using msrs 4b564d01 and 4b564d00'),
    expect: [{ severity: 'error', data: { kind: 'KVM', container: false } }],
  },
  {
    name: 'lscpu "Hypervisor vendor: Microsoft" (Hyper-V guest)',
    text: paste('$ lscpu', 'Vendor ID:                GenuineIntel', 'Model name:               Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz', 'Hypervisor vendor:        Microsoft', 'Virtualization type:      full'),
    expect: [{ severity: 'error', data: { kind: 'microsoft', container: false } }],
  },
  {
    name: 'a guest with an emulated vIOMMU: groups exist, but they are virtual',
    text: paste(
      '=== host ===',
      'systemd_detect_virt=kvm',
      'dmi_sys_vendor=QEMU',
      '=== /sys/bus/pci/devices ===',
      '0000:00:01.0 vendor=1234 device=1111 class=030000 driver=bochs-drm boot_vga=1 iommu_group=1',
      '0000:00:02.0 vendor=1af4 device=1041 class=020000 driver=virtio-pci iommu_group=2',
    ),
    expect: [{ severity: 'error', data: { container: false, iommu: 'emulated' } }],
  },
  {
    name: 'an LXC container on a VM: says container, not "no IOMMU"',
    text: paste('=== host ===', 'systemd_detect_virt=lxc', '=== /proc/cpuinfo ===', ...GUEST_CPUINFO.slice(1)),
    expect: [{ severity: 'error', data: { kind: 'lxc', container: true, outerVm: expect.any(String) } }],
  },
  {
    name: 'WSL2 (/proc/version names microsoft-standard-WSL2)',
    text: paste('$ cat /proc/version', 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.37) #1 SMP Fri Mar 29 23:14:13 UTC 2024'),
    expect: [{ severity: 'error', data: { kind: 'wsl' } }],
  },
  // Must not fire: bare metal.
  { name: 'bare-metal cpuinfo (vmx, no hypervisor flag)', text: paste(...BARE_METAL_CPUINFO), expect: [] },
  { name: 'collected on bare metal: systemd-detect-virt says none', text: paste('=== host ===', 'systemd_detect_virt=none', 'dmi_sys_vendor=ASUSTeK COMPUTER INC.', 'dev_kvm=present'), expect: [] },
  {
    name: 'a KVM host running guests is not itself a guest (kvm_intel lines, vmx flag)',
    text: paste(...BARE_METAL_CPUINFO, '$ sudo dmesg | grep -i kvm', '[   12.345678] kvm_intel: L1TF CPU bug present and SMT on, data leak possible.', '[  301.112233] kvm: SMP vm created on host with unstable TSC; guest TSC will not be reliable'),
    expect: [],
  },
  // Unknown is not false.
  { name: 'only a command line: unable to tell', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet splash intel_iommu=on'), expect: /no CPU flags, systemd-detect-virt or DMI/ },
  { name: 'only lspci: unable to tell', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)'), expect: /no CPU flags, systemd-detect-virt or DMI/ },
];

describe('running-inside-vm', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.id).toBe('running-inside-vm');
      expect(f.rootCause).toBeUndefined();
      // Nothing to fix here: the advice is to run on the physical host.
      expect(f.fixes).toEqual([]);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(r.messages[i]).toMatchObject({ messageId: 'inside', data: e.data });
    });
  });

  it('cites systemd-detect-virt and the DMI vendor as evidence', () => {
    const r = runRule(rule, paste('=== host ===', 'systemd_detect_virt=kvm', 'dmi_sys_vendor=QEMU'));
    const ev = r.findings[0]!.evidence;
    expect(ev).toContainEqual(expect.objectContaining({ source: 'systemd-detect-virt', text: 'kvm' }));
    expect(ev).toContainEqual(expect.objectContaining({ source: '/sys/class/dmi/id/sys_vendor', text: 'QEMU' }));
  });
});
