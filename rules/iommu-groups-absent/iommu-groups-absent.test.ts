// iommu-groups-absent: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

type Expect = { severity: 'error'; what: string; policy?: boolean }[] | RegExp;

const FULL_BOOT_NO_IOMMU = [
  '$ sudo dmesg',
  '[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
  '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet',
  '[    0.008123] ACPI: DMAR 0x000000008A6E6000 0000A8 (v01 INTEL  EDK2     00000002      01000013)',
  '[    0.202345] iommu: Default domain type: Translated',
  '[    0.202350] iommu: DMA domain TLB invalidation policy: lazy mode',
];

const VHV_HEALTHY = [
  '$ virt-host-validate qemu',
  '  QEMU: Checking for hardware virtualization                                 : PASS',
  '  QEMU: Checking if device /dev/kvm exists                                   : PASS',
  '  QEMU: Checking if device /dev/kvm is accessible                            : PASS',
  '  QEMU: Checking if device /dev/vhost-net exists                             : PASS',
  "  QEMU: Checking for cgroup 'memory' controller support                      : PASS",
  '  QEMU: Checking for device assignment IOMMU support                         : PASS',
  '  QEMU: Checking if IOMMU is enabled by kernel                               : PASS',
  '  QEMU: Checking for secure guest support                                    : WARN (Unknown if this platform has Secure Guest support)',
];

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'collected: /sys/kernel/iommu_groups is empty',
    text: paste('=== host ===', 'iommu_class=', 'iommu_groups=empty', '=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=2206 class=030000 driver=nvidia boot_vga=0'),
    expect: [{ severity: 'error', what: '/sys/kernel/iommu_groups is empty' }],
  },
  {
    name: 'pasted `ls /sys/kernel/iommu_groups/` printed nothing',
    text: paste('user@z390:~$ ls /sys/kernel/iommu_groups/', 'user@z390:~$ cat /proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.5.0-41-generic root=UUID=5d0e3b9c-72a4-4f16-a0e8-b1c94d27f3a5 ro quiet splash intel_iommu=on iommu=pt'),
    expect: [{ severity: 'error', what: '/sys/kernel/iommu_groups is empty' }],
  },
  {
    name: 'the group loop finds nothing: ls: cannot access …',
    text: paste("$ ls /sys/kernel/iommu_groups/*/devices/", "ls: cannot access '/sys/kernel/iommu_groups/*/devices/': No such file or directory"),
    expect: [{ severity: 'error', what: '/sys/kernel/iommu_groups is empty' }],
  },
  {
    name: 'QEMU: vfio … no iommu_group found',
    text: paste('$ virsh start win11', "error: Failed to start domain 'win11'", 'error: internal error: qemu unexpectedly closed the monitor: 2025-02-03T19:02:11.417305Z qemu-system-x86_64: -device {"driver":"vfio-pci","host":"0000:08:00.0","id":"hostdev0","bus":"pci.4","addr":"0x0"}: vfio 0000:08:00.0: no iommu_group found: No such file or directory'),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'libvirt: VFIO device assignment is currently not supported on this system',
    text: paste('Error starting domain: unsupported configuration: VFIO device assignment is currently not supported on this system'),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'a full boot log with only "iommu: Default domain type": that line is printed without an IOMMU',
    text: paste(...FULL_BOOT_NO_IOMMU),
    expect: [{ severity: 'error', what: 'the full boot log has no line of an initialised IOMMU', policy: true }],
  },
  // Other layers' words for the same fault (README: Messages matched).
  {
    name: 'kernel (K2): vfio-pci: probe of … failed with error -22, in a grep of dmesg',
    text: paste('[root@master-3 ~]# dmesg|grep -i vfio', '[    7.567947] vfio-pci: probe of 0000:01:00.0 failed with error -22'),
    expect: [{ severity: 'error', what: 'QEMU, libvirt or vfio-pci found no IOMMU group' }],
  },
  {
    name: 'kernel 6.10+: vfio-pci 0000:… : probe with driver vfio-pci failed with error -22',
    text: paste('Mar 02 10:11:12 host kernel: vfio-pci 0000:65:00.0: probe with driver vfio-pci failed with error -22'),
    expect: [{ severity: 'error', what: 'QEMU, libvirt or vfio-pci found no IOMMU group' }],
  },
  {
    name: 'libvirt (virt-manager): host doesn\'t support passthrough of host PCI devices',
    text: paste("Error starting domain: unsupported configuration: host doesn't support passthrough of host PCI devices"),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'libvirt: host doesn\'t support VFIO PCI passthrough (driver name="vfio" given)',
    text: paste("error: unsupported configuration: host doesn't support VFIO PCI passthrough"),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'Proxmox task log: cannot prepare PCI pass-through, IOMMU not present',
    text: paste('TASK ERROR: cannot prepare PCI pass-through, IOMMU not present'),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'Proxmox GUI, quoted in prose with typographic quotes: No IOMMU detected, please activate it.',
    text: paste('Getting the issue \u201cNo IOMMU detected, please activate it.See Documentation for further information.\u201d'),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'KubeVirt event wrapping the libvirt error',
    text: paste("Message: server error. command SyncVMI failed: \"LibvirtError(Code=67, Domain=10, Message='unsupported configuration: host doesn't support passthrough of host PCI devices')\""),
    expect: [{ severity: 'error', what: 'QEMU/libvirt found no IOMMU group for the device' }],
  },
  {
    name: 'libvirt virt-host-validate: IOMMU appears to be disabled in kernel (no group under /sys/kernel/iommu_groups)',
    text: paste('$ sudo virt-host-validate qemu', '  QEMU: Checking for device assignment IOMMU support                         : PASS', '  QEMU: Checking if IOMMU is enabled by kernel                               : WARN (IOMMU appears to be disabled in kernel. Add intel_iommu=on to kernel cmdline arguments)'),
    expect: [{ severity: 'error', what: '/sys/kernel/iommu_groups is empty' }],
  },
  // Must not fire.
  {
    name: 'groups listed (find /sys/kernel/iommu_groups)',
    text: paste('$ find /sys/kernel/iommu_groups/ -type l', '/sys/kernel/iommu_groups/16/devices/0000:0b:00.0', '/sys/kernel/iommu_groups/16/devices/0000:0b:00.1'),
    expect: [],
  },
  {
    name: '/sys/class/iommu has dmar0 (collected), even before groups were read',
    text: paste('=== host ===', 'iommu_class=dmar0,dmar1', 'acpi_dmar=present'),
    expect: [],
  },
  {
    name: '"Adding to iommu group" lines corroborate an active IOMMU',
    text: paste('$ sudo dmesg | grep -i iommu', '[    0.202345] iommu: Default domain type: Translated', '[    0.721306] pci 0000:0b:00.0: Adding to iommu group 16', '[    0.721313] pci 0000:0b:00.1: Adding to iommu group 16'),
    expect: [],
  },
  {
    name: 'VT-d initialised line',
    text: paste('$ sudo dmesg | grep DMAR', '[    0.041234] DMAR: IOMMU enabled', '[    0.512880] DMAR: Intel(R) Virtualization Technology for Directed I/O'),
    expect: [],
  },
  {
    name: 'probe -22 while groups exist: another cause (e.g. IOMMU_CAP_CACHE_COHERENCY), not a missing IOMMU',
    text: paste('$ sudo dmesg | grep -i -e iommu -e vfio', '[    0.721306] pci 0000:0b:00.0: Adding to iommu group 16', '[    6.100000] vfio-pci: probe of 0000:0b:00.0 failed with error -22'),
    expect: [],
  },
  {
    name: 'probe -22 for a bridge: vfio-pci refuses non-type-0 headers with -EINVAL whatever the IOMMU',
    text: paste('$ lspci -nn', '00:1c.0 PCI bridge [0604]: Intel Corporation 200 Series PCH PCI Express Root Port #5 [8086:a294] (rev f0)', '$ dmesg | grep vfio', '[    6.100000] vfio-pci: probe of 0000:00:1c.0 failed with error -22'),
    expect: /no IOMMU group listing was given/,
  },
  {
    name: 'virt-host-validate: IOMMU is enabled by kernel : PASS (it found a group)',
    text: paste(...VHV_HEALTHY),
    expect: [],
  },
  {
    name: 'virt-host-validate in an OpenShift debug pod: a DMAR-table WARN where the host passes is not read',
    text: paste('  QEMU: Checking if IOMMU is enabled by kernel                               : PASS', '  QEMU: Checking for device assignment IOMMU support                         : WARN (No ACPI DMAR table found, IOMMU either disabled in BIOS or not supported by this hardware platform)'),
    expect: [],
  },
  // Unknown is not false.
  {
    name: '"DMAR: IOMMU enabled" and "Default domain type" in a grep prove nothing either way',
    text: paste('$ sudo dmesg | grep -i -e DMAR -e iommu', '[    0.041234] DMAR: IOMMU enabled', '[    0.202345] iommu: Default domain type: Translated'),
    expect: /no IOMMU group listing was given/,
  },
  { name: 'only a command line', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet splash intel_iommu=on'), expect: /no IOMMU group listing was given/ },
];

