// Facts: what the parsers learned about a host, each with provenance; absent means unknown, never false.
import { z } from 'zod';
import { Evidence } from './evidence';
import { Vm } from './vm';

export const PciDevice = z.object({
  /** Full address with domain, lower case: 0000:01:00.0 */
  bdf: z.string(),
  vendor: z.string().optional().describe('4 hex digits, lower case'),
  device: z.string().optional(),
  subVendor: z.string().optional(),
  subDevice: z.string().optional(),
  /** PCI class as 6 hex digits (0x030000 → "030000"), 4 when prog-if is unknown ("0300"), 2 when only the base class is ("03": a display driver's log line). */
  classCode: z.string().optional(),
  className: z.string().optional(),
  name: z.string().optional(),
  /** undefined: unknown; null: known to have no driver bound. */
  driver: z.string().nullable().optional(),
  modules: z.array(z.string()).optional(),
  /** undefined: unknown; null: not set. */
  driverOverride: z.string().nullable().optional(),
  bootVga: z.boolean().optional(),
  iommuGroup: z.number().int().optional(),
  resetMethods: z.array(z.string()).optional(),
  powerState: z.string().optional(),
  evidence: z.array(Evidence),
});
export type PciDevice = z.infer<typeof PciDevice>;

export const CmdlineParam = z.object({ key: z.string(), value: z.string().optional(), raw: z.string() });
export type CmdlineParam = z.infer<typeof CmdlineParam>;

export const Cmdline = z.object({
  raw: z.string(),
  params: z.array(CmdlineParam),
  evidence: Evidence,
});
export type Cmdline = z.infer<typeof Cmdline>;

export const LogLine = z.object({
  /** Message with the timestamp, host and facility stripped. */
  message: z.string(),
  evidence: Evidence,
});
export type LogLine = z.infer<typeof LogLine>;

export const ModprobeDirective = z.object({
  kind: z.enum(['options', 'softdep', 'blacklist', 'install', 'alias', 'remove']),
  /** Module name normalised with underscores. */
  module: z.string(),
  args: z.string(),
  evidence: Evidence,
});
export type ModprobeDirective = z.infer<typeof ModprobeDirective>;

