// Blocks (render/blocks.ts) → chat lines: the chat's serialiser, with the chat's own wrapping (lines.ts) and tones.
import type { Block, Span, Tone as BlockTone } from '../../render/blocks';
import { diffLineKind } from '../../render/blocks';
import { seg, pre, quoted, wrapSegs, commandLines, type Line, type Seg, type Tone } from '../lines';

const TONE: Record<BlockTone, Tone | undefined> = { strong: 'bold', dim: 'dim', code: 'dim', path: undefined, ok: 'ok', warning: 'warning' };

/** Spans as segments; neighbours of one tone become one segment, so "(" + path + ")" wraps as one word. */
export function segs(text: Span[]): Seg[] {
  const out: Seg[] = [];
  for (const s of text) {
    const tone = s.tone && TONE[s.tone];
    const last = out.at(-1);
    if (last && last.tone === tone) out[out.length - 1] = seg(last.text + s.text, tone);
    else out.push(seg(s.text, tone));
  }
  return out;
}

function diffLines(diff: string, w: number, indent: string): Line[] {
  const tone = { add: 'add', del: 'del', ctx: 'dim' } as const;
  return diff.split('\n').flatMap((l) => pre(l, w, indent, tone[diffLineKind(l)]));
}

/** One list item: the first paragraph after its number, what it carries under it. */
function itemLines(blocks: Block[], head: string, w: number): Line[] {
  const sub = ' '.repeat(head.length);
  return blocks.flatMap((b, i) => (i === 0 && b.kind === 'paragraph' ? wrapSegs([seg(head), ...segs(b.text)], w, sub) : blockLines(b, w, sub)));
}

/** A block at an indent (every line of it starts there). */
export function blockLines(b: Block, w: number, indent: string): Line[] {
  switch (b.kind) {
    case 'heading':
      return wrapSegs([seg(indent), ...segs(b.text)], w, `${indent}  `);
    case 'paragraph':
      if (b.role === 'warning') return wrapSegs([seg(`${indent}! `, 'warning'), ...segs(b.text)], w, `${indent}  `);
      return wrapSegs([seg(indent), ...segs(b.text)], w, indent);
    case 'evidence':
      return b.items.flatMap((e) => [[seg(indent), seg(`${e.source}${e.line ? `:${e.line}` : ''}`, 'dim')], ...quoted(e.text.trim().replace(/\t+/g, ' '), w, `${indent}  `)]);
    case 'diff':
      return diffLines(b.text, w, indent);
    case 'file':
      return pre(b.content, w, indent, 'add');
    case 'command':
      return [...commandLines(b.line, w, indent), ...(b.expect !== undefined ? wrapSegs([seg(`${indent}expect: ${b.expect}`, 'dim')], w, indent) : [])];
    case 'list':
      return b.items.flatMap((item, i) => itemLines(item, `${indent}${b.ordered ? `${i + 1}. ` : '• '}`, w));
    case 'table':
      return [[seg(indent), seg(b.head.join('  '), 'bold')], ...b.rows.map((r) => [seg(indent), ...r.flatMap((c, i) => [...(i ? [seg('  ')] : []), ...segs(c)])])];
    case 'link':
      // The URL is never cut (no ↪ in what is copied): the terminal wraps it.
      return [[seg(indent), seg(b.text ? `${b.text}: ` : ''), seg(b.url, 'dim')]];
    case 'details':
      return [[seg(indent), seg(`${b.summary}:`, 'bold')], ...blocksToLines(b.blocks, w, indent)];
  }
}

export function blocksToLines(blocks: Block[], w: number, indent = '  '): Line[] {
  return blocks.flatMap((b) => blockLines(b, w, indent));
}
