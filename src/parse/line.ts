// One input line after cleaning, with where it came from so evidence can point back at it.
export interface Line {
  /** Cleaned text: no ANSI codes, CR, quote marks or prompt; at most MAX_LINE characters (what the parsers read). */
  text: string;
  /** The whole cleaned line, when it was longer than MAX_LINE: evidence shows it whole. */
  full?: string;
  /** 1-based line number in the original input. */
  no: number;
  /**
   * 1-based line number within the section `source` names (a bundle's or paste's `=== /proc/cmdline ===` or
   * `$ lspci -nnk`), when that differs from `no`: evidence points into the file or command output it names. 0: the
   * source is a file the line writes or names, whose own line number is unknown (evidence then gives none).
   */
  at?: number;
  /** Command or path the line came from, or "pasted text". */
  source: string;
}

/**
 * The longest line the parsers' patterns see: a longer line is read up to here (it is kept whole for evidence, and
 * counted in a note). No real output line comes near it (a kernel command line is at most 4 KB on any architecture,
 * a log message about 1 KB); it bounds what any pattern costs on a line, whatever its shape.
 */
export const MAX_LINE = 4096;

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// Control characters other than tab, and zero-width characters; they only come from terminals, web pages and
// broken encodings.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]/g;
// Unicode line and paragraph separators (web pages) read as spaces: "." does not match them, and a pattern's "$" after
// ".*" failing on one makes it retry at every position.
const SEPARATORS = /[\u2028\u2029]/g;

/** Remove terminal colour/cursor codes, carriage returns and other control characters. */
export function stripControl(raw: string): string {
  let s = raw;
  if (s.includes('\x1b')) s = s.replace(ANSI, '');
  if (/[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]/.test(s)) s = s.replace(CONTROL, '');
  if (/[\u2028\u2029]/.test(s)) s = s.replace(SEPARATORS, ' ');
  return s;
}

/** Remove forum and e-mail quote marks ("> ", "> > ", ">> ") at the start of a line. */
export function stripQuote(s: string): string {
  const m = /^(?:\s{0,3}>+(?: |$))+/.exec(s);
  return m ? s.slice(m[0].length) : s;
}

// Typographic stand-ins web pages, chat clients and word processors put in place of ASCII: curly quotes, primes,
// dashes and the minus sign, no-break and figure spaces, the ellipsis, and invisible marks (soft hyphen, direction
// marks). A message quoted through one of them must still match the program's own wording.
const TYPOGRAPHIC = /[\u00a0\u00ad\u2007\u200e\u200f\u202f\u2010-\u2015\u2018-\u201f\u2026\u2032\u2033\u2212]/;
const TYPOGRAPHIC_ALL = new RegExp(TYPOGRAPHIC.source, 'g');
const ASCII_OF: Record<string, string> = {
  '\u00a0': ' ', '\u2007': ' ', '\u202f': ' ', '\u00ad': '', '\u200e': '', '\u200f': '',
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
  '\u2026': '...',
};

/** Whether `s` holds any typographic stand-in normalizeTypography() replaces (one test for a whole paste). */
export const hasTypography = (s: string): boolean => TYPOGRAPHIC.test(s);

/** ASCII for typographic quotes, dashes, spaces and the ellipsis; invisible marks removed. */
export function normalizeTypography(s: string): string {
  return s.replace(TYPOGRAPHIC_ALL, (c) => ASCII_OF[c] ?? '-');
}

// A whole line set as Markdown inline code: `…` (one pair, nothing outside it but blanks, no backtick inside).
const INLINE_CODE = /^\s*`([^`]+)`\s*$/;

/** The text inside a line that is one Markdown inline-code span; the line itself otherwise. */
export function stripInlineCode(s: string): string {
  const m = INLINE_CODE.exec(s);
  return m ? m[1]! : s;
}

/** The line's number in the source it names: within its section, else in the input. */
export const lineIn = (line: Pick<Line, 'no' | 'at'>): number => line.at || line.no;

export function evidenceOf(line: Line): { source: string; line?: number; text: string } {
  const trimmed = (line.full ?? line.text).trim();
  // Most lines have no tab: no regex run for them (every kept line of a big log gets evidence).
  const text = trimmed.includes('\t') ? trimmed.replace(/\t+/g, ' ') : trimmed;
  return line.at === 0 ? { source: line.source, text } : { source: line.source, line: lineIn(line), text };
}

/** `s` as a regular expression that matches it literally. */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
