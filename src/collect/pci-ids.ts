// Device names from the host's pci.ids, read once and only for the IDs we need (the file is over 1 MB): the wanted
// vendors are found by index, not by walking its 60,000 lines.
import type { HostIO } from './io';
import { escapeRe } from '../parse/line';

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
  // An ID pci.ids can name: a vendor is matched against a line's first four characters and a device against the four
  // after a device line's tab, so a longer one (a hand-made or hostile tree's attribute file says anything) or one
  // with a line break is never named, and is not looked for (its case spellings alone are 2^length).
  const nameable = (id: string) => id.length <= 4 && !id.includes('\n');
  const wanted = new Map<string, Set<string>>();
  for (const { vendor, device } of ids) {
    if (!nameable(vendor) || !nameable(device)) continue;
    if (!wanted.has(vendor)) wanted.set(vendor, new Set());
    wanted.get(vendor)!.add(device);
  }
  if (wanted.size === 0) return out;
  // The file as Latin-1, one character per byte: decoding its UTF-8 (a few names have accents) made all 1.3 MB a
  // two-byte string, twice the memory and a slower search. Positions are byte offsets; the lines' structure (IDs,
  // tabs, newlines) is ASCII, and every name is decoded from its own bytes (lineText). IDs that are not ASCII (only a
  // hand-made tree has them) are looked for in the decoded text, as before.
  // (Over every ID, named or not: the decoding decides how the file's case folds, so it must not depend on which.)
  const ascii = ids.every(({ vendor, device }) => isAscii(vendor) && isAscii(device));
  const text = bytes.toString(ascii ? 'latin1' : 'utf8');
  /** The line from `from` to `to` (no newline inside), from its `skip`th character on, as the file's UTF-8 says it. */
  const lineText = (from: number, to: number, skip: number): string => {
    if (!ascii) return text.slice(Math.min(from + skip, to), to);
    for (let i = from; i < Math.min(from + skip, to); i++) if (text.charCodeAt(i) >= 0x80) return bytes!.toString('utf8', from, to).slice(skip);
    return bytes!.toString('utf8', Math.min(from + skip, to), to);
  };
  // Only the wanted vendors' blocks are read: their lines are found by one scan of the vendor list (which ends where
  // the classes, "C 03  …", start), and only their device lines are read. pci.ids writes its IDs in lower case: each
  // vendor is looked for so first, in its other case spellings (a hand-made file) only when that finds nothing, all of
  // those in a second scan (a scan each spelling of each vendor was ~0.25 ms: minutes for a tree of odd IDs).
  const { classes, starts: lowerAt } = vendorLines(text, [...new Set([...wanted.keys()].filter(Boolean).map((v) => v.toLowerCase()))]);
  const vendorAt: [number, string][] = [];
  const others = new Map<string, string[]>(); // spelling → the vendors it spells
  for (const v of wanted.keys()) {
    if (!v) continue; // below
    const lower = v.toLowerCase();
    const at = lowerAt.get(lower);
    if (at?.length) for (const a of at) vendorAt.push([a, v]);
    else
      for (const spelling of caseSpellings(v)) {
        if (spelling === lower) continue;
        const spelled = others.get(spelling);
        if (spelled) spelled.push(v);
        else others.set(spelling, [v]);
      }
  }
  if (others.size)
    for (const [spelling, at] of vendorLines(text, [...others.keys()], classes).starts) for (const a of at) for (const v of others.get(spelling)!) vendorAt.push([a, v]);
  // An empty vendor (a vendor file of "0x") starts every line, and is the first four characters of the empty ones.
  if (wanted.has('')) for (let at = 0; at < classes; at = text.indexOf('\n', at) + 1 || classes) if (text.charCodeAt(at) === 0x0a) vendorAt.push([at, '']);
  // In file order, so a vendor listed twice is named as a reading from the top would (the later line wins).
  vendorAt.sort((a, b) => a[0] - b[0]);
  /** Each vendor's device regex, made once however often its line is repeated. */
  const matchers = new Map<string, DeviceMatcher>();
  for (const [at, vendor] of vendorAt) {
    let end = text.indexOf('\n', at);
    if (end < 0 || end > classes) end = Math.min(classes, text.length);
    // The vendor is the line's first four characters, whatever follows them ("ab" is not "abcd").
    if (text.slice(at, Math.min(at + 4, end)).toLowerCase() !== vendor) continue;
    const devices = wanted.get(vendor)!;
    const vendorName = lineText(at, end, 6).trim();
    if (ascii) {
      let m = matchers.get(vendor);
      if (!m) matchers.set(vendor, (m = deviceMatcher(devices)));
      devicesByRegex(text, end, classes, m, (from, lineEnd, dev) => out.set(`${vendor}:${dev}`, `${vendorName} ${lineText(from, lineEnd, 7).trim()}`));
      continue;
    }
    // Its device lines follow, with comments and empty lines among them, until the next vendor line.
    for (let start = end + 1; start < classes; ) {
      let lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0) lineEnd = text.length;
      const from = start;
      start = lineEnd + 1;
      const c0 = text.charCodeAt(from);
      if (from === lineEnd || c0 === 0x23) continue;
      if (c0 !== 0x09) break;
      if (text.charCodeAt(from + 1) === 0x09) continue;
      const dev = text.slice(from + 1, Math.min(from + 5, lineEnd)).toLowerCase();
      if (devices.has(dev)) out.set(`${vendor}:${dev}`, `${vendorName} ${lineText(from, lineEnd, 7).trim()}`);
    }
  }
  return out;
}

