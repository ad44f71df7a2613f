// The shape every input parser has: recognise its lines, then turn them into facts.
import type { FactsSink } from '../schema/facts-sink';
import type { Line } from './line';

export type SourceKind =
  | 'cmdline'
  | 'kernel-cmdline-file'
  | 'kernel-log'
  | 'lspci'
  | 'iommu-groups'
  | 'iommu-groups-ls'
  | 'sysfs-pci'
  | 'host'
  | 'grub'
  | 'modprobe'
  | 'modules'
  | 'modules-builtin'
  | 'module-list'
  | 'uname'
  | 'os-release'
  | 'cpuinfo'
  | 'kconfig'
  | 'qemu'
  | 'qemu-stderr'
  | 'virt-host-validate'
  | 'quickpassthrough'
  | 'sysfs-grep'
  | 'driverctl'
  | 'nodedev-xml'
  | 'libvirt-domain-xml'
  | 'initramfs-list'
  | 'pve-vm-config'
  | 'qemu-cmdline'
  | 'lspci-vmm'
  | 'pvesh-pci'
  | 'build-log'
  | 'probe'
  | 'config'
  | 'iomem'
  | 'meminfo'
  | 'dmi'
  | 'auto';

/** A kernel log line with its prefixes (syslog host, journal, dmesg stamp) taken off. */
export interface StrippedLog {
  message: string;
  stamped: boolean;
  /** Program that logged it when it came from the journal/syslog and it is not the kernel. */
  program?: string;
  zeroTime: boolean;
}

/**
 * What a shape test read of the last line it saw, handed back to its caller (sniff() keeps it on the block, so parse()
 * need not read the line again): the kernel log's stripped prefix; null when the line was not one.
 */
export interface ShapeRead {
  text?: string;
  stripped?: StrippedLog | null;
}

/** Per line of a block, by index: what the shape test already stripped (undefined: not read yet, null: not a log line). */
export type PreStripped = (StrippedLog | null | undefined)[];

export interface Parser {
  kind: Exclude<SourceKind, 'auto'>;
  /** Does this line, seen without context, belong to this kind of output? */
  starts(text: string, read?: ShapeRead): boolean;
  /** Given the previous line was ours, is this one a continuation (indented detail, header)? */
  continues?(text: string): boolean;
  /** Inside a section of this kind, lines this parser takes even when another parser's shape matches them. */
  claims?(text: string): boolean;
  /** Turn lines into facts; return the lines it could not read. Must not throw. */
  parse(lines: Line[], b: FactsSink, sectionSource?: string, stripped?: PreStripped): Line[];
}
