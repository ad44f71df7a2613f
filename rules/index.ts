// The rule registry: explicit and ordered (environment → IOMMU → groups → binding), as the knowledge base evaluates them.
import type { Rule } from '../src/engine/rule';
import { rule as runningInsideVm } from './running-inside-vm/index';
import { rule as cpuVirtExtAbsent } from './cpu-virt-ext-absent/index';
import { rule as kvmUnavailable } from './kvm-unavailable/index';
import { rule as logAccessRestricted } from './log-access-restricted/index';
import { rule as cmdlineConfigDrift } from './cmdline-config-drift/index';
import { rule as iommuDisabledByCmdline } from './iommu-disabled-by-cmdline/index';
import { rule as iommuFirmwareDisabled } from './iommu-firmware-disabled/index';
import { rule as intelIommuNotEnabled } from './intel-iommu-not-enabled/index';
import { rule as amdIommuOnNoop } from './amd-iommu-on-noop/index';
import { rule as iommuGroupsAbsent } from './iommu-groups-absent/index';
import { rule as groupNotIsolated } from './group-not-isolated/index';
import { rule as groupNotViable } from './group-not-viable/index';
import { rule as gpuCompanionFunctions } from './gpu-companion-functions/index';
import { rule as gpuBoundToHostDriver } from './gpu-bound-to-host-driver/index';
import { rule as identicalGpusIdCollision } from './identical-gpus-id-collision/index';
import { rule as vtxDisabledByBios } from './vtx-disabled-by-bios/index';
import { rule as svmDisabledByBios } from './svm-disabled-by-bios/index';
import { rule as iommuOptionTypos } from './iommu-option-typos/index';
import { rule as intelIommuPlatformOptin } from './intel-iommu-platform-optin/index';
import { rule as amdIommuSmeConflict } from './amd-iommu-sme-conflict/index';
import { rule as iommuPtMode } from './iommu-pt-mode/index';
import { rule as amdIvrsIoapicBug } from './amd-ivrs-ioapic-bug/index';
import { rule as interruptRemappingMissing } from './interrupt-remapping-missing/index';
import { rule as acsOverrideActive } from './acs-override-active/index';
import { rule as acsOverrideUnsupportedKernel } from './acs-override-unsupported-kernel/index';
import { rule as intelRmrrIneligible } from './intel-rmrr-ineligible/index';
import { rule as firmwareDirectMappingRequired } from './firmware-direct-mapping-required/index';
import { rule as vfioPciNotLoaded } from './vfio-pci-not-loaded/index';
import { rule as vfioPciBuiltinModprobeIgnored } from './vfio-pci-builtin-modprobe-ignored/index';
import { rule as vfioPciIdsMalformed } from './vfio-pci-ids-malformed/index';
import { rule as vfioVirqfdObsolete } from './vfio-virqfd-obsolete/index';
import { rule as vfioMissingFromInitramfs } from './vfio-missing-from-initramfs/index';
import { rule as initramfsStale } from './initramfs-stale/index';
import { rule as softdepMissing } from './softdep-missing/index';
import { rule as moduleBlacklistIneffective } from './module-blacklist-ineffective/index';
import { rule as driverOverrideStale } from './driver-override-stale/index';
import { rule as pciStubLegacy } from './pci-stub-legacy/index';
import { rule as nvidiaProbeNotCalled } from './nvidia-probe-not-called/index';
import { rule as vfioNoiommuMode } from './vfio-noiommu-mode/index';
import { rule as bootfbBarConflict } from './bootfb-bar-conflict/index';
import { rule as vfioKilledPrimaryConsole } from './vfio-killed-primary-console/index';
import { rule as singleGpuBootVga } from './single-gpu-boot-vga/index';
import { rule as vgaArbitration } from './vga-arbitration/index';
import { rule as amdResetBug } from './amd-reset-bug/index';
import { rule as noResetMethod } from './no-reset-method/index';
import { rule as d3PowerStateIssues } from './d3-power-state-issues/index';
import { rule as nvidiaCode43LegacyDriver } from './nvidia-code43-legacy-driver/index';
import { rule as memlockLimit } from './memlock-limit/index';
import { rule as guestRamPinFailed } from './guest-ram-pin-failed/index';
import { rule as hugepagesMisconfig } from './hugepages-misconfig/index';
import { rule as laptopMuxlessDgpu } from './laptop-muxless-dgpu/index';
import { rule as splitLockMitigation } from './split-lock-mitigation/index';
import { rule as deviceResetTimeout } from './device-reset-timeout/index';
import { rule as armHypModeUnavailable } from './arm-hyp-mode-unavailable/index';
import { rule as vfioRomHeaderInvalid } from './vfio-rom-header-invalid/index';
// The VM side (issue 18): a VM definition against the host.
import { rule as vmHostdevGroupIncomplete } from './vm-hostdev-group-incomplete/index';
import { rule as vmHostdevNotOnHost } from './vm-hostdev-not-on-host/index';
import { rule as vmFunctionsSplit } from './vm-functions-split/index';
import { rule as vmPcieOnI440fx } from './vm-pcie-on-i440fx/index';
import { rule as vmXvgaWithOvmf } from './vm-xvga-with-ovmf/index';
import { rule as vmHugepagesNotReserved } from './vm-hugepages-not-reserved/index';
import { rule as vmHostdevUnmanaged } from './vm-hostdev-unmanaged/index';
import { rule as vmSeabiosUefiOnlyGpu } from './vm-seabios-uefi-only-gpu/index';
import { rule as vmRomfileUnreadable } from './vm-romfile-unreadable/index';
import { rule as vmNvidiaCode43Settings } from './vm-nvidia-code43-settings/index';
import { rule as vmMemoryOverMemlock } from './vm-memory-over-memlock/index';
import { rule as vmHostdevSharedAutostart } from './vm-hostdev-shared-autostart/index';
import { rule as vmLookingGlassShmemSmall } from './vm-looking-glass-shmem-small/index';

