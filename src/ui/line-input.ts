// The prompt's line editor as a pure reducer: whole lines or whole pastes may arrive in one stdin chunk.
export interface KeyLike {
  upArrow?: boolean;
  downArrow?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  escape?: boolean;
}

export interface InputState {
  value: string;
  history: string[];
  /** Position while browsing the history with up/down; null when editing a fresh line. */
  histIndex: number | null;
  /** The line being typed before browsing started, restored by going past the newest entry. */
  draft: string;
}

export type InputEvent = { kind: 'submit'; line: string } | { kind: 'eof'; partial: string } | { kind: 'interrupt' };

export const emptyInput = (): InputState => ({ value: '', history: [], histIndex: null, draft: '' });

// CSI sequences (bracketed-paste markers, stray cursor keys inside a paste) and other control bytes but tab/newline.
const CSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Apply one input event from Ink's useInput; returns the new state and what the user completed. */
export function feed(s: InputState, input: string, key: KeyLike): { state: InputState; events: InputEvent[] } {
  if (key.ctrl && input === 'c') return { state: { ...s, value: '' }, events: [{ kind: 'interrupt' }] };
  if (key.ctrl && input === 'd') return { state: { ...s, value: '', histIndex: null }, events: [{ kind: 'eof', partial: s.value }] };
  if (key.ctrl && input === 'u') return { state: { ...s, value: '', histIndex: null }, events: [] };
  if (key.upArrow) return { state: historyStep(s, -1), events: [] };
  if (key.downArrow) return { state: historyStep(s, 1), events: [] };
  if (key.backspace || key.delete) return { state: { ...s, value: Array.from(s.value).slice(0, -1).join(''), histIndex: null }, events: [] };
  if (key.ctrl || key.escape || !input) return { state: s, events: [] };
  const events: InputEvent[] = [];
  let value = s.value;
  // Ctrl-D inside a chunk ends what came before it.
  const pieces = input.replace(CSI, '').replace(/\r\n?/g, '\n').split('\x04');
  pieces.forEach((piece, pi) => {
    const lines = piece.replace(CONTROL, '').split('\n');
    lines.forEach((l, i) => {
      value += l;
      if (i < lines.length - 1) {
        events.push({ kind: 'submit', line: value });
        value = '';
      }
    });
    if (pi < pieces.length - 1) {
      events.push({ kind: 'eof', partial: value });
      value = '';
    }
  });
  return { state: { ...s, value, histIndex: null }, events };
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
    return { ...s, histIndex: i, draft: s.value, value: s.history[i]! };
  }
  const i = s.histIndex + dir;
  if (i < 0) return s;
  if (i >= s.history.length) return { ...s, histIndex: null, value: s.draft };
  return { ...s, histIndex: i, value: s.history[i]! };
}
