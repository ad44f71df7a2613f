// Which kind of output a command or a path produces: the hint a section marker or a shell prompt gives.
import type { SourceKind } from './parser';

const BY_SOURCE: [RegExp, SourceKind][] = [
  // Tools whose output has its own parser (before the generic virsh / grep / path rules below).
  [/^(?:sudo\s+)?driverctl\b/, 'driverctl'],
  [/^(?:sudo\s+)?virsh\s+(?:-c\s+\S+\s+)?nodedev-dumpxml\b/, 'nodedev-xml'],
  // `virsh dumpxml NAME` (options such as --inactive before or after the name) and libvirt's own copy of a definition.
  [/^(?:sudo\s+)?virsh\s+(?:-\S+\s+(?:\S+\s+)?)*dumpxml\b|\/etc\/libvirt\/qemu\/[^/\s]+\.xml$/, 'libvirt-domain-xml'],
  [/^(?:sudo\s+)?(?:lsinitramfs|lsinitcpio|lsinitrd)\b/, 'initramfs-list'],
  [/^(?:sudo\s+)?pvesh\s+get\s+\S*\/hardware\/pci\/?(?:\s|$)/, 'pvesh-pci'],
  [/^(?:sudo\s+)?qm\s+config\b|\/etc\/pve\/(?:nodes\/[^/\s]+\/)?qemu-server\/\d+\.conf/, 'pve-vm-config'],
  // A process's argv (NUL-separated): the QEMU whose VM it runs.
  [/\/proc\/(?:\d+|self)\/cmdline/, 'qemu-cmdline'],
  [/^(?:sudo\s+)?(?:grep|head)\s+(?:-\S+\s+)*\.?\s*\/sys\/(?:bus\/pci\/devices|devices)\/\S+\/\w+\s*$/, 'sysfs-grep'],
  [/^host$/, 'host'],
  [/\/sys\/bus\/pci\/devices\/?$/, 'sysfs-pci'],
  [/^ls\b.*\/sys\/kernel\/iommu_groups\/?\s*$/, 'iommu-groups-ls'],
  // A script named *iommu*.sh: looked for from the start of each word only, with a lookahead (never retried); a loop:
  // from its first "for x in" only (from each one, a long line of them was quadratic).
  [/iommu_groups|ls-iommu|(?<![\w-])(?=[\w-]*iommu)[\w-]*\.sh|^(?:(?!for \w+ in ).)*for \w+ in .*iommu/, 'iommu-groups'],
  [/\/etc\/kernel\/cmdline/, 'kernel-cmdline-file'],
  [/\/proc\/cmdline/, 'cmdline'],
  [/\/proc\/iomem/, 'iomem'],
  [/\/proc\/meminfo|\/sys\/kernel\/mm\/hugepages\b/, 'meminfo'],
  [/\/sys\/class\/dmi\/id\/chassis_type|^(?:sudo\s+)?hostnamectl\b/, 'dmi'],
  [/^(?:sudo\s+)?(?:dmesg|journalctl)\b|\/var\/log\/(?:kern\.log|dmesg|syslog|messages)/, 'kernel-log'],
  [/\/var\/log\/libvirt\/|^(?:sudo\s+)?(?:virsh|qemu-system)/, 'qemu'],
  [/^(?:sudo\s+)?lspci\b/, 'lspci'],
  [/\/etc\/default\/grub/, 'grub'],
  [/modprobe\.d\//, 'modprobe'],
  [/^(?:sudo\s+)?lsmod\b|\/proc\/modules/, 'modules'],
  [/modules\.builtin/, 'modules-builtin'],
  [/^(?:sudo\s+)?uname\b|\/proc\/version/, 'uname'],
  [/os-release/, 'os-release'],
  [/\/proc\/cpuinfo|^(?:sudo\s+)?lscpu\b/, 'cpuinfo'],
  [/\/boot\/config-|config\.gz/, 'kconfig'],
  [/^\/etc\/modules$|\/etc\/modules-load\.d\/|\/etc\/initramfs-tools\/modules/, 'module-list'],
  [/^(?:sudo\s+)?(?:mkinitcpio|dracut|update-initramfs)\b/, 'build-log'],
  [/^\/(?:etc|boot|usr|lib|efi)\//, 'config'],
];

// `grep PATTERN /etc/mkinitcpio.conf`: an excerpt of that file (the last argument names it).
const GREP_FILE = /^(?:sudo\s+)?(?:grep|egrep|fgrep|rg)\b.*\s(\/(?:etc|boot|usr|lib|efi)\/\S+)\s*$/;

/** True when the section shows only the lines of a file a filter let through. */
export function isExcerpt(source: string | undefined): boolean {
  return !!source && GREP_FILE.test(source.trim());
}

export function kindOfSource(source: string): SourceKind {
  const s = source.trim();
  // `cat FILE`, `sudo cat FILE`, `head FILE`: the file decides
  const file = /^(?:sudo\s+)?(?:cat|head|tail|less|more|zcat|bat)\s+(?:-\S+\s+)*(\S+)/.exec(s) ?? GREP_FILE.exec(s);
  const probe = file ? file[1]! : s;
  for (const [re, kind] of BY_SOURCE) if (re.test(probe)) return kind;
  if (file) for (const [re, kind] of BY_SOURCE) if (re.test(s)) return kind;
  return 'auto';
}

/** The file a `cat FILE` prompt reads, so evidence and fixes name the path rather than the command. */
export function pathOfSource(source: string): string | undefined {
  const s = source.trim();
  if (s.startsWith('/')) return s.split(/\s/)[0];
  const file = /^(?:sudo\s+)?(?:cat|head|tail|less|more|bat)\s+(?:-\S+\s+(?:\d+\s+)?)*(\/\S+)\s*$/.exec(s);
  return file?.[1];
}

/** The path a file section stands for: its marker's path, or the file its `cat` prompt read. */
export function sectionPath(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  return pathOfSource(source) ?? GREP_FILE.exec(source.trim())?.[1] ?? source;
}
