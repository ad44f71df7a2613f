// The kinds of input rules read: for each, how the engine tells it was given, one wording for "not given" and one
// "what to paste" (rules declare `requires`; the engine writes "could not check" from this table, and the report can
// group its "could not check" list by kind).
import type { Host } from '../facts/host';
import { getLang, tr } from '../i18n/lang';
import { zhSpace } from '../i18n/space';

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
  /** The same in Chinese (未提供…). */
  zhWhat: string;
  /** What to paste, when it is prose rather than a command (commands are never translated). */
  zhPaste?: string;
  /** What to paste (or run) to give it. */
  paste: string;
  /** The one thing a short summary names, when `paste` lists alternatives (a command is never translated). */
  brief?: string;
  /** The same in Chinese, when `brief` is prose. */
  zhBrief?: string;
  /** Whether this host model has the input. */
  given(host: Host): boolean;
  /** A sharper reason than "no … was given", when the host model knows one (e.g. why no GPU was picked). */
  reason?(host: Host): string | undefined;
}

export const INPUTS: Record<InputKind, InputSpec> = {
  cmdline: { what: 'kernel command line', zhWhat: '内核命令行', paste: 'cat /proc/cmdline', given: (h) => h.facts.cmdline !== undefined },
  kernelLog: { what: 'kernel log', zhWhat: '内核日志', paste: 'sudo dmesg', given: (h) => h.facts.kernelLogSeen },
  // The same log, but what the rule reads is written only once a VM has started (a boot-time dmesg cannot show it).
  kernelLogAfterVm: { what: 'kernel log from after the VM started', zhWhat: '启动虚拟机之后的内核日志', paste: 'sudo dmesg after starting the VM', zhPaste: '启动虚拟机后的 sudo dmesg', given: (h) => h.facts.kernelLogSeen },
  qemuLog: {
    what: 'QEMU or libvirt error',
    zhWhat: 'QEMU 或 libvirt 的报错',
    zhPaste: '/var/log/libvirt/qemu/ 下的虚拟机日志，或 QEMU 自己的输出',
    paste: 'the VM log from /var/log/libvirt/qemu/ or QEMU\'s own output',
    brief: 'the VM log (/var/log/libvirt/qemu/)',
    zhBrief: '虚拟机日志（/var/log/libvirt/qemu/）',
    given: (h) => h.facts.qemuErrors.length > 0,
  },
  lspci: { what: 'PCI device listing', zhWhat: 'PCI 设备列表', paste: 'lspci -nnk', given: (h) => h.facts.pci.length > 0 },
  iommuGroups: {
    what: 'IOMMU group listing',
    zhWhat: 'IOMMU 组列表',
    zhPaste: 'README 里的一行分组脚本，或 ls /sys/kernel/iommu_groups/*/devices',
    paste: 'the one-line group script from the README, or ls /sys/kernel/iommu_groups/*/devices',
    brief: 'the one-line group script from the README',
    zhBrief: 'README 里的一行分组脚本',
    given: (h) => h.facts.groups !== undefined,
  },
  modprobe: { what: '/etc/modprobe.d', zhWhat: '/etc/modprobe.d 的内容', paste: 'cat /etc/modprobe.d/*.conf', given: (h) => h.facts.modprobe.length > 0 },
  bootConfig: {
    what: 'boot configuration (/etc/default/grub, /etc/kernel/cmdline)',
    zhWhat: '引导配置（/etc/default/grub、/etc/kernel/cmdline）',
    paste: 'cat /etc/default/grub',
    given: (h) => h.facts.grubVars !== undefined || h.facts.kernelCmdlineFile !== undefined,
  },
  cpuFlags: { what: 'CPU flags', zhWhat: 'CPU 标志', paste: 'cat /proc/cpuinfo or lscpu', zhPaste: 'cat /proc/cpuinfo 或 lscpu', brief: 'cat /proc/cpuinfo', given: (h) => (h.facts.cpu?.flags?.length ?? 0) > 0 },
  kernelVersion: { what: 'running kernel version', zhWhat: '正在运行的内核版本', paste: 'uname -r', given: (h) => h.kernel !== undefined },
  modules: { what: 'list of loaded modules', zhWhat: '已加载模块列表', paste: 'lsmod', given: (h) => h.facts.modulesLoaded !== undefined },
  iomem: { what: '/proc/iomem', zhWhat: '/proc/iomem 的内容', paste: 'sudo cat /proc/iomem', given: (h) => h.facts.iomem !== undefined },
  targetGpu: {
    what: 'GPU to pass through',
    zhWhat: '要直通的显卡',
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
  const zh = getLang() === 'zh';
  const paste = (s: InputSpec) => (zh ? (s.zhPaste ?? s.paste) : s.paste);
  if (ks.length === 1) {
    const spec = INPUTS[ks[0]!];
    return spec.reason?.(host) ?? tr(`no ${spec.what} was given (paste ${spec.paste})`, zhSpace(`未提供${spec.zhWhat}(请粘贴：${paste(spec)})`));
  }
  const specs = ks.map((k) => INPUTS[k]);
  if (zh) return zhSpace(`${specs.map((s) => s.zhWhat).join('和')}都未提供（请粘贴：${specs.map(paste).join(';')}）`);
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

/**
 * What the live collector reads itself (src/collect): on the live host a missing one was looked for and is not there,
 * so "paste X" would ask the user to do the tool's job. A QEMU error, and a log from after a VM ran, it cannot read.
 */
export const COLLECTED_LIVE: ReadonlySet<InputKind> = new Set<InputKind>(['cmdline', 'lspci', 'iommuGroups', 'modprobe', 'bootConfig', 'cpuFlags', 'kernelVersion', 'modules', 'targetGpu', 'iomem']);
