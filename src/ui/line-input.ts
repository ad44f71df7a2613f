// The prompt's line editor as a pure reducer: whole lines or whole pastes may arrive in one stdin chunk.
import { displayWidth } from '../text/width';
export interface KeyLike {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  home?: boolean;
  end?: boolean;
  backspace?: boolean;
  delete?: boolean;
  /** The Delete key (ESC [3~), which Ink reports as `delete` like Backspace's 0x7f: the app tells them apart. */
  forwardDelete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  escape?: boolean;
}

export interface InputState {
  value: string;
  /** Where typing goes, in code points from the start of `value` (absent: at the end). */
  cursor?: number;
  history: string[];
  /** Position while browsing the history with up/down; null when editing a fresh line. */
  histIndex: number | null;
  /** The line being typed before browsing started, restored by going past the newest entry. */
  draft: string;
}

export type InputEvent = { kind: 'submit'; line: string } | { kind: 'eof'; partial: string } | { kind: 'interrupt' };

/** Whether a raw keypress is the Delete key: ESC [3~, with modifiers ESC [3;5~, or rxvt's ESC [3$ / ESC [3^. */
export const isForwardDelete = (raw: string) => /^\x1b\[3(;\d+)?[~$^]$/.test(raw);

export const emptyInput = (): InputState => ({ value: '', cursor: 0, history: [], histIndex: null, draft: '' });

// CSI sequences (bracketed-paste markers, stray cursor keys inside a paste) and other control bytes but tab/newline.
const CSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

const chars = (s: string) => Array.from(s);
/** The cursor, clamped to the line. */
export const cursorOf = (s: InputState) => Math.min(s.cursor ?? Infinity, chars(s.value).length);
const at = (s: InputState, value: string, cursor: number): InputState => ({ ...s, value, cursor, histIndex: null });

/** Start of the word before the cursor (readline's backward-word: skip spaces, then the word). */
function wordStart(cs: string[], c: number): number {
  let i = c;
  while (i > 0 && /\s/.test(cs[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(cs[i - 1]!)) i--;
  return i;
}
function wordEnd(cs: string[], c: number): number {
  let i = c;
  while (i < cs.length && /\s/.test(cs[i]!)) i++;
  while (i < cs.length && !/\s/.test(cs[i]!)) i++;
  return i;
}

/**
 * Apply one input event from Ink's useInput; returns the new state and what the user completed. Keys as readline
 * has them: Left/Right, Home/End (Ctrl-A/E), Alt-b/f by word, Ctrl-W/U/K delete a word, to the start, to the end.
 * Ctrl-C clears a line with text and only interrupts an empty one; Ctrl-D hands over what was typed. Delete
 * (forwardDelete) erases under the cursor.
 */
export function feed(s: InputState, input: string, key: KeyLike): { state: InputState; events: InputEvent[] } {
  const cs = chars(s.value);
  const c = cursorOf(s);
  const none = (state: InputState) => ({ state, events: [] as InputEvent[] });
  if (key.ctrl && input === 'c') return s.value ? none(at(s, '', 0)) : { state: { ...s, value: '', cursor: 0 }, events: [{ kind: 'interrupt' }] };
  if (key.ctrl && input === 'd') return { state: { ...s, value: '', cursor: 0, histIndex: null }, events: [{ kind: 'eof', partial: s.value }] };
  if (key.ctrl && input === 'u') return none(at(s, cs.slice(c).join(''), 0));
  if (key.ctrl && input === 'k') return none(at(s, cs.slice(0, c).join(''), c));
  if (key.ctrl && input === 'w') {
    const w = wordStart(cs, c);
    return none(at(s, [...cs.slice(0, w), ...cs.slice(c)].join(''), w));
  }
  if (key.home || (key.ctrl && input === 'a')) return none({ ...s, cursor: 0 });
  if (key.end || (key.ctrl && input === 'e')) return none({ ...s, cursor: cs.length });
  if (key.leftArrow || (key.ctrl && input === 'b')) return none({ ...s, cursor: Math.max(0, c - 1) });
  if (key.rightArrow || (key.ctrl && input === 'f')) return none({ ...s, cursor: Math.min(cs.length, c + 1) });
  if (key.meta && input === 'b') return none({ ...s, cursor: wordStart(cs, c) });
  if (key.meta && input === 'f') return none({ ...s, cursor: wordEnd(cs, c) });
  if (key.upArrow) return none(historyStep(s, -1));
  if (key.downArrow) return none(historyStep(s, 1));
  if (key.forwardDelete) return none(c < cs.length ? at(s, [...cs.slice(0, c), ...cs.slice(c + 1)].join(''), c) : s);
  // Ink reports the usual Backspace byte (0x7f) as "delete", like the Delete key: both erase before the cursor.
  if (key.backspace || key.delete) return none(c > 0 ? at(s, [...cs.slice(0, c - 1), ...cs.slice(c)].join(''), c - 1) : s);
  if (key.ctrl || key.escape || key.meta || !input) return none(s);
  // Keys typed fast can arrive in one chunk with the text ("\x01x": Ctrl-A, then x): apply them in order. Ctrl-C,
  // Backspace (0x7f, 0x08) too: only Ctrl-D and line ends are handled by the text path below.
  const EDIT_KEY = /[\x01\x02\x03\x05\x06\x08\x0b\x15\x17\x7f]/;
  if (EDIT_KEY.test(input)) {
    let st = s;
    const events: InputEvent[] = [];
    for (const part of input.split(/([\x01\x02\x03\x05\x06\x08\x0b\x15\x17\x7f])/)) {
      if (!part) continue;
      const code = part.charCodeAt(0);
      const r = !EDIT_KEY.test(part)
        ? feed(st, part, {})
        : code === 0x7f || code === 0x08
          ? feed(st, '', { backspace: true })
          : feed(st, String.fromCharCode(code + 96), { ctrl: true });
      st = r.state;
      events.push(...r.events);
    }
    return { state: st, events };
  }
  const events: InputEvent[] = [];
  const after = cs.slice(c).join('');
  let value = cs.slice(0, c).join('');
  // Ctrl-D inside a chunk ends what came before it.
  const pieces = input.replace(CSI, '').replace(/\r\n?/g, '\n').split('\x04');
  let split = false;
  pieces.forEach((piece, pi) => {
    const lines = piece.replace(CONTROL, '').split('\n');
    lines.forEach((l, i) => {
      value += l;
      if (i < lines.length - 1) {
        // A line ended inside the chunk: it takes the rest of the line being edited with it.
        events.push({ kind: 'submit', line: split ? value : value + after });
        value = '';
        split = true;
      }
    });
    if (pi < pieces.length - 1) {
      events.push({ kind: 'eof', partial: split ? value : value + after });
      value = '';
      split = true;
    }
  });
  const cursor = chars(value).length;
  return { state: { ...s, value: split ? value : value + after, cursor, histIndex: null }, events };
}

/** Remember a submitted command for up/down (not pasted lines; not repeats). */
export function remember(s: InputState, line: string): InputState {
  const t = line.trim();
  if (!t || s.history[s.history.length - 1] === t) return s;
  return { ...s, history: [...s.history, t].slice(-200) };
}

function historyStep(s: InputState, dir: -1 | 1): InputState {
  if (s.history.length === 0) return s;
  if (s.histIndex === null) {
    if (dir === 1) return s;
    const i = s.history.length - 1;
    return { ...s, histIndex: i, draft: s.value, value: s.history[i]!, cursor: undefined };
  }
  const i = s.histIndex + dir;
  if (i < 0) return s;
  if (i >= s.history.length) return { ...s, histIndex: null, value: s.draft, cursor: undefined };
  return { ...s, histIndex: i, value: s.history[i]!, cursor: undefined };
}

/**
 * What the prompt shows of a line `room` columns wide: the part before the cursor, the character under it and the
 * part after. A long line scrolls so the cursor stays in view (a leading … says some is hidden); widths are columns,
 * so a line of CJK text scrolls as it is drawn. `chars` are the line's characters as displayed (escaped).
 */
export function promptWindow(chars: readonly string[], cursor: number, room: number): { before: string; under: string; after: string } {
  const w = (i: number) => (i < chars.length ? displayWidth(chars[i]!) : 1);
  let start = 0;
  let used = 0;
  for (let i = 0; i <= cursor; i++) used += w(i);
  while (start < cursor && used > room) used -= w(start++);
  let end = cursor + 1;
  while (end < chars.length && used + w(end) <= room) used += w(end++);
  const before = chars.slice(start, cursor);
  if (start > 0 && before.length) before[0] = '…';
  return { before: before.join(''), under: chars[cursor] ?? ' ', after: chars.slice(cursor + 1, end).join('') };
}
