// What parsers write facts into: the narrow surface of the facts builder that parsers call, so parse/ need not know facts/.
import type { Facts, PciDevice, Cmdline } from './facts';
import type { Evidence } from './evidence';
import type { Vm } from './vm';

export interface FactsSink {
  /** The facts being gathered; parsers fill the plain fields (kernel log, configs, paths …) directly. */
  readonly facts: Facts;
  /** The device at this address, created empty when nothing named it yet. */
  device(bdf: string): PciDevice;
  /** Merge fields into a device, never replacing a known value with an unknown one; keeps the evidence once. */
  mergeDevice(bdf: string, fields: Partial<Omit<PciDevice, 'bdf' | 'evidence'>>, ev?: Evidence): PciDevice;
  /** A listing of IOMMU groups was read (an empty listing is knowledge too). */
  markGroupsKnown(ev?: Evidence): void;
  /** One group listing was read; `complete` false when it may leave devices out. */
  groupListing(complete: boolean): void;
  addGroupMember(group: number, bdf: string, ev?: Evidence): void;
  /** A group known to exist whose members were not listed. */
  addGroupNumber(group: number, ev?: Evidence): void;
  /** Group membership told only by the kernel log (corroboration unless nothing else lists groups). */
  addLogGroupMember(group: number, bdf: string): void;
  setCmdline(c: Cmdline): void;
  /** A line nobody could read: counted, a few kept as a sample. */
  unparsed(ev: Evidence): void;
  addVm(vm: Vm): void;
  /** libvirt starts this domain with the host (its autostart link, or `virsh list --autostart`): applied to the VM of that name. */
  vmAutostart?(name: string, ev: Evidence): void;
  note(text: string): void;
}
