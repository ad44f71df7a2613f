// The width of a string made only of characters whose width is known without Unicode tables (printable ASCII, colour
// escapes and a few narrow symbols the chat draws: its spinner, …, ›, –, box drawing), or undefined: string-width must
// measure it.
// The build puts this in front of string-width (scripts/build.mjs, lazy-string-width), so the chat's first frame
// ("⠋ Reading…") is laid out without loading string-width and compiling its emoji and grapheme expressions (~20 ms).

/**
 * Code points of width 1 for string-width 8 and 7 alike (with ambiguous characters narrow, their default), that never
 * join a neighbour into one grapheme and are not emoji on their own (test/text/known-width.test.ts checks each).
 */
function narrow(c: number): boolean {
  return (
    (c >= 0xa0 && c <= 0x17f && c !== 0xa9 && c !== 0xad && c !== 0xae) || // Latin-1 and Latin Extended-A, not © ® or the soft hyphen
    (c >= 0x2010 && c <= 0x2027) || // dashes, quotes, bullet, …
    (c >= 0x2030 && c <= 0x203b) || // ‰ ′ ‹ › ※
    (c >= 0x2190 && c <= 0x2193) || // ← ↑ → ↓
    (c >= 0x2500 && c <= 0x259f) || // box drawing, blocks
    (c >= 0x2800 && c <= 0x28ff) // Braille (the spinner)
  );
}

/**
 * Columns `s` takes when every character in it is printable ASCII or narrow(), apart from colour escapes (SGR,
 * ESC [ n;n m: no columns, as string-width's strip-ansi reads them); undefined otherwise.
 */
export function knownWidth(s: unknown, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }): number | undefined {
  if (typeof s !== 'string' || options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes) return undefined;
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) width++;
    else if (c === 0x1b) {
      const end = sgrEnd(s, i);
      if (end < 0) return undefined;
      i = end;
    } else if (narrow(c)) width++;
    else return undefined;
  }
  return width;
}

/** Index of the final m of an SGR sequence starting at `i` (parameters of up to 3 digits), or -1. */
function sgrEnd(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 0x5b) return -1; // [
  let digits = 0;
  for (let j = i + 2; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return -1;
    } else if (c === 0x3b) digits = 0; // ;
    else return c === 0x6d ? j : -1; // m
  }
  return -1;
}
