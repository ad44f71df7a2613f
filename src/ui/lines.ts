// The chat's text model: lines of styled segments, wrapped to the terminal width before they reach Ink.
import { escapeText } from '../text/sanitize';
import { breakPieces, displayWidth as W, sliceColumns } from '../text/width';

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

/** Word-wrap styled segments to a width; continuation lines get `indent`. Words longer than a line are split. */
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
  let len = W(lead);
  let base = len;
  const newLine = () => {
    out.push(cur);
    cur = indent ? [seg(indent)] : [];
    len = W(indent);
    base = len;
  };
  for (const w of words) {
    let t = w.text;
    const sep = len > base && !w.glued ? 1 : 0;
    if (len > base && len + sep + W(t) > max) newLine();
    while (base + W(t) > max) {
      if (len > base) newLine();
      // At least one character per line, even a wide one in a one-column room (else this would never end).
      const [cut, after] = sliceColumns(t, max - len);
      const take = cut || [...t][0]!;
      cur.push(seg(take, w.tone));
      t = cut ? after : t.slice(take.length);
      newLine();
    }
    if (!t) continue;
    if (len > base && !w.glued) {
      cur.push(seg(' '));
      len++;
    }
    cur.push(w.tone ? seg(t, w.tone) : seg(t));
    len += W(t);
  }
  if (len > base || out.length === 0) out.push(cur);
  return out;
}

/** A paragraph of plain text in one tone, wrapped with a hanging indent (the first line is indented too). */
export function para(text: string, width: number, indent = '', tone?: Tone): Line[] {
  return text.split('\n').flatMap((p) => wrapSegs([seg(indent + p, tone)], width, indent));
}

/**
 * Preformatted text (diffs, file content, evidence) that must not be reflowed: long lines are cut at the width and
 * continued on the next line after a ↪ marker, so nothing is lost.
 */
export function pre(text: string, width: number, indent: string, tone?: Tone): Line[] {
  const max = Math.max(16, width - indent.length);
  const out: Line[] = [];
  for (const raw of text.replace(/\t/g, '    ').split('\n')) {
    let rest = raw;
    let first = true;
    do {
      const room = first ? max : max - 2;
      let cut = rest.length <= room ? rest.length : room;
      if (cut < rest.length) {
        // Prefer a break after a space (kept at the end of the line) when one is in the second half.
        const sp = rest.lastIndexOf(' ', room - 1);
        if (sp >= room / 2) cut = sp + 1;
      }
      const piece = rest.slice(0, cut);
      rest = rest.slice(cut);
      out.push(first ? [seg(indent), seg(piece, tone)] : [seg(indent), seg('↪ ', 'dim'), seg(piece, tone)]);
      first = false;
    } while (rest.length > 0);
  }
  return out;
}

/** A shell command: long ones are broken at spaces with a trailing backslash, so a copied command still runs. */
export function commandLines(cmd: string, width: number, indent: string): Line[] {
  const max = Math.max(20, width - indent.length);
  const prompt = '$ ';
  if (cmd.length + prompt.length <= max) return [[seg(indent), seg(prompt + cmd, 'cmd')]];
  const words = cmd.split(' ');
  const out: Line[] = [];
  let cur = prompt;
  for (const w of words) {
    const next = cur === prompt ? cur + w : `${cur} ${w}`;
    if (next.length + 2 > max && cur !== prompt && cur !== '  ') {
      out.push([seg(indent), seg(`${cur} \\`, 'cmd')]);
      cur = `  ${w}`;
    } else cur = next;
  }
  out.push([seg(indent), seg(cur, 'cmd')]);
  return out;
}