export const ConfigFile = z.object({
  path: z.string(),
  content: z.string(),
  /** Only some lines of the file were given (a grep): fine for rules, not for exact diffs. */
  partial: z.boolean().optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export const BootLoader = z.enum(['grub', 'grub-bls', 'systemd-boot', 'proxmox-boot-tool', 'kernelstub', 'nixos', 'refind']);
export type BootLoader = z.infer<typeof BootLoader>;
export const InitramfsGenerator = z.enum(['initramfs-tools', 'mkinitcpio', 'dracut', 'booster', 'nixos']);
export type InitramfsGenerator = z.infer<typeof InitramfsGenerator>;

export const QemuError = z.object({
  kind: z.enum([
    'group-not-viable',
    'container-eperm',
    'container-einval',
    'no-iommu-group',
    'vfio-not-supported',
    'header-127',
    'd3',
    'reset-failed',
    'builtin-modprobe',
    'kvm-missing',
    'hugepage-alloc',
    'memlock',
    'dma-map-enomem',
    'bar-busy',
    'other',
  ]),
  group: z.number().optional(),
  bdf: z.string().optional(),
  evidence: Evidence,
});
export type QemuError = z.infer<typeof QemuError>;

/** A device a VM definition, a QEMU command line or a VM tool's command names (the user means to pass it). */
export const VmDevice = z.object({
  bdf: z.string(),
  how: z.enum(['qemu-command-line', 'libvirt-xml', 'proxmox-config', 'virsh']),
  evidence: Evidence,
});
export type VmDevice = z.infer<typeof VmDevice>;

export const BuildMessage = z.object({
  tool: z.enum(['mkinitcpio', 'dracut', 'systemd-modules-load', 'modprobe']),
  module: z.string().optional(),
  evidence: Evidence,
});
export type BuildMessage = z.infer<typeof BuildMessage>;

/** One /proc/iomem line: an address range and who claimed it, with the names of the ranges it sits in. */
export const IomemRegion = z.object({
  /** Hex, lower case, without 0x; all zeros when read without root. */
  start: z.string(),
  end: z.string(),
  name: z.string(),
  /** Names of the enclosing ranges, outermost first (from the indentation). */
  within: z.array(z.string()),
  evidence: Evidence,
});
export type IomemRegion = z.infer<typeof IomemRegion>;

export const MeminfoValue = z.object({ value: z.number(), unit: z.string().optional(), evidence: Evidence });
export type MeminfoValue = z.infer<typeof MeminfoValue>;

export const Facts = z.object({
  /** The running kernel's command line (/proc/cmdline or dmesg "Command line:"). */
  cmdline: Cmdline.optional(),
  /** Other command lines seen (contradicting pastes). */
  otherCmdlines: z.array(Cmdline),
  kernelRelease: z.object({ value: z.string(), evidence: Evidence }).optional(),
  distro: z
    .object({ id: z.string().optional(), idLike: z.array(z.string()), versionId: z.string().optional(), name: z.string().optional(), evidence: Evidence })
    .optional(),
  cpu: z
    .object({
      vendor: z.enum(['intel', 'amd', 'other']).optional(),
      model: z.string().optional(),
      flags: z.array(z.string()).optional(),
      evidence: z.array(Evidence),
    })
    .optional(),
  /** Kernel log lines; `kernelLogComplete` says whether it covers boot (absence of a line means something). */
  kernelLog: z.array(LogLine),
  kernelLogSeen: z.boolean(),
  /**
   * Kernel-log sections pasted through grep (`dmesg | grep -i iommu`): the command (its pattern says which lines it
   * would have shown), whether the output reaches back to boot, and whether it was cut ("[...]").
   */
  kernelLogGreps: z.array(z.object({ command: z.string(), fromBoot: z.boolean(), cut: z.boolean(), evidence: Evidence })).optional(),
  kernelLogComplete: z.boolean(),
  pci: z.array(PciDevice),
  /** Whether the device list is the whole bus (sysfs, full lspci) or an excerpt. */
  pciComplete: z.boolean(),
  /** IOMMU groups: group number → BDFs. undefined when no listing was seen. */
  groups: z.record(z.string(), z.array(z.string())).optional(),
  groupsEvidence: z.array(Evidence),
  /** The group listing covers every device (sysfs, a full listing script, a full boot log), not just the ones shown. */
  groupsComplete: z.boolean(),
  /** A tool reported that IOMMU groups exist without listing them (virt-host-validate's PASS); undefined when none did. */
  iommuGroupsSeen: Evidence.optional(),
  /** /sys/class/iommu entries (dmar0, ivhd0); undefined when unknown. */
  iommuClass: z.array(z.string()).optional(),
  acpiTables: z.object({ DMAR: z.boolean().optional(), IVRS: z.boolean().optional() }),
  modulesLoaded: z.array(z.string()).optional(),
  /** The module list is the whole list (/proc/modules, lsmod with its header and no filter): absence then means absent. */
  modulesLoadedComplete: z.boolean(),
  /** Patterns of `lsmod | grep PATTERN`: such a list is complete for the modules the pattern matches. */
  modulesLoadedFilters: z.array(z.string()),
  modulesBuiltin: z.array(z.string()).optional(),
  /** Initramfs listings (lsinitramfs, lsinitcpio, lsinitrd): the modules each image holds; `filtered` when grep'd. */
  initramfsListings: z.array(z.object({ image: z.string().optional(), tool: z.enum(['lsinitramfs', 'lsinitcpio', 'lsinitrd']).optional().describe('the listing tool its command named: each reads its own generator\'s images'), modules: z.array(z.string()), filtered: z.boolean(), evidence: Evidence })).optional(),
  kconfig: z.record(z.string(), z.string()).optional(),
  configFiles: z.array(ConfigFile),
  grubVars: z.record(z.string(), z.object({ value: z.string(), evidence: Evidence })).optional(),
  kernelCmdlineFile: Cmdline.optional(),
  modprobe: z.array(ModprobeDirective),
  qemuErrors: z.array(QemuError),
  /** Devices VM definitions and commands in the input name (facts/intent.ts); undefined when none was looked for. */
  vmDevices: z.array(VmDevice).optional(),
  /** VM definitions read whole (libvirt domain XML, Proxmox VM config: src/schema/vm.ts); undefined when none was given. */
  vms: z.array(Vm).optional(),
  /**
   * Option ROM images read by rom-parser (`./rom-parser FILE`): the PCIR vendor/device and code types of each image
   * (0 x86 legacy, 3 EFI); complete when its "Last image" line was seen. undefined when none was given.
   */
  romImages: z.array(z.object({ vendor: z.string(), device: z.string(), types: z.array(z.number()), complete: z.boolean(), file: z.string().optional(), evidence: Evidence })).optional(),
  /** Regular files seen through `ls -l[Z] PATH` (or its "cannot access" error): for files a VM names (ROM files). */
  fileStats: z.record(z.string(), z.object({ exists: z.boolean(), perms: z.string().optional(), owner: z.string().optional(), group: z.string().optional(), label: z.string().optional(), evidence: Evidence })).optional(),
  buildMessages: z.array(BuildMessage),
  virt: z.object({ detectVirt: z.string().optional(), dmiVendor: z.string().optional(), dmiProduct: z.string().optional(), evidence: z.array(Evidence) }),
  devKvm: z.boolean().optional(),
  dmesgRestrict: z.boolean().optional(),
  euid: z.number().optional(),
  /** True when the input came from vfio-doctor's own collection (a host section): absence then means absent. */
  collected: z.boolean(),
  /**
   * What the user named only in prose, with the line that named it (src/parse/prose-mentions.ts): symptoms ("code43"),
   * the CPU ("cpu-amd", "cpu-intel"), "laptop", "muxless", the initramfs generator ("initramfs-booster"). Weaker than
   * output or a file: rules that use one say it was only stated.
   */
  mentions: z.record(z.string(), Evidence),
  /**
   * Kernel parameters the user states in a sentence as set ("With vfio-pci.ids=…", "kernelstub -a 'iommu=on'"), not
   * seen in /proc/cmdline or a boot configuration file (src/parse/prose-params.ts): what they meant to configure.
   */
  statedParams: z.array(z.object({ param: CmdlineParam, evidence: Evidence })).optional(),
  /** Log messages the user only paraphrased ("dmesg reports that KVM is disabled by my bios"): what was said, and the sentence. */
  logParaphrases: z.array(LogLine).optional(),
  /** Lines of hand-run probes (`ls -l /dev/kvm`, a denied dmesg, a failed modprobe), as evidence. */
  probes: z.array(Evidence),
  /** Notes from collection ("could not read the kernel log: …"). */
  notes: z.array(z.string()),
  /** Names of sources that could not be read, for "unable to check". */
  unavailable: z.array(z.string()),
  /** Modification times (ms since epoch) of config files and initramfs images, for staleness checks. */
  mtimes: z.record(z.string(), z.number()),
  /** Paths known to exist on the host (configs, bootloader markers) for detection. */
  paths: z.array(z.string()),
  unparsed: z.object({ count: z.number(), sample: z.array(Evidence) }),
  /** /proc/iomem ranges; undefined when it was not given. */
  iomem: z.array(IomemRegion).optional(),
  /** /proc/meminfo fields (MemTotal, HugePages_Total, Hugepagesize, …); undefined when it was not given. */
  meminfo: z.record(z.string(), MeminfoValue).optional(),
  /** /sys/kernel/mm/hugepages/hugepages-<size>kB/nr_hugepages by page size in kB. */
  hugepagesBySize: z.record(z.string(), z.object({ nr: z.number(), free: z.number().optional(), evidence: Evidence })).optional(),
  /** DMI chassis (/sys/class/dmi/id/chassis_type or hostnamectl): the SMBIOS type number when known and its kind. */
  chassis: z.object({ type: z.number().optional(), kind: z.string(), evidence: Evidence }).optional(),
});
export type Facts = z.infer<typeof Facts>;
