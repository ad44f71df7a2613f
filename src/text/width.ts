// How many terminal columns text takes: East Asian wide and fullwidth characters (Chinese, fullwidth punctuation) take two.
// (Wide ranges after Unicode's EastAsianWidth W/F classes for the scripts this tool prints; emoji are not used.)
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const WIDE_G = new RegExp(WIDE.source, 'g');

/** Columns of plain text (no escape sequences). */
export function displayWidth(s: string): number {
  const wide = s.match(WIDE_G)?.length ?? 0;
  return [...s].length + wide;
}

/** Whether a character is drawn two columns wide. */
export const isWide = (ch: string): boolean => WIDE.test(ch);

/** Cut text to at most `cols` columns (never in the middle of a wide character). */
export function sliceColumns(s: string, cols: number): [string, string] {
  let w = 0;
  let i = 0;
  const chars = [...s];
  for (; i < chars.length; i++) {
    const cw = isWide(chars[i]!) ? 2 : 1;
    if (w + cw > cols) break;
    w += cw;
  }
  return [chars.slice(0, i).join(''), chars.slice(i).join('')];
}

/**
 * The places a line may break inside a run without spaces: after each Chinese character, with closing punctuation kept
 * on the character before it （a line never starts with ，。）). Latin runs stay whole.
 */
const PIECE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f][\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u300b,.:;!?)]*|[^\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+/g;
export const breakPieces = (word: string): string[] => word.match(PIECE) ?? [word];