/** The line after a vendor's block: one that is not empty and starts with neither a tab nor "#". */
const BLOCK_END = /\n(?=[^\n\t#])/g;

/** How a vendor's wanted devices are found in its block; undefined when none can be. */
type DeviceMatcher = { re: RegExp; devices?: ReadonlySet<string> } | undefined;

/**
 * A wanted ID the walk can match: lower case (the walk lowers the file's), no newline, at most four characters (fewer
 * only where the line ends there). Many of them (a tree of odd IDs): every device line's four characters, told apart
 * by the set.
 */
function deviceMatcher(devices: ReadonlySet<string>): DeviceMatcher {
  const alternatives: string[] = [];
  for (const d of devices) {
    if (d.length > 4 || d !== d.toLowerCase() || d.includes('\n')) continue;
    alternatives.push(d.length === 4 ? escapeRe(d) : `${escapeRe(d)}(?=\\n|$)`);
  }
  if (!alternatives.length) return undefined;
  // A device line is a tab, then not a tab (two tabs start a subsystem line).
  if (alternatives.length > 64) return { re: /\n\t(?!\t)([^\n]{0,4})/g, devices };
  return { re: new RegExp(`\\n\\t(?!\\t)(${alternatives.join('|')})`, 'gi') };
}

/**
 * The wanted device lines of the vendor block after the vendor line ending at `end` (before `limit`), in file order:
 * what the line-by-line walk finds (a device line: a tab, then not a tab; its device the next four characters, or
 * fewer where the line ends, in lower case), by two regex runs instead of a step a line (Intel's block is ~15,000
 * lines with its subsystems). For ASCII IDs only: the regex's case folding is ASCII's there.
 */
function devicesByRegex(text: string, end: number, limit: number, matcher: DeviceMatcher, found: (from: number, lineEnd: number, dev: string) => void): void {
  if (!matcher) return;
  BLOCK_END.lastIndex = end;
  const stop = BLOCK_END.exec(text);
  const blockEnd = Math.min(stop ? stop.index + 1 : text.length, limit);
  // The block alone is searched (a search past its last match would read on to the file's end).
  const block = text.slice(end, blockEnd);
  const { re, devices } = matcher;
  re.lastIndex = 0;
  for (let m = re.exec(block); m; m = re.exec(block)) {
    const dev = m[1]!.toLowerCase();
    if (devices && !devices.has(dev)) continue;
    const from = end + m.index + 1;
    let lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0) lineEnd = text.length;
    found(from, lineEnd, dev);
  }
}

/**
 * Where the classes start (the first line starting with "C ", the text's end when none; or `limit` when given), and
 * for each prefix (1-4 characters, no line break) where the lines before that starting with it begin, in file order,
 * all in one regex run: a lookahead for the prefixes themselves at each line start, or, for many prefixes (a tree of
 * odd IDs), for their first characters, the rest told by a set.
 */
function vendorLines(text: string, prefixes: string[], limit?: number): { classes: number; starts: Map<string, number[]> } {
  const starts = new Map<string, number[]>(prefixes.map((p) => [p, []]));
  const take = (at: number) => {
    for (let k = 1; k <= 4 && at + k <= text.length; k++) starts.get(text.slice(at, at + k))?.push(at);
  };
  if (limit === undefined && text.startsWith('C ')) return { classes: 0, starts };
  if (limit !== 0) take(0);
  const heads = limit === undefined ? ['C ', ...prefixes] : prefixes;
  const re =
    heads.length <= 64
      ? new RegExp(`\\n(?=${heads.map(escapeRe).join('|')})`, 'g')
      : new RegExp(`\\n(?=[${[...new Set(heads.map((h) => h[0]!))].map((c) => (/[\\\]^-]/.test(c) ? `\\${c}` : c)).join('')}])`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + 1;
    if (limit !== undefined ? at >= limit : text.startsWith('C ', at)) return { classes: limit ?? at, starts };
    take(at);
  }
  return { classes: limit ?? text.length, starts };
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
