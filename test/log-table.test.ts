// Every message of the knowledge base's log-line table (section 4), pasted alone, leads to the finding behind it.
import { describe, it, expect } from 'vitest';
import { diagnose } from '../src/index';

const CASES: [string, string][] = [
  ["AMD-Vi: Unknown option - 'on'", 'amd-iommu-on-noop'],
  ["DMAR: Unknown option - 'pt'", 'iommu-option-typos'],
  ['Unknown kernel command line parameters "BOOT_IMAGE=/vmlinuz-6.8.0 pcie_acs_override=downstream,multifunction", will be passed to user space.', 'acs-override-unsupported-kernel'],
  ['[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=off', 'iommu-disabled-by-cmdline'],
  ['DMAR: Intel-IOMMU force enabled due to platform opt in', 'intel-iommu-platform-optin'],
  ['AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found', 'amd-ivrs-ioapic-bug'],
  ['AMD-Vi: IOMMU not currently supported when SME is active', 'amd-iommu-sme-conflict'],
  ['iommu: Default domain type: Passthrough (set via kernel command line)', 'iommu-pt-mode'],
  ['Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA', 'acs-override-active'],
  ['vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param "allow_unsafe_interrupts" to enable VFIO IOMMU support on this platform', 'interrupt-remapping-missing'],
  ['vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded', 'memlock-limit'],
  ['vfio_pci: invalid id string "10de-1b80"', 'vfio-pci-ids-malformed'],
  ['pci-stub 0000:01:00.0: claimed by stub', 'pci-stub-legacy'],
  ['vfio-pci 0000:01:00.0: BAR 1: can\'t reserve [mem 0xe0000000-0xefffffff 64bit pref]', 'bootfb-bar-conflict'],
  ['vfio-pci 0000:04:00.0: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.', 'intel-rmrr-ineligible'],
  ['vfio-pci 0000:01:00.0: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.', 'firmware-direct-mapping-required'],
  ['vfio-pci 0000:0b:00.0: vfio_bar_restore: reset recovery - restoring BARs', 'amd-reset-bug'],
  ['vfio-pci 0000:0b:00.0: Unable to change power state from D3cold to D0, device inaccessible', 'd3-power-state-issues'],
  ['NVRM: The NVIDIA probe routine was not called for 1 device(s).', 'nvidia-probe-not-called'],
  ['x86/cpu: VMX (outside TXT) disabled by BIOS', 'vtx-disabled-by-bios'],
  ['kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 0', 'svm-disabled-by-bios'],
  ['Hypervisor detected: KVM', 'running-inside-vm'],
  ["systemd-modules-load[312]: Failed to find module 'vfio_virqfd'", 'vfio-virqfd-obsolete'],
  // QEMU and libvirt
  ['qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: group 1 is not viable', 'group-not-viable'],
  ['vfio 0000:08:00.0: no iommu_group found: No such file or directory', 'iommu-groups-absent'],
  ['error: argument unsupported: VFIO device assignment is currently not supported on this system', 'iommu-groups-absent'],
  ['qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: failed to setup container for group 12: Failed to set iommu for container: Operation not permitted', 'interrupt-remapping-missing'],
  ['qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: failed to setup container for group 12: Failed to set group container: Invalid argument', 'firmware-direct-mapping-required'],
  ["error: internal error: Unknown PCI header type '127' for device '0000:01:00.0'", 'd3-power-state-issues'],
  ["2025-01-20T18:22:41.123456Z libvirtd: failed to reset PCI device '0000:0b:00.0', but trying to continue as not all devices need a reset", 'no-reset-method'],
  // Build tools
  ["==> ERROR: module not found: 'vfio_virqfd'", 'vfio-virqfd-obsolete'],
  ["dracut-install: Failed to find module 'vfio_virqfd'", 'vfio-virqfd-obsolete'],
  ['modprobe: FATAL: Module vfio_pci is builtin.', 'vfio-pci-builtin-modprobe-ignored'],
];

describe('a single pasted message leads to its finding', () => {
  for (const [line, id] of CASES)
    it(`${id} ← ${line.slice(0, 70)}`, () => {
      const r = diagnose([{ source: 'pasted text', text: `${line}\n` }]);
      const ids = r.findings.map((f) => f.id);
      expect(ids, `findings: ${ids.join(', ') || 'none'}; unable: ${r.unableToCheck.filter((u) => u.id === id).map((u) => u.reason).join(' ')}`).toContain(id);
      const f = r.findings.find((x) => x.id === id)!;
      expect(f.evidence.some((e) => line.includes(e.text.slice(0, 30)))).toBe(true);
    });
});
