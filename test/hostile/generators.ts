// fast-check generators for hostile pastes: real lines from the fixtures, mutated the way forums and terminals mangle them.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../harness';

function fixtureLines(): string[] {
  const files: string[] = [];
  const pastes = fixturePath('pastes');
  for (const f of readdirSync(pastes)) if (f.endsWith('.txt') && !f.endsWith('.golden.txt')) files.push(join(pastes, f));
  const rules = fixturePath('rules');
  for (const d of readdirSync(rules)) for (const f of readdirSync(join(rules, d))) if (f.endsWith('.txt')) files.push(join(rules, d, f));
  const set = new Set<string>();
  for (const f of files) for (const l of readFileSync(f, 'utf8').split('\n')) if (l.trim()) set.add(l);
  return [...set];
}

/** Every distinct non-blank line of fixtures/pastes/*.txt and fixtures/rules/*\/*.txt. */
export const REAL_LINES = fixtureLines();
/** Whole fixture pastes, for "pasted twice" and splicing whole outputs. */
export const REAL_PASTES = readdirSync(fixturePath('pastes'))
  .filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'))
  .map((f) => readFileSync(join(fixturePath('pastes'), f), 'utf8'));

const PREFIXES = ['$ ', '# ', 'user@deskbox:~$ ', '[root@fedora ~]# ', 'root@pve:~# ', '> ', '> > ', '>>> ', '❯ ', '    ', '\t', '```', '```text\n', '• ', '1. ', '\u00a0', '\u200b'];
const ANSI = ['\x1b[0m', '\x1b[1;31m', '\x1b[32m', '\x1b[2K', '\x1b[1A', '\x1b[?25l', '\x1b]0;title\x07', '\x1b[38;5;196m', '\x1b(B', '\x1b'];
const NOISE = ['\x00', '\r', '\t', '"', "'", '\\', '=', ':', '[', ']', '${', '`', '\ufffd', '\ufeff', 'é', '🙂', '\ud800', '0000:', '01:00.', '[    0.', 'IOMMU Group ', '99999999999999999999', '0000:zz:00.0', '0000:01:00.9', '=== ', ' ===', '==> '];

const realLine = fc.constantFrom(...REAL_LINES);

/** "Re-encoding": what copy/paste through other encodings and editors does to a line. */
function reencode(line: string, how: number): string {
  switch (how) {
    case 0: // UTF-8 bytes read as Latin-1 (mojibake)
      return Buffer.from(line, 'utf8').toString('latin1');
    case 1: // Latin-1 bytes read as UTF-8 (replacement characters)
      return Buffer.from(line, 'latin1').toString('utf8');
    case 2: // UTF-16 bytes read as UTF-8: NULs between the letters
      return Buffer.from(line, 'utf16le').toString('utf8');
    case 3: // tabs to spaces, spaces to non-breaking spaces (web pages)
      return line.replace(/\t/g, '    ').replace(/ /g, '\u00a0');
    case 4: // smart quotes and dashes
      return line.replace(/"/g, '\u201c').replace(/'/g, '\u2019').replace(/--/g, '\u2014');
    default: // upper case (OCR, shouting)
      return line.toUpperCase();
  }
}

/** One real line, mutated: truncated, spliced with another, re-encoded, prefixed, coloured, noise inserted. */
export const mutatedLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: realLine },
  { weight: 2, arbitrary: fc.tuple(realLine, fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))) },
  { weight: 2, arbitrary: fc.tuple(realLine, realLine, fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))) },
  { weight: 2, arbitrary: fc.tuple(realLine, fc.nat(5)).map(([l, how]) => reencode(l, how)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...PREFIXES), realLine).map(([p, l]) => p + l) },
  { weight: 2, arbitrary: fc.tuple(realLine, fc.constantFrom(...ANSI), fc.constantFrom(...ANSI), fc.nat()).map(([l, a, b, i]) => { const at = i % (l.length + 1); return a + l.slice(0, at) + b + l.slice(at); }) },
  { weight: 2, arbitrary: fc.tuple(realLine, fc.constantFrom(...NOISE), fc.nat()).map(([l, n, i]) => { const at = i % (l.length + 1); return l.slice(0, at) + n + l.slice(at); }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 60 }) },
);

