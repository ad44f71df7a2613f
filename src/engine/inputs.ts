// The kinds of input rules read: for each, how the engine tells it was given, one wording for "not given" and one
// "what to paste" (rules declare `requires`; the engine writes "could not check" from this table, and the report can
// group its "could not check" list by kind).
import type { Host } from '../facts/host';

export type InputKind =
  | 'cmdline'
  | 'kernelLog'
  | 'kernelLogAfterVm'
  | 'qemuLog'
  | 'lspci'
  | 'iommuGroups'
  | 'modprobe'
  | 'bootConfig'
  | 'cpuFlags'
  | 'kernelVersion'
  | 'modules'
  | 'iomem'
  | 'targetGpu';

export interface InputSpec {
  /** The noun phrase of "no … was given": what the input is, in the words a user knows. */
  what: string;
  /** What to paste (or run) to give it. */
  paste: string;
  /** The one thing a short summary names, when `paste` lists alternatives. */
  brief?: string;
  /** Whether this host model has the input. */
  given(host: Host): boolean;
  /** A sharper reason than "no … was given", when the host model knows one (e.g. why no GPU was picked). */
  reason?(host: Host): string | undefined;
}

export const INPUTS: Record<InputKind, InputSpec> = {
  cmdline: { what: 'kernel command line', paste: 'cat /proc/cmdline', given: (h) => h.facts.cmdline !== undefined },
  kernelLog: { what: 'kernel log', paste: 'sudo dmesg', given: (h) => h.facts.kernelLogSeen },
  // The same log, but what the rule reads is written only once a VM has started (a boot-time dmesg cannot show it).
  kernelLogAfterVm: { what: 'kernel log from after the VM started', paste: 'sudo dmesg after starting the VM', given: (h) => h.facts.kernelLogSeen },
  qemuLog: {
    what: 'QEMU or libvirt error',
    paste: 'the VM log from /var/log/libvirt/qemu/ or QEMU\'s own output',
    brief: 'the VM log (/var/log/libvirt/qemu/)',
    given: (h) => h.facts.qemuErrors.length > 0,
  },
  lspci: { what: 'PCI device listing', paste: 'lspci -nnk', given: (h) => h.facts.pci.length > 0 },
  iommuGroups: {
    what: 'IOMMU group listing',
    paste: 'the one-line group script from the README, or ls /sys/kernel/iommu_groups/*/devices',
    brief: 'the one-line group script from the README',
    given: (h) => h.facts.groups !== undefined,
  },
  modprobe: { what: '/etc/modprobe.d', paste: 'cat /etc/modprobe.d/*.conf', given: (h) => h.facts.modprobe.length > 0 },
  bootConfig: {
    what: 'boot configuration (/etc/default/grub, /etc/kernel/cmdline)',
    paste: 'cat /etc/default/grub',
    given: (h) => h.facts.grubVars !== undefined || h.facts.kernelCmdlineFile !== undefined,
  },
  cpuFlags: { what: 'CPU flags', paste: 'cat /proc/cpuinfo or lscpu', brief: 'cat /proc/cpuinfo', given: (h) => (h.facts.cpu?.flags?.length ?? 0) > 0 },
  kernelVersion: { what: 'running kernel version', paste: 'uname -r', given: (h) => h.kernel !== undefined },
  modules: { what: 'list of loaded modules', paste: 'lsmod', given: (h) => h.facts.modulesLoaded !== undefined },
  iomem: { what: '/proc/iomem', paste: 'sudo cat /proc/iomem', given: (h) => h.facts.iomem !== undefined },
  targetGpu: {
    what: 'GPU to pass through',
    paste: 'lspci -nnk',
    given: (h) => h.targets.gpus.length > 0,
    // A device listing without a usable GPU: why none was picked (pasting lspci again would not help).
    reason: (h) => (h.facts.pci.length > 0 ? h.targets.reason : undefined),
  },
};

/** One requirement: an input kind, or any one of several (a kernel log or a QEMU error both show the fault). */
export type Requirement = InputKind | { anyOf: readonly InputKind[] };

const kinds = (r: Requirement): readonly InputKind[] => (typeof r === 'string' ? [r] : r.anyOf);

/** The requirements this host model does not meet. */
export function missing(host: Host, requires: readonly Requirement[]): Requirement[] {
  return requires.filter((r) => !kinds(r).some((k) => INPUTS[k].given(host)));
}

/** The one wording of "could not check" for a missing requirement: "no kernel log was given (paste sudo dmesg)". */
export function missingReason(host: Host, r: Requirement): string {
  const ks = kinds(r);
  if (ks.length === 1) {
    const spec = INPUTS[ks[0]!];
    return spec.reason?.(host) ?? `no ${spec.what} was given (paste ${spec.paste})`;
  }
  const specs = ks.map((k) => INPUTS[k]);
  const whats = specs.map((s) => s.what);
  return `neither ${whats.slice(0, -1).join(', ')} nor ${whats.at(-1)} was given (paste ${specs.map((s) => s.paste).join('; ')})`;
}

/** Whether giving the input would settle a missing requirement (false when the host model knows a sharper reason). */
export function pasteable(host: Host, r: Requirement): boolean {
  const ks = kinds(r);
  return ks.length > 1 || INPUTS[ks[0]!].reason?.(host) === undefined;
}

/** The input kinds a missing requirement names, for grouping a "could not check" list. */
export const requirementKinds = kinds;
