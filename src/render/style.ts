// Terminal styling that degrades to plain text: colour is never the only carrier of meaning.
import { displayWidth, sliceColumns } from '../text/width';
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export function makeStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { bold: id, dim: id, red: id, yellow: id, blue: id, green: id, cyan: id };
  }
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

const SGR = /\x1b\[[0-9;]*m/g;
/** Width on screen: our own colour codes take none. */
const visible = (s: string) => (s.includes('\x1b') ? s.replace(SGR, '').length : s.length);

/**
 * Word-wrap text to a width, with a hanging indent. Long words are split rather than overflowing (a coloured one is
 * left whole: splitting could cut its colour code). Colour codes in the text are not counted as width.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const max = Math.max(20, width - indent.length);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(/\s+/).filter(Boolean)) {
      while (word.length > max && !word.includes('\x1b')) {
        if (line) {
          out.push(indent + line);
          line = '';
        }
        out.push(indent + word.slice(0, max));
        word = word.slice(max);
      }
      if (!line) line = word;
      else if (visible(line) + 1 + visible(word) <= max) line += ` ${word}`;
      else {
        out.push(indent + line);
        line = word;
      }
    }
    out.push(indent + line);
  }
  return out;
}

/** Cut a line to a width (terminal columns: a Chinese character takes two) for evidence and diffs, which must stay one line each. */
export function clip(s: string, width: number): string {
  return displayWidth(s) <= width ? s : `${sliceColumns(s, Math.max(1, width - 1))[0]}…`;
}
