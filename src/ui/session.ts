// The chat's store: holds the reducer's state and the transcript, runs effects, and tells React when to draw again.
import type { ChatConfig } from './types';
import type { Line } from './lines';
import { initialState, type ChatEvent, type ChatState } from './chat-state';
import { reduce } from './reducer';
import { runEffect } from './effects';
import { replyLines, statusText } from './say';
import type { Reply } from './replies';
import { isPastedChunk, parseCommand } from './command';
import { errorMessage } from '../text/error-message';

export type { Phase } from './chat-state';

export interface Entry {
  id: number;
  /** What the user typed (echoed) or what the assistant says. */
  kind: 'user' | 'bot';
  lines: Line[];
}

export class Session {
  entries: Entry[] = [];
  state: ChatState;
  private nextId = 0;
  private version = 0;
  private listeners = new Set<() => void>();

  constructor(readonly config: ChatConfig) {
    this.state = initialState({ gpus: config.gpus, canApply: !!config.applyFix, canUndo: !!config.undoLast });
  }

  // --- store plumbing for React's useSyncExternalStore ---
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getVersion = () => this.version;
  private emit() {
    this.version++;
    for (const fn of this.listeners) fn();
  }

  get phase() {
    return this.state.phase;
  }
  get progress() {
    return this.state.progress;
  }
  get report() {
    return this.state.cur?.report;
  }

  /** Follow the terminal's size (called while drawing, so it changes no transcript and draws nothing itself). */
  setSize(columns: number | undefined, rows: number | undefined) {
    if ((columns && columns !== this.state.width) || (rows && rows !== this.state.height)) this.state = { ...this.state, width: columns || this.state.width, height: rows || this.state.height };
  }

  /** Greet and read the input; resolves when the first report is shown (or the reading failed). */
  start(): Promise<void> {
    return this.dispatch({ kind: 'open' });
  }

  /** Lines that arrived together (one stdin chunk): a multi-line chunk that is not a command is a paste. Returns the commands to remember. */
  submitMany(lines: string[]): string[] {
    if (this.state.phase === 'ready' && isPastedChunk(lines)) {
      void this.dispatch({ kind: 'begin-paste' });
      for (const l of lines) this.submit(l);
      return [];
    }
    return lines.filter((l) => this.submit(l));
  }

  /** One line from the prompt; returns whether it belongs in the command history (a command typed at the prompt). */
  submit(line: string): boolean {
    const kind = this.state.phase === 'ready' ? parseCommand(line).kind : 'blank';
    void this.dispatch({ kind: 'line', line });
    return kind !== 'blank' && kind !== 'output';
  }

  /** Ctrl-D: ends a paste; on an empty prompt it leaves. */
  eof(partial: string) {
    void this.dispatch({ kind: 'eof', partial });
  }

  interrupt() {
    void this.dispatch({ kind: 'interrupt' });
  }

  /** Status words for the live region. */
  status(): string {
    return statusText(this.state);
  }

  /** Reduce, run the effects in order (synchronous ones now), draw; resolves when every effect it led to is done. */
  dispatch = (event: ChatEvent): Promise<void> => {
    let effects;
    try {
      const next = reduce(this.state, event);
      this.state = next.state;
      effects = next.effects;
    } catch (e) {
      this.say({ kind: 'went-wrong', message: errorMessage(e) });
      this.emit();
      return Promise.resolve();
    }
    const pending = effects.map((eff) => runEffect(eff, { config: this.config, dispatch: this.dispatch, say: (r) => this.say(r) }));
    this.emit();
    return Promise.all(pending).then(() => undefined);
  };

  /** Word a reply at the terminal's current size and add it to the transcript; nothing to show adds nothing. */
  private say(reply: Reply) {
    let lines: Line[];
    try {
      lines = replyLines(reply, { config: this.config, columns: this.state.width, rows: this.state.height });
    } catch (e) {
      lines = replyLines({ kind: 'went-wrong', message: errorMessage(e) }, { config: this.config, columns: this.state.width, rows: this.state.height });
    }
    if (lines.length) this.entries.push({ id: this.nextId++, kind: reply.kind === 'echo' ? 'user' : 'bot', lines });
  }
}
