// The chat's text model: lines of styled segments, wrapped to the terminal width before they reach Ink.
import { escapeText } from '../text/sanitize';
import { breakPieces, displayWidth, fitPrefix } from '../text/width';

export type Tone = 'error' | 'warning' | 'info' | 'ok' | 'dim' | 'bold' | 'cmd' | 'add' | 'del' | 'mark' | 'user' | 'heading';

export interface Seg {
  text: string;
  tone?: Tone;
}

export type Line = Seg[];

/** A styled piece of text; control characters from input are made visible here, so widths are measured on what is drawn. */
export const seg = (raw: string, tone?: Tone): Seg => {
  const text = escapeText(raw);
  return tone ? { text, tone } : { text };
};
export const lineText = (l: Line): string => l.map((s) => s.text).join('');

/**
 * Word-wrap styled segments to a width (in columns: text/width.ts); continuation lines get `indent`. A word longer than
 * a line (a URL, a path) is never split: it gets a line of its own and the terminal wraps it, so it is copied whole.
 */
export function wrapSegs(segs: Seg[], width: number, indent = ''): Line[] {
  const max = Math.max(16, width);
  const lead = /^\s*/.exec(segs.map((s) => s.text).join(''))?.[0] ?? '';
  // Words with their tone; `glued` when no whitespace separated it from the previous word (across segments too).
  const words: (Seg & { glued: boolean })[] = [];
  let prevEndsWord = false;
  for (const s of segs) {
    const parts = s.text.split(/(\s+)/);
    parts.forEach((p, i) => {
      if (!p) return;
      if (/^\s+$/.test(p)) {
        prevEndsWord = false;
        return;
      }
      // Chinese has no spaces: a line may break after any of its characters (the pieces are glued, not spaced).
      breakPieces(escapeText(p)).forEach((piece, j) => words.push({ text: piece, tone: s.tone, glued: j > 0 || (prevEndsWord && i === 0 && words.length > 0) }));
      prevEndsWord = true;
    });
  }
  const out: Line[] = [];
  let cur: Line = lead ? [seg(lead)] : [];
  let len = displayWidth(lead);
  let base = len;
  const newLine = () => {
    out.push(cur);
    cur = indent ? [seg(indent)] : [];
    len = displayWidth(indent);
    base = len;
  };
  for (const w of words) {
    const t = w.text;
    const tw = displayWidth(t);
    const sep = len > base && !w.glued ? 1 : 0;
    if (len > base && len + sep + tw > max) newLine();
    if (len > base && !w.glued) {
      cur.push(seg(' '));
      len++;
    }
    cur.push(w.tone ? seg(t, w.tone) : seg(t));
    len += tw;
  }
  if (len > base || out.length === 0) out.push(cur);
  return out;
}

/** A paragraph of plain text in one tone, wrapped with a hanging indent (the first line is indented too). */
export function para(text: string, width: number, indent = '', tone?: Tone): Line[] {
  return text.split('\n').flatMap((p) => wrapSegs([seg(indent + p, tone)], width, indent));
}

/**
 * Preformatted text that must not be reflowed (diffs, file content, links): one row per line, never cut, so what is
 * copied is what the file or command holds; a line wider than the screen is wrapped by the terminal, with no marks.
 */
export function pre(text: string, _width: number, indent: string, tone?: Tone): Line[] {
  return text
    .replace(/\t/g, '    ')
    .split('\n')
    .map((l) => [seg(indent), seg(l, tone)]);
}

/**
 * Evidence, read but not copied: a long line is cut at the width and continued on the next after a ↪ marker, so
 * nothing is lost and the layout holds.
 */
export function quoted(text: string, width: number, indent: string, tone?: Tone): Line[] {
  const max = Math.max(16, width - displayWidth(indent));
  const out: Line[] = [];
  for (const raw of text.replace(/\t/g, '    ').split('\n')) {
    let rest = raw;
    let first = true;
    do {
      const room = first ? max : max - 2;
      let piece = fitPrefix(rest, room);
      if (piece.length < rest.length) {
        // Prefer a break after a space (kept at the end of the line) when one is in the second half.
        const sp = piece.lastIndexOf(' ');
        if (sp >= piece.length / 2) piece = piece.slice(0, sp + 1);
      }
      if (!piece) piece = Array.from(rest)[0]!;
      rest = rest.slice(piece.length);
      out.push(first ? [seg(indent), seg(piece, tone)] : [seg(indent), seg('↪ ', 'dim'), seg(piece, tone)]);
      first = false;
    } while (rest.length > 0);
  }
  return out;
}

/** A shell command: long ones are broken at spaces with a trailing backslash, so a copied command still runs. */
export function commandLines(cmd: string, width: number, indent: string): Line[] {
  const max = Math.max(20, width - displayWidth(indent));
  const prompt = '$ ';
  if (displayWidth(cmd) + prompt.length <= max) return [[seg(indent), seg(prompt + cmd, 'cmd')]];
  const words = cmd.split(' ');
  const out: Line[] = [];
  let cur = prompt;
  for (const w of words) {
    const next = cur === prompt ? cur + w : `${cur} ${w}`;
    if (displayWidth(next) + 2 > max && cur !== prompt && cur !== '  ') {
      out.push([seg(indent), seg(`${cur} \\`, 'cmd')]);
      cur = `  ${w}`;
    } else cur = next;
  }
  out.push([seg(indent), seg(cur, 'cmd')]);
  return out;
}
