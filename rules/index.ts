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

export const RULES: readonly Rule[] = [
  runningInsideVm,
  cpuVirtExtAbsent,
  kvmUnavailable,
  iommuDisabledByCmdline,
  iommuFirmwareDisabled,
  intelIommuNotEnabled,
  amdIommuOnNoop,
  iommuGroupsAbsent,
  groupNotIsolated,
  groupNotViable,
  gpuCompanionFunctions,
  gpuBoundToHostDriver,
  identicalGpusIdCollision,
  logAccessRestricted,
  cmdlineConfigDrift,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
