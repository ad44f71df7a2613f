// Device names from the host's pci.ids, read once and only for the IDs we need (the file is over 1 MB): the wanted
// vendors are found by index, not by walking its 60,000 lines.
import type { HostIO } from './io';

const PATHS = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids', '/usr/share/pci.ids'];

export async function pciNames(io: HostIO, ids: { vendor: string; device: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  let bytes: Buffer | undefined;
  for (const p of PATHS) {
    try {
      bytes = await io.readBytes(p, 8 * 1024 * 1024);
    } catch {
      bytes = undefined;
    }
    if (bytes?.length) break;
  }
  if (!bytes?.length) return out;
  const wanted = new Map<string, Set<string>>();
  for (const { vendor, device } of ids) {
    if (!wanted.has(vendor)) wanted.set(vendor, new Set());
    wanted.get(vendor)!.add(device);
  }
  // ASCII IDs (every real file's) are looked for in the bytes themselves: decoding the file (1.3 MB, ~1 ms and as much
  // fresh memory) was most of the work. Positions are byte offsets; the lines' structure (IDs, tabs, newlines) is
  // ASCII, and every name is decoded from its own bytes (lineText). IDs that are not ASCII (only a hand-made tree has
  // them) are looked for in the decoded text.
  const ascii = [...wanted].every(([v, devices]) => isAscii(v) && [...devices].every(isAscii));
  const t: Text = ascii ? bytesText(bytes) : stringText(bytes.toString('utf8'));
  /** The line from `from` to `to` (no newline inside), from its `skip`th character on, as the file's UTF-8 says it. */
  const lineText = (from: number, to: number, skip: number): string => {
    if (!ascii) return t.slice(Math.min(from + skip, to), to);
    for (let i = from; i < Math.min(from + skip, to); i++) if (t.code(i) >= 0x80) return bytes!.toString('utf8', from, to).slice(skip);
    return bytes!.toString('utf8', Math.min(from + skip, to), to);
  };
  // Only the wanted vendors' blocks are read: each vendor line is found by search, and only its device lines are
  // walked. The vendor list ends where the classes ("C 03  …") start. pci.ids writes its IDs in lower case: each vendor
  // is looked for so first, in its other case spellings (a hand-made file) only when that finds nothing (each spelling
  // is a scan of the whole vendor list, ~0.25 ms; a big host's vendors had ~9, most not there).
  const classes = lineStarting(t, 'C ', 0, t.length);
  const vendorAt: [number, string][] = [];
  const findVendor = (v: string, spelling: string): boolean => {
    const before = vendorAt.length;
    for (let at = lineStarting(t, spelling, 0, classes); at < classes; at = lineStarting(t, spelling, at + 1, classes)) vendorAt.push([at, v]);
    return vendorAt.length > before;
  };
  for (const v of wanted.keys()) {
    const lower = v.toLowerCase();
    if (!findVendor(v, lower)) for (const spelling of caseSpellings(v)) if (spelling !== lower) findVendor(v, spelling);
  }
  // In file order, so a vendor listed twice is named as a reading from the top would (the later line wins).
  vendorAt.sort((a, b) => a[0] - b[0]);
  for (const [at, vendor] of vendorAt) {
    let end = t.nl(at);
    if (end < 0 || end > classes) end = Math.min(classes, t.length);
    // The vendor is the line's first four characters, whatever follows them ("ab" is not "abcd").
    if (t.slice(at, Math.min(at + 4, end)).toLowerCase() !== vendor) continue;
    const devices = wanted.get(vendor)!;
    const vendorName = lineText(at, end, 6).trim();
    // Its device lines follow, with comments and empty lines among them, until the next vendor line.
    for (let start = end + 1; start < classes; ) {
      let lineEnd = t.nl(start);
      if (lineEnd < 0) lineEnd = t.length;
      const from = start;
      start = lineEnd + 1;
      const c0 = t.code(from);
      if (from === lineEnd || c0 === 0x23) continue;
      if (c0 !== 0x09) break;
      if (t.code(from + 1) === 0x09) continue;
      const dev = t.slice(from + 1, Math.min(from + 5, lineEnd)).toLowerCase();
      if (devices.has(dev)) out.set(`${vendor}:${dev}`, `${vendorName} ${lineText(from, lineEnd, 7).trim()}`);
    }
  }
  return out;
}

/** The file as searched: its bytes (ASCII IDs) or its decoded text, by position. */
interface Text {
  length: number;
  /** Where `needle` (ASCII) next starts at or after `from`; -1 when nowhere. */
  find(needle: string, from: number): number;
  /** Whether the text starts with `prefix` (ASCII). */
  startsWith(prefix: string): boolean;
  /** Where the next newline is at or after `from`; -1 when none. */
  nl(from: number): number;
  /** The character (byte) at `i`; NaN past the end. */
  code(i: number): number;
  /** The characters (bytes as Latin-1) from `a` to `b`. */
  slice(a: number, b: number): string;
}

const bytesText = (b: Buffer): Text => ({
  length: b.length,
  find: (needle, from) => b.indexOf(needle, from, 'latin1'),
  startsWith: (prefix) => b.toString('latin1', 0, Math.min(prefix.length, b.length)) === prefix,
  nl: (from) => b.indexOf(0x0a, from),
  code: (i) => (i < b.length ? b[i]! : NaN),
  slice: (a, e) => b.toString('latin1', a, Math.min(e, b.length)),
});

const stringText = (s: string): Text => ({
  length: s.length,
  find: (needle, from) => s.indexOf(needle, from),
  startsWith: (prefix) => s.startsWith(prefix),
  nl: (from) => s.indexOf('\n', from),
  code: (i) => s.charCodeAt(i),
  slice: (a, e) => s.slice(a, e),
});

/** Where the first line starting with `prefix` at or after `from` begins; `limit` when none begins before it. */
function lineStarting(text: Text, prefix: string, from: number, limit: number): number {
  if (from === 0 && text.startsWith(prefix)) return 0;
  const at = text.find(`\n${prefix}`, Math.max(0, from - 1));
  return at < 0 || at + 1 >= limit ? limit : at + 1;
}

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

/** Every upper/lower case spelling of an ID ("10de" → 10de, 10dE, 10De, 10DE). */
function caseSpellings(id: string): string[] {
  let out = [''];
  for (const c of id) {
    const u = c.toUpperCase();
    out = u === c ? out.map((s) => s + c) : out.flatMap((s) => [s + c, s + u]);
  }
  return out;
}
