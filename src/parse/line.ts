// One input line after cleaning, with where it came from so evidence can point back at it.
export interface Line {
  /** Cleaned text: no ANSI codes, CR, quote marks or prompt. */
  text: string;
  /** 1-based line number in the original input. */
  no: number;
  /** Command or path the line came from, or "pasted text". */
  source: string;
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// Control characters other than tab, and zero-width characters; they only come from terminals, web pages and
// broken encodings.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]/g;

/** Remove terminal colour/cursor codes, carriage returns and other control characters. */
export function stripControl(raw: string): string {
  let s = raw;
  if (s.includes('\x1b')) s = s.replace(ANSI, '');
  if (/[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]/.test(s)) s = s.replace(CONTROL, '');
  return s;
}

/** Remove forum and e-mail quote marks ("> ", "> > ", ">> ") at the start of a line. */
export function stripQuote(s: string): string {
  const m = /^(?:\s{0,3}>+(?: |$))+/.exec(s);
  return m ? s.slice(m[0].length) : s;
}

export function evidenceOf(line: Line): { source: string; line: number; text: string } {
  return { source: line.source, line: line.no, text: line.text.trim().replace(/\t+/g, ' ') };
}

/** `s` as a regular expression that matches it literally. */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
