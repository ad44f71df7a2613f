// Facts straight from what the collector read of /sys (PCI functions, IOMMU groups), without parsing back the lines it
// rendered: the same facts, evidence and order as parse/sysfs.ts and parse/iommu-groups.ts give for those lines.
import type { RawSource, PciRecord } from '../schema/raw-source';
import type { PciDevice } from '../schema/facts';
import type { FactsSink } from '../schema/facts-sink';
import { MAX_LINE } from '../parse/line';
import { pathOfSource } from '../parse/source-kind';
import { FILTERED } from '../parse/kernel-log';

// What the collector writes as an address, already in normalizeBdf's form (a device number is at most 1f).
const NORMAL_BDF = /^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/;
// A line the sniffer would pass on untouched: printable ASCII, no blank at either end, not cut at MAX_LINE.
const PRINTABLE = /^[!-~](?:[ -~]*[!-~])?$/;
// A value written without quotes that the key=value reader takes back as it is: no blank, no leading quote.
const BARE = /^(?:[^\s"][^\s]*)?$/;

const bare = (v: string | undefined) => v === undefined || BARE.test(v);
const hexOf = (v: string) => (v.startsWith('0x') ? v.slice(2) : v).toLowerCase();
/** What the reader takes back from a value quote() wrote: a quoted one has its quotes turned into apostrophes. */
const unquoted = (v: string) => v.replace(/"/g, "'");

/** Can this record's facts be taken as they are (its line reads back to exactly them)? */
function plainRecord(r: PciRecord): boolean {
  if (r.line.length > MAX_LINE || !PRINTABLE.test(r.line) || !NORMAL_BDF.test(r.bdf) || !r.line.startsWith(`${r.bdf} `)) return false;
  // Field by field, not a loop over an array of them: thousands of records, read without V8's optimising compiler.
  if (!bare(r.vendor) || !bare(r.device) || !bare(r.classCode) || !bare(r.driver) || !bare(r.bootVga) || !bare(r.group) || !bare(r.powerState)) return false;
  // A subsystem part with a colon would split differently.
  if (r.subsystem && (!bare(r.subsystem[0]) || !bare(r.subsystem[1]) || r.subsystem[0].includes(':') || r.subsystem[1].includes(':'))) return false;
  return true;
}

/**
 * Take a collected source's structured records into the facts; false (nothing done) when the source has none, its
 * text is no longer the one they were rendered into, or a line holds something only the parser reads exactly.
 */
export function applyStructured(src: RawSource, b: FactsSink): boolean {
  const s = src.structured;
  if (!s || s.text !== src.text || src.kind !== s.kind) return false;
  const source = pathOfSource(src.source) ?? src.source;
  // The collector made `text` from these records, line for line (collect/system.ts, collect/pci.ts).
  if (s.kind === 'iommu-groups') {
    // A numbered group and an address in normal form make the line exactly this (nothing for escapeLine to change).
    // Indexed, the pairs not destructured: without V8's optimising compiler (a sysroot) each destructuring walks an
    // iterator, and a big host lists thousands.
    const members = s.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (!/^\d+$/.test(m[0]) || !Number.isSafeInteger(Number(m[0])) || !NORMAL_BDF.test(m[1])) return false;
    }
    b.groupListing(!(FILTERED.test(src.source) || /\s-s\s/.test(src.source)));
    for (let i = 0; i < members.length; i++) {
      const g = members[i]![0];
      const d = members[i]![1];
      b.addGroupMember(Number(g), d, { source, line: i + 1, text: `/sys/kernel/iommu_groups/${g}/devices/${d}` });
    }
    return true;
  }
  if (!s.records.every(plainRecord)) return false;
  b.groupListing(true);
  s.records.forEach((r, i) => {
    b.facts.pciComplete = true;
    // Keys in the order the line has them: a new device gets its fields in this order.
    const f: Partial<Omit<PciDevice, 'bdf' | 'evidence'>> = {};
    if (r.vendor !== undefined) f.vendor = hexOf(r.vendor);
    if (r.device !== undefined) f.device = hexOf(r.device);
    if (r.classCode !== undefined) f.classCode = hexOf(r.classCode);
    if (r.subsystem) {
      f.subVendor = hexOf(r.subsystem[0]);
      f.subDevice = hexOf(r.subsystem[1]);
    }
    f.driver = r.driver === '' || r.driver === '-' ? null : r.driver;
    if (r.driverOverride !== undefined) {
      const v = unquoted(r.driverOverride);
      f.driverOverride = v === '' || v === '(null)' ? null : v;
    }
    if (r.bootVga !== undefined) f.bootVga = r.bootVga === '1';
    const ev = { source, line: i + 1, text: r.line };
    if (r.group !== undefined && /^\d+$/.test(r.group) && Number.isSafeInteger(Number(r.group))) b.addGroupMember(Number(r.group), r.bdf, ev);
    if (r.resetMethod !== undefined) {
      const v = unquoted(r.resetMethod);
      f.resetMethods = v ? v.split(/[,\s]+/).filter(Boolean) : [];
    }
    if (r.powerState !== undefined) f.powerState = r.powerState;
    if (r.name !== undefined) f.name = unquoted(r.name);
    b.mergeDevice(r.bdf, f, ev);
  });
  return true;
}
