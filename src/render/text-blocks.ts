// Blocks → terminal lines: word-wrapped with hanging indents, colour per span, diffs and commands verbatim.
import { type Block, type EvidenceItem, type Tone, diffLineKind } from './blocks';
import { type Style, clip } from './style';
import { excerpt } from './excerpt';
import { PENDING_MARK } from './finding-blocks';
import { breakPieces, displayWidth, linkify } from '../text/width';
import { tr } from '../i18n/lang';

export interface TextContext {
  width: number;
  style: Style;
  /** Indent of everything but a finding's heading line. */
  indent: string;
  /** The mark of a finding's heading per severity ("✖ ERROR"). */
  mark?: Record<'error' | 'warning' | 'info', string>;
  /** Print URLs in prose and links as OSC 8 hyperlinks (cli/hyperlinks.ts decides when the terminal shows them). */
  hyperlinks?: boolean;
}

/** The severity marks, in the run's language (a function: the language is set after this module loads). */
const MARK = () => ({ error: tr('✖ ERROR', '✖ 错误'), warning: tr('▲ WARNING', '▲ 警告'), info: tr('ℹ INFO', 'ℹ 提示') });

function paint(s: Style, tone: Tone | undefined): (t: string) => string {
  switch (tone) {
    case 'strong':
      return s.bold;
    case 'dim':
      return s.dim;
    case 'ok':
      return s.green;
    case 'warning':
      return s.yellow;
    default:
      return (t) => t;
  }
}

/** A span, or text with its own paint (a severity mark in its colour). */
type Piece = { text: string; tone?: Tone; paint?: (t: string) => string };

/**
 * Word-wrap spans to a width with a hanging indent (the first line gets `indent` too), as style.ts wrapText does for
 * plain text, but measuring only what is visible: colour is added per word after the line is laid out, so a coloured
 * report wraps exactly like a plain one.
 */
export function wrapSpans(spans: Piece[], width: number, indent: string, s: Style): string[] {
  const max = Math.max(20, width - displayWidth(indent));
  const paras: Piece[][][] = [[]];
  // Words that follow the previous one with no space between: the pieces of a Chinese run (a line may break after any
  // Chinese character, text/width.ts breakPieces), drawn without the joining space.
  const glued = new WeakSet<Piece[]>();
  let word: Piece[] | undefined;
  for (const sp of spans) {
    for (const part of sp.text.split(/(\s+)/)) {
      if (!part) continue;
      if (/^\s+$/.test(part)) {
        word = undefined;
        for (const _ of part.match(/\n/g) ?? []) paras.push([]);
        continue;
      }
      breakPieces(part).forEach((piece, j) => {
        if (j > 0) {
          paras[paras.length - 1]!.push((word = []));
          glued.add(word);
        } else if (!word) paras[paras.length - 1]!.push((word = []));
        word!.push({ ...sp, text: piece });
      });
    }
  }
  const len = (w: Piece[]) => w.reduce((n, p) => n + displayWidth(p.text), 0);
  const draw = (ws: Piece[][]) => {
    // Runs of one style are painted once (a space between two words of the same style joins their run).
    const runs: Piece[] = [];
    const same = (a: Piece | undefined, b: Piece | undefined) => !!a && !!b && a.tone === b.tone && a.paint === b.paint;
    ws.forEach((w, i) => {
      if (i > 0 && !glued.has(w)) runs.push(same(ws[i - 1]!.at(-1), w[0]) ? { ...w[0]!, text: ' ' } : { text: ' ' });
      runs.push(...w);
    });
    const merged: Piece[] = [];
    for (const p of runs) {
      const last = merged.at(-1);
      if (same(last, p)) merged[merged.length - 1] = { ...last!, text: last!.text + p.text };
      else merged.push(p);
    }
    return merged.map((p) => (p.paint ?? paint(s, p.tone))(p.text)).join('');
  };
  const out: string[] = [];
  for (const words of paras) {
    let line: Piece[][] = [];
    let lineLen = 0;
    // A word longer than a line (a URL, a path, a command) is never split: it gets a line of its own and the terminal
    // wraps it, so copying it gives it whole.
    for (const w of words) {
      if (!line.length) {
        line = [w];
        lineLen = len(w);
      } else if (lineLen + (glued.has(w) ? 0 : 1) + len(w) <= max) {
        line.push(w);
        lineLen += (glued.has(w) ? 0 : 1) + len(w);
      } else {
        out.push(indent + draw(line));
        line = [w];
        lineLen = len(w);
      }
    }
    out.push(indent + draw(line));
  }
  return out;
}

