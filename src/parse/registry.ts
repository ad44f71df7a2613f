// Every parser by kind, and the order in which line shapes are tried on unmarked pastes.
import type { Parser, SourceKind } from './parser';
import { cmdlineParser, kernelCmdlineFileParser } from './cmdline';
import { kernelLogParser } from './kernel-log';
import { lspciParser } from './lspci';
import { iommuGroupsParser, iommuGroupsLsParser } from './iommu-groups';
import { grubParser } from './grub';
import { modprobeParser, moduleListParser, configParser } from './modprobe';
import { modulesParser, modulesBuiltinParser } from './modules';
import { unameParser, osReleaseParser, cpuinfoParser, kconfigParser } from './system-info';
import { qemuParser, buildLogParser } from './qemu';
import { sysfsPciParser, hostParser } from './sysfs';
import { probeParser } from './probe';
import { iomemParser } from './iomem';
import { meminfoParser } from './meminfo';
import { dmiParser } from './dmi';
import { qemuStderrParser } from './qemu-stderr';
import { virtHostValidateParser } from './virt-host-validate';
import { quickpassthroughParser } from './quickpassthrough';
import { sysfsGrepParser } from './sysfs-grep';
import { driverctlParser } from './driverctl';
import { nodedevXmlParser } from './nodedev-xml';
import { libvirtDomainXmlParser } from './libvirt-domain-xml';
import { initramfsListParser } from './initramfs-list';
import { pveVmConfigParser } from './pve-vm-config';
import { qemuCmdlineParser } from './qemu-cmdline';
import { lspciVmmParser } from './lspci-vmm';
import { pveshPciParser } from './pvesh-pci';

export const PARSERS: Record<Exclude<SourceKind, 'auto'>, Parser> = {
  cmdline: cmdlineParser,
  'kernel-cmdline-file': kernelCmdlineFileParser,
  'kernel-log': kernelLogParser,
  lspci: lspciParser,
  'iommu-groups': iommuGroupsParser,
  'iommu-groups-ls': iommuGroupsLsParser,
  'sysfs-pci': sysfsPciParser,
  host: hostParser,
  grub: grubParser,
  modprobe: modprobeParser,
  modules: modulesParser,
  'modules-builtin': modulesBuiltinParser,
  'module-list': moduleListParser,
  uname: unameParser,
  'os-release': osReleaseParser,
  cpuinfo: cpuinfoParser,
  kconfig: kconfigParser,
  qemu: qemuParser,
  'qemu-stderr': qemuStderrParser,
  'virt-host-validate': virtHostValidateParser,
  quickpassthrough: quickpassthroughParser,
  'sysfs-grep': sysfsGrepParser,
  driverctl: driverctlParser,
  'nodedev-xml': nodedevXmlParser,
  'libvirt-domain-xml': libvirtDomainXmlParser,
  'initramfs-list': initramfsListParser,
  'pve-vm-config': pveVmConfigParser,
  'qemu-cmdline': qemuCmdlineParser,
  'lspci-vmm': lspciVmmParser,
  'pvesh-pci': pveshPciParser,
  'build-log': buildLogParser,
  probe: probeParser,
  config: configParser,
  iomem: iomemParser,
  meminfo: meminfoParser,
  dmi: dmiParser,
};

/** Sections of these kinds are files: every line belongs to them, blank lines and comments included. */
export const WHOLE_FILE_KINDS = new Set<SourceKind>([
  'grub',
  'modprobe',
  'module-list',
  'config',
  'kernel-cmdline-file',
  'host',
  'os-release',
  'kconfig',
  'cpuinfo',
  'sysfs-pci',
  'modules-builtin',
]);

// Most specific shapes first; the kernel log's unstamped recogniser is broad, so it comes late.
export const SHAPE_ORDER: Parser[] = [
  probeParser,
  virtHostValidateParser,
  sysfsGrepParser,
  nodedevXmlParser,
  libvirtDomainXmlParser,
  initramfsListParser,
  pveVmConfigParser,
  qemuCmdlineParser,
  buildLogParser,
  sysfsPciParser,
  iomemParser,
  meminfoParser,
  dmiParser,
  lspciVmmParser,
  pveshPciParser,
  iommuGroupsParser,
  quickpassthroughParser,
  lspciParser,
  kernelLogParser,
  qemuParser,
  qemuStderrParser,
  grubParser,
  kconfigParser,
  modulesBuiltinParser,
  modulesParser,
  osReleaseParser,
  cpuinfoParser,
  unameParser,
  modprobeParser,
  cmdlineParser,
];
