// Width on screen, the one measure for the text report, the chat's views and the line editor: colour and hyperlink
// escapes take no columns, CJK and other wide characters take two (string-width), and prose is wrapped by wrap-ansi.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Columns a string takes in a terminal. */
export function displayWidth(s: string): number {
  // Plain ASCII, the common case, needs no tables.
  return /^[\x20-\x7e]*$/.test(s) ? s.length : stringWidth(s);
}

/**
 * Word-wrap one paragraph to `width` columns. Words longer than a line are never split: a URL, a path or a command
 * stays whole and the terminal wraps it, so copying it gives what it says.
 */
export function wrapWords(text: string, width: number): string[] {
  if (!CJK_RUN.test(text)) return wrapAnsi(text, Math.max(1, width), { hard: false, trim: true, wordWrap: true }).split('\n');
  // Chinese has no spaces to break at: a line may end after any Chinese character (breakPieces), Latin words stay whole.
  const lines: string[] = [];
  let cur = '';
  let w = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    breakPieces(word).forEach((piece, j) => {
      const pw = displayWidth(piece);
      const sep = cur && j === 0 ? 1 : 0;
      if (cur && w + sep + pw > width) {
        lines.push(cur);
        cur = piece;
        w = pw;
        return;
      }
      cur += (sep ? ' ' : '') + piece;
      w += sep + pw;
    });
  }
  if (cur || !lines.length) lines.push(cur);
  return lines;
}

const CJK_RUN = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** The longest prefix of `s` (by code point) that fits in `width` columns. */
export function fitPrefix(s: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width) break;
    w += cw;
    out += ch;
  }
  return out;
}

/** The longest suffix of `s` that fits in `width` columns. */
export function fitSuffix(s: string, width: number): string {
  const cs = Array.from(s);
  let w = 0;
  let i = cs.length;
  while (i > 0 && w + displayWidth(cs[i - 1]!) <= width) w += displayWidth(cs[--i]!);
  return cs.slice(i).join('');
}

const URL = /\bhttps?:\/\/[\x21-\x7e]*[\w/#=&-]/g;

/**
 * Every http(s) URL in a line as an OSC 8 hyperlink whose visible text is the URL itself (copying still gives it).
 * Only printable ASCII URLs are linked: nothing from input can smuggle an escape through the link target.
 */
export function linkify(line: string): string {
  return line.replace(URL, (u) => `\x1b]8;;${u}\x1b\\${u}\x1b]8;;\x1b\\`);
}

/** Cut text at `cols` columns (never inside a wide character): the part that fits and the rest. */
export function sliceColumns(s: string, cols: number): [string, string] {
  const head = fitPrefix(s, cols);
  return [head, s.slice(head.length)];
}

/**
 * The places a line may break inside a run without spaces: after each Chinese character, with closing punctuation kept
 * on the character before it (a line never starts with ，。）). Latin runs stay whole.
 */
const PIECE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f][\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u300b,.:;!?)]*|[^\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+[\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u300b]*/g;
export const breakPieces = (word: string): string[] => word.match(PIECE) ?? [word];
