// Collects a host (live or sysroot) into RawSource[], in parallel, reporting progress per source.
import type { RawSource } from '../schema/raw-source';
import type { HostIO } from './io';
import type { OnProgress, ProgressEvent } from './types';
import { liveIO } from './live-io';
import { sysrootIO } from './sysroot-io';
import { escapeLine } from '../text/sanitize';
import { tr } from '../i18n/lang';
import { zhSpace } from '../i18n/space';
import { collectPci } from './pci';
import { collectConfigs } from './configs';
import { collectKernelLog } from './kernel-log';
import { collectVms } from './vms';
import { firstCpu, hugepagesSysfs, iommuGroups, kernelConfig, modulesBuiltin, readTrim } from './system';

export interface CollectOptions {
  root?: string;
  env?: Record<string, string | undefined>;
  /** Inject an I/O (tests); defaults to the live host or the sysroot. */
  io?: HostIO;
  /**
   * For a report, not a bundle: a sysroot's kernel log is read through the log lane, only its lines that can matter
   * kept (a bundle holds the whole file).
   */
  logLane?: boolean;
}

export async function collectHost(opts: CollectOptions, onProgress: OnProgress = () => {}): Promise<RawSource[]> {
  const io = opts.io ?? (opts.root ? sysrootIO(opts.root) : liveIO());
  const live = !opts.root && !!io.run;
  const host: string[] = [];
  const sources: RawSource[] = [];
  // The one command every live run needs (containers and VMs are told apart by it): started first, so it runs while
  // the files are read. Its answer is written where it always was, in the host facts below.
  const detectVirt = io.run?.(['systemd-detect-virt'], 3000).catch(() => undefined);
  const step = async <T>(id: string, label: string, fn: () => Promise<T>, done: (r: T) => string | undefined = () => undefined): Promise<T | undefined> => {
    const ev = (status: ProgressEvent['status'], detail?: string) => onProgress({ id, label, status, detail });
    ev('started');
    try {
      const r = await fn();
      const d = done(r);
      ev(r === undefined ? 'skipped' : 'done', d ?? (r === undefined ? tr('not present', '不存在') : undefined));
      return r;
    } catch (e) {
      ev('failed', (e as Error).message);
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      host.push(`note=${tr(`could not read ${label}: ${why}`, zhSpace(`无法读取${label}:${why}`))}`);
      return undefined;
    }
  };

  // The release decides where modules.builtin and the kernel config live, so read it first.
  const version = await step('kernel', tr('kernel version (/proc/version)', '内核版本（/proc/version）'), () => readTrim(io, '/proc/version'));
  const release = /^Linux version (\S+)/.exec(version ?? '')?.[1];
  if (version) sources.push({ source: '/proc/version', kind: 'uname', text: version });

  // The groups listing first: it names each function's group, which saves reading thousands of iommu_group links.
  const groupsRead = step('iommu-groups', tr('IOMMU groups (/sys/kernel/iommu_groups)', 'IOMMU 组（/sys/kernel/iommu_groups）'), () => iommuGroups(io), (r) => (r ? tr(`${r.groups} groups`, `${r.groups} 个组`) : undefined));
  const [cmdline, cpuinfo, modules, osRelease, builtin, kconfig, pci, groups, log, configs, vms] = await Promise.all([
    step('cmdline', tr('kernel command line (/proc/cmdline)', '内核命令行（/proc/cmdline）'), () => readTrim(io, '/proc/cmdline')),
    step('cpu', tr('CPU flags (/proc/cpuinfo)', 'CPU 标志（/proc/cpuinfo）'), async () => {
      const t = await io.readFile('/proc/cpuinfo', 4 * 1024 * 1024);
      return t === undefined ? undefined : firstCpu(t);
    }),
    step('modules', tr('loaded modules (/proc/modules)', '已加载的模块（/proc/modules）'), () => io.readFile('/proc/modules', 4 * 1024 * 1024)),
    step('os-release', tr('distribution (/etc/os-release)', '发行版（/etc/os-release）'), async () => (await io.readFile('/etc/os-release')) ?? (await io.readFile('/usr/lib/os-release'))),
    step('modules-builtin', tr('built-in modules (modules.builtin)', '内置模块（modules.builtin）'), () => modulesBuiltin(io, release)),
    step('kconfig', tr('kernel build options', '内核编译选项'), () => kernelConfig(io, release)),
    step('pci', tr('PCI devices (/sys/bus/pci/devices)', 'PCI 设备（/sys/bus/pci/devices）'), async () => collectPci(io, (await groupsRead)?.members), (r) => (r ? tr(`${r.count} functions`, `${r.count} 个功能`) : undefined)),
    groupsRead,
    step('kernel-log', live ? tr('kernel log (dmesg / journalctl)', '内核日志（dmesg / journalctl）') : tr('kernel log (/var/log)', '内核日志（/var/log）'), () => collectKernelLog(io, opts.logLane), (r) => r.problem),
    step('configs', tr('boot and module configuration (/etc)', '引导与模块配置（/etc）'), () => collectConfigs(io, release), (r) => tr(`${r.sources.length} files`, `${r.sources.length} 个文件`)),
    step('vms', live ? tr('VM definitions (virsh -r, /etc/pve/qemu-server) and logs', '虚拟机定义（virsh -r、/etc/pve/qemu-server）和日志') : tr('VM definitions (/etc/libvirt/qemu, /etc/pve/qemu-server) and logs', '虚拟机定义（/etc/libvirt/qemu、/etc/pve/qemu-server）和日志'), () => collectVms(io, live), (r) => tr(`${r.count} definitions`, `${r.count} 个定义`)),
  ]);

  // Boot framebuffer ranges, huge pages and the chassis type (for the boot-GPU, hugepage and laptop rules).
  const [iomem, meminfo, hugepages, chassis] = await Promise.all([
    step('iomem', tr('memory map (/proc/iomem)', '内存映射（/proc/iomem）'), () => io.readFile('/proc/iomem', 1024 * 1024)),
    step('meminfo', tr('memory and huge pages (/proc/meminfo)', '内存与大页（/proc/meminfo）'), () => io.readFile('/proc/meminfo', 256 * 1024)),
    step('hugepages', tr('huge pages per size (/sys/kernel/mm/hugepages)', '各尺寸的大页（/sys/kernel/mm/hugepages）'), () => hugepagesSysfs(io)),
    step('chassis', tr('chassis type (/sys/class/dmi/id/chassis_type)', '机箱类型（/sys/class/dmi/id/chassis_type）'), () => readTrim(io, '/sys/class/dmi/id/chassis_type')),
  ]);

  if (cmdline !== undefined) sources.push({ source: '/proc/cmdline', kind: 'cmdline', text: cmdline });
  if (iomem) sources.push({ source: '/proc/iomem', kind: 'iomem', text: iomem });
  if (meminfo) sources.push({ source: '/proc/meminfo', kind: 'meminfo', text: meminfo });
  if (hugepages) sources.push({ source: '/sys/kernel/mm/hugepages', kind: 'meminfo', text: hugepages });
  if (chassis) sources.push({ source: '/sys/class/dmi/id/chassis_type', kind: 'dmi', text: chassis });
  if (cpuinfo !== undefined) sources.push({ source: '/proc/cpuinfo', kind: 'cpuinfo', text: cpuinfo });
  if (modules !== undefined) sources.push({ source: '/proc/modules', kind: 'modules', text: modules });
  if (osRelease !== undefined) sources.push({ source: '/etc/os-release', kind: 'os-release', text: osRelease });
  if (builtin) sources.push(builtin);
  if (kconfig) sources.push(kconfig);
  if (pci) {
    sources.push({ source: '/sys/bus/pci/devices', kind: 'sysfs-pci', text: pci.text, structured: { kind: 'sysfs-pci', text: pci.text, records: pci.records } });
    host.push('pci_complete=yes');
  } else host.push(`note=${tr('/sys/bus/pci/devices is missing: no PCI device could be listed', '/sys/bus/pci/devices 不存在：无法列出任何 PCI 设备')}`);
  if (groups && groups.text) sources.push({ source: '/sys/kernel/iommu_groups', kind: 'iommu-groups', text: groups.text, structured: { kind: 'iommu-groups', text: groups.text, members: groups.listed } });
  else host.push(`iommu_groups=${groups ? 'empty' : 'absent'}`);
  if (log?.source) sources.push(log.source);
  else {
    host.push('unavailable=kernel-log');
    if (log?.problem) host.push(`note=${log.problem}`);
  }
  if (configs) {
    sources.push(...configs.sources);
    for (const p of configs.paths) host.push(`path=${p}`);
    for (const [p, t] of Object.entries(configs.mtimes)) host.push(`mtime:${p}=${t}`);
    for (const p of configs.unreadable) host.push(`note=${tr(`could not read ${p} (permission denied)`, `无法读取 ${p}（权限不足）`)}`);
  }

  if (vms) {
    sources.push(...vms.sources);
    host.push(...vms.host);
  }

  await step('host', tr('virtualisation, KVM and IOMMU state', '虚拟化、KVM 与 IOMMU 状态'), async () => {
    const cls = await io.readDir('/sys/class/iommu').catch(() => undefined);
    host.push(`iommu_class=${(cls ?? []).join(',')}`);
    const tables = await io.readDir('/sys/firmware/acpi/tables').catch(() => undefined);
    if (tables) {
      host.push(`acpi_dmar=${tables.includes('DMAR') ? 'present' : 'absent'}`);
      host.push(`acpi_ivrs=${tables.includes('IVRS') ? 'present' : 'absent'}`);
    }
    const vendor = await readTrim(io, '/sys/class/dmi/id/sys_vendor');
    const product = await readTrim(io, '/sys/class/dmi/id/product_name');
    if (vendor) host.push(`dmi_sys_vendor=${vendor}`);
    if (product) host.push(`dmi_product_name=${product}`);
    host.push(`dev_kvm=${(await io.stat('/dev/kvm')) ? 'present' : 'absent'}`);
    const restrict = await readTrim(io, '/proc/sys/kernel/dmesg_restrict');
    if (restrict !== undefined) host.push(`dmesg_restrict=${restrict}`);
    const euid = io.euid();
    if (euid !== undefined) host.push(`euid=${euid}`);
    const v = await detectVirt;
    if (v && !v.missing && !v.timedOut && v.stdout.trim()) host.push(`systemd_detect_virt=${v.stdout.trim()}`);
    if (!live) host.push(`note=${tr('read from a sysroot: no command was run', '从 sysroot 读取：没有运行任何命令')}`);
    return true;
  });
  if (live && io.euid() !== 0)
    host.push(
      `note=${tr(
        'running without root: the kernel log may be restricted and /proc/iomem addresses are hidden; sudo adds them',
        '未以 root 身份运行：内核日志可能受限，/proc/iomem 中的地址也被隐藏；用 sudo 运行可以看到',
      )}`,
    );
  // One fact per line: a value read from the host (a DMI string, an error message, a file name) must not start a line
  // of its own, and shows its control characters escaped (text/sanitize.ts).
  sources.unshift({ source: 'host', kind: 'host', text: host.map(escapeLine).join('\n') });
  return sources;
}
