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
  // cloud-hypervisor (pci/src/vfio.rs map_mmio_regions)
  ['cloud-hypervisor: 13.656158892s: <vmm> ERROR:pci/src/vfio.rs:1372 -- Could not mmap sparse area (offset = 0x0, size = 0x10000000): Device or resource busy (os error 16)', 'bootfb-bar-conflict'],
  ['vfio-pci 0000:04:00.0: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.', 'intel-rmrr-ineligible'],
  ['vfio-pci 0000:01:00.0: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.', 'firmware-direct-mapping-required'],
  ['vfio-pci 0000:0b:00.0: vfio_bar_restore: reset recovery - restoring BARs', 'amd-reset-bug'],
  ['vfio-pci 0000:0b:00.0: AMD_POLARIS10: failed to reset device', 'amd-reset-bug'],
  ['vfio-pci 0000:28:00.0: AMD_NAVI10: PSP did not acknowledger reset', 'amd-reset-bug'],
  ["vfio-pci 0000:03:00.0: Unsupported reset method 'device_specific'", 'amd-reset-bug'],
  ['vfio-pci 0000:0b:00.0: Unable to change power state from D3cold to D0, device inaccessible', 'd3-power-state-issues'],
  ['NVRM: The NVIDIA probe routine was not called for 1 device(s).', 'nvidia-probe-not-called'],
  ['x86/cpu: VMX (outside TXT) disabled by BIOS', 'vtx-disabled-by-bios'],
  ['kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 0', 'svm-disabled-by-bios'],
  ['Hypervisor detected: KVM', 'running-inside-vm'],
  ["systemd-modules-load[312]: Failed to find module 'vfio_virqfd'", 'vfio-virqfd-obsolete'],
  ["systemd-modules-load[298]: Failed to insert module 'kvm_intel': Operation not supported", 'vtx-disabled-by-bios'],
  ["systemd-modules-load[298]: Failed to insert module 'kvm_amd': Operation not supported", 'svm-disabled-by-bios'],
  // K2: vfio-pci refusing a device without an IOMMU group (-EINVAL), in the driver core's words before and since 6.10.
  ['vfio-pci: probe of 0000:01:00.0 failed with error -22', 'iommu-groups-absent'],
  ['vfio-pci 0000:01:00.0: probe with driver vfio-pci failed with error -22', 'iommu-groups-absent'],
  // cpu-checker's kvm-ok
  ['INFO: /dev/kvm does not exist', 'kvm-unavailable'],
  ['INFO: KVM (vmx) is disabled by your BIOS', 'vtx-disabled-by-bios'],
  ['INFO: KVM (svm) is disabled by your BIOS', 'svm-disabled-by-bios'],
  ['INFO: Your CPU does not support KVM extensions', 'cpu-virt-ext-absent'],
  // libvirt's virt-host-validate
  ["  QEMU: Checking if device /dev/kvm exists                                   : FAIL (Check that the 'kvm-intel' or 'kvm-amd' modules are loaded & the BIOS has enabled virtualization)", 'kvm-unavailable'],
  ['  QEMU: Checking if IOMMU is enabled by kernel                               : WARN (IOMMU appears to be disabled in kernel. Add intel_iommu=on to kernel cmdline arguments)', 'iommu-groups-absent'],
  ['  QEMU: Checking for hardware virtualization                                 : FAIL (Only emulated CPUs are available, performance will be significantly limited)', 'cpu-virt-ext-absent'],
  // Proxmox (qemu-server task log, pve-manager GUI)
  ['TASK ERROR: KVM virtualisation configured, but not available. Either disable in VM configuration or enable in BIOS.', 'kvm-unavailable'],
  ['TASK ERROR: cannot prepare PCI pass-through, IOMMU not present', 'iommu-groups-absent'],
  ['TASK ERROR: Cannot find vfio-pci module!', 'vfio-pci-not-loaded'],
  ['No IOMMU detected, please activate it. See Documentation for further information.', 'iommu-groups-absent'],
  ['TASK ERROR: hugepage allocation failed at /usr/share/perl5/PVE/QemuServer/Memory.pm line 541.', 'hugepages-misconfig'],
  ["TASK ERROR: your system doesn't support hugepages of 1024 MB", 'hugepages-misconfig'],
  // KubeVirt (a virt-launcher event wrapping libvirt's error)
  ["server error. command SyncVMI failed: \"LibvirtError(Code=67, Domain=10, Message='unsupported configuration: host doesn't support passthrough of host PCI devices')\"", 'iommu-groups-absent'],
  // QEMU and libvirt
  ["error: unsupported configuration: host doesn't support passthrough of host PCI devices", 'iommu-groups-absent'],
  ["error: unsupported configuration: host doesn't support VFIO PCI passthrough", 'iommu-groups-absent'],
  ['error: unsupported configuration: Domain requires KVM, but it is not available. Check that virtualization is enabled in the host BIOS, and host configuration is setup to load the kvm modules.', 'kvm-unavailable'],
  ['qemu-system-x86_64: Could not access KVM kernel module: No such file or directory', 'kvm-unavailable'],
  ['qemu-system-x86_64: failed to initialize kvm: No such file or directory', 'kvm-unavailable'],
  ['qemu-system-x86_64: -object memory-backend-file,id=ram-node0,prealloc=yes,mem-path=/dev/hugepages/libvirt/qemu/9-vm01,share=yes,size=8388608000: unable to map backing store for guest RAM: Cannot allocate memory', 'hugepages-misconfig'],
  ['qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory', 'guest-ram-pin-failed'],
  ['qemu-system-x86_64: vfio_container_dma_map(0x55d1c3a4b2c0, 0x100000, 0x7ff00000, 0x7f5a2bf00000) = -12 (Cannot allocate memory)', 'guest-ram-pin-failed'],
  ['error: cannot limit locked memory of process 111 to 9007199254740991: Operation not permitted', 'memlock-limit'],
  ['qemu-system-x86_64: vfio: Cannot reset device 0000:00:1f.3, no available reset mechanism.', 'no-reset-method'],
  ['error: internal error: Unable to reset PCI device 0000:00:1a.0: no FLR, PM reset or bus reset available', 'no-reset-method'],
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
  ['modprobe: FATAL: Module vfio_virqfd not found in directory /lib/modules/6.8.0-45-generic', 'vfio-virqfd-obsolete'],
  ["dracut-install: Failed to find module 'vfio_pci'", 'vfio-pci-not-loaded'],
  ["==> ERROR: module not found: 'vfio_pci'", 'vfio-pci-not-loaded'],
  ["systemd-modules-load[312]: Failed to find module 'vfio_pci'", 'vfio-pci-not-loaded'],
  ["modprobe: ERROR: could not insert 'kvm_intel': Operation not supported", 'vtx-disabled-by-bios'],
  // h-sweep: K2's remaining wordings (libvirt's old misspelling, QEMU's full line) and the sweep's new rules.
  ['error: internal error: VFIO device assigment is currently not supported on this system', 'iommu-groups-absent'],
  ['qemu-system-x86_64: -device vfio-pci,host=0000:65:00.0: vfio 0000:65:00.0: failed to setup container for group 0: no iommu_group found: No such file or directory', 'iommu-groups-absent'],
  ['x86/split lock detection: #AC: CPU 0/KVM/5677 took a split_lock trap at address: 0x56339a9888c3', 'split-lock-mitigation'],
  ['vfio-pci 0000:00:02.0: not ready 65535ms after FLR; giving up', 'device-reset-timeout'],
  ['kvm [1]: HYP mode not available', 'arm-hyp-mode-unavailable'],
  ['CPU: All CPU(s) started at EL1', 'arm-hyp-mode-unavailable'],
  ['vfio-pci 0000:00:02.0: Invalid PCI ROM header signature: expecting 0xaa55, got 0x0000', 'vfio-rom-header-invalid'],
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
