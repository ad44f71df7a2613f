// The one input shape of the pipeline: live, sysroot and pasted text all become RawSource[].
import type { SourceKind } from '../parse/parser';

export interface RawSource {
  /** Command or path this text came from; "pasted text" for a paste (markers inside it are honoured). */
  source: string;
  /** What the text is; "auto" (the default) recognises each line by its shape. */
  kind?: SourceKind;
  text: string;
  /**
   * When a big input was read through the log lane (parse/log-lane.ts), `text` holds only the lines kept, and this is
   * each one's number in the input (evidence points at the line the user has).
   */
  lineNos?: number[];
  /**
   * With lineNos: how many kernel lines the lane left out (nothing reads them), how many repeats it folded, and how
   * many other lines it counted without keeping them (runs of blank or repeated lines, lines no parser reads); `older`:
   * the lines before the part of a very big log that was read (collect/sysroot-io.ts readLog), not read at all.
   */
  skipped?: { dropped: number; folded: number; other?: number; older?: number };
  /**
   * What the collector read, as it read it, for the facts to take without parsing `text` back (facts/structured-sysfs.ts).
   * `text` stays what the bundle shows and evidence quotes; the records are used only while `text` is the one they
   * were rendered into.
   */
  structured?: StructuredSysfs;
}

/** One PCI function as collect/pci.ts read it: the values its line in `text` shows, before quoting. */
export interface PciRecord {
  bdf: string;
  /** Its line in `text`. */
  line: string;
  vendor?: string;
  device?: string;
  classCode?: string;
  subsystem?: [string, string];
  driver: string;
  driverOverride?: string;
  bootVga?: string;
  group?: string;
  resetMethod?: string;
  powerState?: string;
  name?: string;
}

export type StructuredSysfs =
  | { kind: 'sysfs-pci'; text: string; records: PciRecord[] }
  /** /sys/kernel/iommu_groups: each listed function's group folder and name, in the order of `text`'s lines. */
  | { kind: 'iommu-groups'; text: string; members: [group: string, bdf: string][] };
