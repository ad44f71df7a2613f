// The presentation model: what a finding or a fix says, as blocks built once and serialised by text, Markdown and chat.
//
// Builders (fix-blocks.ts, finding-blocks.ts) hold every word; serialisers (text-blocks.ts, markdown-blocks.ts,
// ui/views/blocks.ts) only lay blocks out for their medium (wrapping, colour, fences) and never add wording of their
// own beyond marks (✖/❌, "$ ", "! "). Every string in a block is escaped at construction (text/sanitize.ts), so no
// serialiser can pass a terminal escape from input through, whatever it forgets.
import type { Severity } from '../schema/finding';
import { escapeText, escapeLine } from '../text/sanitize';

/** How a piece of inline text is shown: each serialiser maps it to its medium (bold, **x**, `x`, a colour). */
export type Tone = 'strong' | 'dim' | 'code' | 'path' | 'ok' | 'warning';

export interface Span {
  text: string;
  tone?: Tone;
}

export interface EvidenceItem {
  source: string;
  line?: number;
  text: string;
}

export type Block =
  /** A finding (level 3, with its severity and rule id; `pending`: applied, waits for the reboot) or a fix (level 4). */
  | { kind: 'heading'; level: 3 | 4; text: Span[]; severity?: Severity; ruleId?: string; pending?: boolean }
  /** Prose. `role` says what it is for when a medium marks it: a warning ("! ", "> ⚠️"). */
  | { kind: 'paragraph'; text: Span[]; role?: 'warning' }
  /** Lines read from the input, with where they came from. */
  | { kind: 'evidence'; items: EvidenceItem[]; focus?: string[] }
  /** A unified diff, shown verbatim (added/removed lines coloured where the medium can). */
  | { kind: 'diff'; text: string }
  /** A shell command as it would be typed, and what it should print. */
  | { kind: 'command'; line: string; expect?: string }
  /** The whole content of a file a fix creates. */
  | { kind: 'file'; content: string }
  /** Items of one or more blocks each; ordered lists are numbered (fix steps). */
  | { kind: 'list'; ordered: boolean; items: Block[][] }
  | { kind: 'table'; head: string[]; rows: Span[][][] }
  | { kind: 'link'; url: string; text?: string }
  /** A group the reader may skip (Markdown folds it into <details>; other media show its summary as a label). */
  | { kind: 'details'; summary: string; blocks: Block[] };

/** A span of inline text; escaped here (line breaks kept), so a block never carries a raw control character. */
export const span = (text: string, tone?: Tone): Span => (tone ? { text: escapeText(text), tone } : { text: escapeText(text) });

export const paragraph = (...text: (Span | string)[]): Block => ({ kind: 'paragraph', text: text.map((t) => (typeof t === 'string' ? span(t) : t)) });

/** The plain text of spans, for media without styling and for tests. */
export const plain = (text: Span[]): string => text.map((s) => s.text).join('');

export const evidenceBlock = (items: EvidenceItem[], focus?: string[]): Block => ({
  kind: 'evidence',
  ...(focus?.length ? { focus } : {}),
  items: items.map((e) => ({ source: escapeLine(e.source), ...(e.line !== undefined ? { line: e.line } : {}), text: escapeLine(e.text) })),
});

/** What a line of a unified diff is, for colouring: an added line, a removed line, or context and headers. */
export function diffLineKind(l: string): 'add' | 'del' | 'ctx' {
  return l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : 'ctx';
}