describe('iommu-groups-absent', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toEqual({ messageId: 'none', data: { what: e.what, policy: e.policy ?? false, vm: false } });
      // The fix is the root cause's (firmware, intel_iommu=on, …): this finding has none of its own.
      expect(f.fixes).toEqual([]);
      expect(f.evidence.length).toBeGreaterThan(0);
    });
  });

  it('cites the QEMU line', () => {
    const r = runRule(rule, paste('qemu-system-x86_64: -device vfio-pci,host=0000:08:00.0: vfio 0000:08:00.0: no iommu_group found: No such file or directory'));
    expect(r.findings[0]!.evidence.map((e) => e.text).join('\n')).toContain('no iommu_group found');
  });
});

describe('iommu-groups-absent: other layers\' words are cited', () => {
  it('quotes the kernel\'s probe line and the Proxmox message as evidence', () => {
    const k = runRule(rule, paste('[ 6708.659672] vfio-pci: probe of 0000:65:00.0 failed with error -22'));
    expect(k.findings[0]!.evidence.map((e) => e.text)).toContain('[ 6708.659672] vfio-pci: probe of 0000:65:00.0 failed with error -22');
    const p = runRule(rule, paste('`TASK ERROR: cannot prepare PCI pass-through, IOMMU not present`'));
    expect(p.findings[0]!.evidence.map((e) => e.text)).toContain('TASK ERROR: cannot prepare PCI pass-through, IOMMU not present');
  });
});