export const RULES: readonly Rule[] = [
  runningInsideVm,
  cpuVirtExtAbsent,
  vtxDisabledByBios,
  svmDisabledByBios,
  armHypModeUnavailable,
  kvmUnavailable,
  iommuDisabledByCmdline,
  iommuFirmwareDisabled,
  intelIommuNotEnabled,
  amdIommuOnNoop,
  iommuOptionTypos,
  intelIommuPlatformOptin,
  amdIommuSmeConflict,
  iommuPtMode,
  amdIvrsIoapicBug,
  interruptRemappingMissing,
  iommuGroupsAbsent,
  groupNotIsolated,
  acsOverrideActive,
  acsOverrideUnsupportedKernel,
  groupNotViable,
  gpuCompanionFunctions,
  gpuBoundToHostDriver,
  identicalGpusIdCollision,
  vfioPciNotLoaded,
  vfioPciBuiltinModprobeIgnored,
  vfioPciIdsMalformed,
  vfioVirqfdObsolete,
  vfioMissingFromInitramfs,
  initramfsStale,
  softdepMissing,
  moduleBlacklistIneffective,
  driverOverrideStale,
  pciStubLegacy,
  nvidiaProbeNotCalled,
  bootfbBarConflict,
  vfioKilledPrimaryConsole,
  singleGpuBootVga,
  vgaArbitration,
  vfioRomHeaderInvalid,
  intelRmrrIneligible,
  firmwareDirectMappingRequired,
  laptopMuxlessDgpu,
  amdResetBug,
  noResetMethod,
  d3PowerStateIssues,
  deviceResetTimeout,
  nvidiaCode43LegacyDriver,
  memlockLimit,
  guestRamPinFailed,
  hugepagesMisconfig,
  splitLockMitigation,
  logAccessRestricted,
  cmdlineConfigDrift,
  vfioNoiommuMode,
  vmHostdevNotOnHost,
  vmHostdevGroupIncomplete,
  vmFunctionsSplit,
  vmPcieOnI440fx,
  vmXvgaWithOvmf,
  vmHugepagesNotReserved,
  vmHostdevUnmanaged,
  vmSeabiosUefiOnlyGpu,
  vmRomfileUnreadable,
  vmNvidiaCode43Settings,
  vmMemoryOverMemlock,
  vmHostdevSharedAutostart,
  vmLookingGlassShmemSmall,
];
