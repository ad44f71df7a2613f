// Display width of terminal text for the Chinese layout tests: East Asian Wide/Fullwidth characters take two columns.
// A small local measure (the ranges string-width treats as wide for CJK text) so these tests do not depend on the
// layout helper that brings string-width into src/render.

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const SGR = /\x1b\[[0-9;]*m/g;

/** Columns `s` takes on a terminal (colour codes take none; combining marks and zero-width characters are rare here). */
export function columns(s: string): number {
  let n = 0;
  for (const ch of s.replace(SGR, '')) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** The lines of `text` wider than `width` columns, with their width, for a failure message that shows them. */
export function overflowing(text: string, width: number): string[] {
  return text
    .split('\n')
    .filter((l) => columns(l) > width)
    .map((l) => `${columns(l)}: ${l}`);
}