/** Evidence grouped by source (command or path), each line with its line number in the input. */
function evidenceLines(evidence: EvidenceItem[], width: number, s: Style, indent: string, focus: string[] = []): string[] {
  const bySource = new Map<string, EvidenceItem[]>();
  for (const e of evidence) {
    if (!bySource.has(e.source)) bySource.set(e.source, []);
    bySource.get(e.source)!.push(e);
  }
  const out = [`${indent}${s.bold(tr('Evidence:', '依据：'))}`];
  const numWidth = Math.max(0, ...evidence.map((e) => String(e.line ?? '').length));
  // One source fits on the "Evidence:" line when it is short enough; several keep one line each, aligned.
  const [only] = bySource.keys();
  const oneLine = bySource.size === 1 && indent.length + 10 + displayWidth(only!) <= width;
  for (const [source, items] of bySource) {
    if (oneLine) out[0] += ` ${s.dim(source)}`;
    else out.push(`${indent}  ${s.dim(clip(source, width - 4))}`);
    for (const e of [...items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) {
      const num = numWidth ? `${String(e.line ?? '').padStart(numWidth)} │ ` : '│ ';
      out.push(`${indent}    ${s.dim(num)}${excerpt(e.text, Math.max(20, width - 6 - num.length), focus)}`);
    }
  }
  return out;
}

/** The lines of one list item: its first paragraph after the number, the rest under it. */
function itemLines(blocks: Block[], head: string, sub: string, c: TextContext): string[] {
  const out: string[] = [];
  blocks.forEach((b, i) => {
    const lines = blockLines(b, { ...c, indent: sub });
    if (i === 0 && lines.length) lines[0] = head + lines[0]!.slice(sub.length);
    out.push(...lines);
  });
  return out;
}

export function blockLines(b: Block, c: TextContext): string[] {
  const s = c.style;
  switch (b.kind) {
    case 'heading':
      if (b.level === 3) {
        const mark = b.pending ? tr(PENDING_MARK, '↻ 等待重启') : ((c.mark ?? MARK())[b.severity ?? 'info'] ?? String(b.severity));
        const color = b.pending ? s.green : b.severity === 'error' ? s.red : b.severity === 'warning' ? s.yellow : s.blue;
        // Continuation lines hang under the title, so a wrapped rule id does not look like a line of its own.
        const spans: Piece[] = [{ text: mark, paint: (t) => color(s.bold(t)) }, { text: '  ' }, ...b.text, { text: ` [${b.ruleId ?? ''}]`, tone: 'dim' }];
        const whole = wrapSpans(spans, c.width, '', s);
        if (whole.length === 1) return whole;
        const [first = '', ...rest] = wrapSpans(spans, c.width - 2, '', s);
        return [first, ...rest.map((l) => `  ${l}`)];
      }
      return wrapSpans(b.text, c.width, c.indent, s);
    case 'paragraph': {
      const lines = b.role === 'warning' ? wrapSpans([{ text: '! ' }, ...b.text], c.width, `${c.indent}  `, s).map((l) => s.yellow(l)) : wrapSpans(b.text, c.width, c.indent, s);
      return c.hyperlinks ? lines.map(linkify) : lines;
    }
    case 'evidence':
      return b.items.length ? evidenceLines(b.items, c.width, s, c.indent, b.focus) : [];
    case 'diff': {
      const tone = { add: s.green, del: s.red, ctx: s.dim };
      return b.text.split('\n').map((l) => c.indent + tone[diffLineKind(l)](l));
    }
    case 'file':
      return b.content.split('\n').map((l) => c.indent + l);
    case 'command':
      return [`${c.indent}${s.cyan(`$ ${b.line}`)}${b.expect !== undefined ? s.dim(tr(`   # expect: ${b.expect}`, `   # 应显示：${b.expect}`)) : ''}`];
    case 'list':
      return b.items.flatMap((item, i) => {
        const head = `${c.indent}${b.ordered ? `${i + 1}. ` : '- '}`;
        return itemLines(item, head, ' '.repeat(head.length), c);
      });
    case 'table':
      return [b.head.join(' | '), ...b.rows.map((r) => r.map((cell) => cell.map((x) => x.text).join('')).join(' | '))].map((l) => c.indent + l);
    case 'link':
      // The URL is never wrapped or cut: the terminal wraps it, so it is copied whole.
      return [`${c.indent}${b.text ? `${b.text}: ` : ''}${c.hyperlinks ? linkify(b.url) : b.url}`];
    case 'details':
      return [`${c.indent}${s.bold(`${b.summary}${tr(':', '：')}`)}`, ...blocksToText(b.blocks, c)];
  }
}

export function blocksToText(blocks: Block[], c: TextContext): string[] {
  // A fix's heading under a finding is set off by a blank line; a fix shown alone starts with it.
  return blocks.flatMap((b, i) => (b.kind === 'heading' && b.level === 4 && i > 0 ? ['', ...blockLines(b, c)] : blockLines(b, c)));
}