/** A paste: mutated lines (some duplicated), joined with \n, \r\n or lone \r, sometimes a whole real paste mixed in. */
export const hostilePaste: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(mutatedLine, fc.nat(9)), { minLength: 0, maxLength: 30 }),
    fc.constantFrom('\n', '\r\n', '\r', '\n\n'),
    fc.option(fc.constantFrom(...REAL_PASTES), { freq: 4 }),
    fc.boolean(),
  )
  .map(([items, sep, whole, trailing]) => {
    const lines: string[] = [];
    for (const [l, dup] of items) {
      lines.push(l);
      if (dup === 0) lines.push(l); // duplicated line
    }
    const text = lines.join(sep) + (trailing ? sep : '');
    return whole ? `${whole}${sep}${text}` : text;
  });

/** Lines as a parser sees them. */
export const toLines = (text: string, source = 'fuzz') => text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, no: i + 1, source }));

// ---------- lines aimed at regular-expression shapes ----------

/** Characters (and pairs) that patterns quantify: a long run of one, inside an otherwise real line, finds backtracking. */
export const RUN_UNITS = [' ', '\t', '[', ']', '0', '9', 'a', '=', ':', '.', '-', '(', ')', '#', '/', ',', '@', '>', '*', '"', ': ', '[ ', ' -m ', '= ', '|', '0:', 'dracut[', 'iommu', 'for a in '];

/** Where a run may go: the start, the end, and each boundary between a word, a number, white space and punctuation. */
export function boundaries(line: string): number[] {
  const cls = (c: string) => (/[a-z]/i.test(c) ? 1 : /\d/.test(c) ? 2 : /\s/.test(c) ? 3 : 4);
  const out = new Set([0, line.length]);
  for (let i = 1; i < line.length; i++) if (cls(line[i]!) !== cls(line[i - 1]!) || cls(line[i]!) === 4) out.add(i);
  return [...out].sort((a, b) => a - b);
}

/** A real line with `length` characters of `unit` repeated at boundary number `at` (modulo how many it has). */
export function withRun(line: string, unit: string, at: number, length: number): string {
  const b = boundaries(line);
  const pos = b[at % b.length]!;
  return line.slice(0, pos) + unit.repeat(Math.ceil(length / unit.length)) + line.slice(pos);
}

/** The shape of a hostile line, to be built at any run length: a real line, a run unit, a boundary, a tail. */
export const runShape = fc.record({
  line: realLine,
  unit: fc.constantFrom(...RUN_UNITS),
  at: fc.nat(),
  // The line as a bundle section or a shell prompt would hand it to a parser, or alone.
  header: fc.constantFrom('', '=== dmesg ===', '=== /proc/cmdline ===', '$ lspci -nnk', '=== /etc/modprobe.d/vfio.conf ===', '=== /sys/bus/pci/devices ===', '$ cat /etc/default/grub', '=== host ==='),
  // A character that makes a pattern's end fail after a long run (a line separator, a NUL, a stray quote).
  tail: fc.constantFrom('', '\u2028', '\x00', '"', 'x'),
});
export type RunShape = typeof runShape extends fc.Arbitrary<infer T> ? T : never;

/** The paste for a shape with runs of `length` characters. */
export const shapedPaste = (s: RunShape, length: number) => (s.header ? `${s.header}\n` : '') + withRun(s.line, s.unit, s.at, length) + s.tail + '\n';

/** A line with a run of up to 300 characters, for properties that only need the shape (never a throw, valid facts). */
export const shapedLine: fc.Arbitrary<string> = fc.tuple(runShape, fc.integer({ min: 1, max: 300 })).map(([s, n]) => withRun(s.line, s.unit, s.at, n) + s.tail);
