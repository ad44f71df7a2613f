// The chat's state, the events that change it and the effects it asks for: the vocabulary of reducer.ts.
import type { ProgressEvent } from '../collect/types';
import type { Finding } from '../schema/finding';
import type { Fix } from '../schema/fix';
import type { RawSource } from '../schema/raw-source';
import type { Report } from '../schema/report';
import type { ReportSource } from '../engine/report';
import type { Diagnosis } from '../index';
import type { ApplyOutcome, LoadResult } from './types';
import type { Reply } from './replies';

export type Phase = 'loading' | 'ready' | 'paste' | 'confirm' | 'busy' | 'done';

/** The report being discussed and what it was made from (to diagnose again for another GPU, or export). */
export interface Current extends Diagnosis {
  sources: RawSource[];
  source: ReportSource;
  live: boolean;
  /**
   * The number each finding has in this session, by index into report.findings (absent: 1, 2, 3…). After apply or
   * undo the host is read again: findings still there keep their numbers, new ones get the next unused ones.
   */
  numbers?: number[];
}

export interface ChatState {
  phase: Phase;
  /** Latest event per source, in the order sources started. */
  progress: ProgressEvent[];
  pasteLines: string[];
  /** What the busy phase is doing ("writing report.md"). */
  busy: string;
  /** The terminal's size: long tables are split into pages that fit. */
  width: number;
  height: number;
  cur?: Current;
  /** The GPUs asked for (--gpu or `gpu BDF`); empty: inferred. */
  gpus: string[];
  /** The table whose next page `more` shows. */
  pager?: { table: 'groups' | 'devices'; page: number };
  /** The fix waiting for yes or no. */
  pending?: { finding: Finding; n: number; fix: Fix };
  /** The next step of a walk through the findings (`fix all`, then `next`); absent: no walk under way. */
  walk?: number;
  /** `undo` is waiting for yes or no. */
  pendingUndo?: boolean;
  /** An undoer was given: `undo` restores the last applied change on a live host or sysroot. */
  canUndo: boolean;
  /** An applier was given (the CLI gives one; without it `apply N` shows the steps to do by hand). */
  canApply: boolean;
  /** Fixes applied in this session (cleared by undo): their commands ran, so a finding only they fix waits for the reboot. */
  applied?: Fix[];
}

/** Why a diagnosis or a load was asked for: what to say with its result. */
export type Purpose =
  | { kind: 'start' }
  | { kind: 'paste'; lines: number }
  | { kind: 'gpu'; before: Report; chosen: boolean }
  /** Looking at the host again after a fix was applied. */
  | { kind: 'reread'; fixId: string };

export type ChatEvent =
  | { kind: 'open' }
  | { kind: 'progress'; event: ProgressEvent }
  | { kind: 'loaded'; purpose: Purpose; result: LoadResult }
  | { kind: 'load-failed'; purpose: Purpose; message: string }
  | { kind: 'diagnosed'; purpose: Purpose; diagnosis: Current }
  | { kind: 'diagnose-failed'; purpose: Purpose; message: string }
  /** One line from the prompt. */
  | { kind: 'line'; line: string }
  /** A multi-line chunk that reads as pasted output: take it (and what follows) as a paste. */
  | { kind: 'begin-paste' }
  /** Ctrl-D with what was typed before it on the line. */
  | { kind: 'eof'; partial: string }
  | { kind: 'interrupt' }
  | { kind: 'exported'; format: 'json' | 'markdown'; where: string; bytes: number }
  | { kind: 'export-failed'; file: string; message: string }
  | { kind: 'applied'; fix: Fix; outcome: ApplyOutcome }
  | { kind: 'apply-failed'; fix: Fix; message: string }
  | { kind: 'undone'; outcome: ApplyOutcome }
  | { kind: 'undo-failed'; message: string };

export type Effect =
  | { kind: 'say'; reply: Reply }
  | { kind: 'load'; purpose: Purpose }
  | { kind: 'diagnose'; purpose: Purpose; sources: RawSource[]; source: ReportSource; live: boolean; gpus: string[]; applied?: Fix[] }
  | { kind: 'export'; cur: Current; format: 'json' | 'markdown'; file: string }
  | { kind: 'apply'; fix: Fix; report: Report; live: boolean }
  | { kind: 'undo' };

export const initialState = (opts: { gpus?: readonly string[]; canApply?: boolean; canUndo?: boolean } = {}): ChatState => ({
  phase: 'loading',
  progress: [],
  pasteLines: [],
  busy: '',
  width: 80,
  height: 24,
  gpus: [...(opts.gpus ?? [])],
  canApply: !!opts.canApply,
  canUndo: !!opts.canUndo,
});
