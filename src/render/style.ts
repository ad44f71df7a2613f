// Terminal styling that degrades to plain text: colour is never the only carrier of meaning.
import { displayWidth, wrapWords, fitPrefix } from '../text/width';
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

/**
 * Word-wrap text to a width, with a hanging indent. Long words (URLs, paths, commands) are never split: the terminal
 * wraps them, so a copied one stays whole. Colour codes take no width and wide characters two (text/width.ts).
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const max = Math.max(20, width - displayWidth(indent));
  return text.split('\n').flatMap((para) => wrapWords(para.split(/\s+/).filter(Boolean).join(' '), max).map((l) => indent + l));
}

/** Cut a line to a width for evidence and diffs, which must stay one line each (Chinese counted in columns). */
export function clip(s: string, width: number): string {
  return displayWidth(s) <= width ? s : `${fitPrefix(s, Math.max(1, width - 1))}…`;
}
