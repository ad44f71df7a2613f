// The host model's types (what host.ts builds, what targets.ts reads), apart so host.ts and targets.ts need not import each other.
import type { Facts, PciDevice, BootLoader, InitramfsGenerator, LogLine } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import type { BuiltinGuess } from './builtin-guess';
import type { Detection, DistroFamily } from './boot-setup';
import type { IommuState } from './iommu-state';
import type { ConfiguredIds } from './vfio-config';

export interface KernelVersion {
  release: string;
  major: number;
  minor: number;
  patch: number;
  evidence: Evidence;
}

export interface Host {
  facts: Facts;
  kernel?: KernelVersion;
  cpuVendor?: 'intel' | 'amd' | 'other';
  cpuVendorReason: string;
  distroFamily?: DistroFamily;
  bootLoader: Detection<BootLoader>;
  initramfs: Detection<InitramfsGenerator>;
  iommu: IommuState;
  targets: Targets;
  vfioIds: ConfiguredIds;
  /** True/false when modules.builtin or kernel config says; undefined when unknown. */
  vfioPciBuiltin?: boolean;
  /** When vfioPciBuiltin is unknown: what the distribution suggests, labelled as a guess. */
  vfioPciBuiltinGuess?: BuiltinGuess;
  virtualMachine?: boolean;
  device(bdf: string): PciDevice | undefined;
  /** Kernel log lines matching a pattern. */
  log(re: RegExp): LogLine[];
  /** Every device in a group (BDFs), or undefined when groups are unknown. */
  groupOf(bdf: string): string[] | undefined;
}

export interface Targets {
  /** The GPU functions (display class) chosen as passthrough targets. */
  gpus: string[];
  inferred: boolean;
  reason: string;
  /**
   * Several GPUs could be the target and nothing says which: `gpus` lists the candidates, and the engine runs the
   * rules once per candidate (engine/per-candidate.ts) instead of treating them as one target.
   */
  perCandidate?: boolean;
}
