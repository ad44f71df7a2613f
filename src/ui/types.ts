// What the chat needs from outside (injected so tests fake them): the input loader, a file writer, an applier.
import type { RawSource } from '../schema/raw-source';
import type { ReportSource } from '../engine/report';
import type { OnProgress } from '../collect/types';
import type { Fix } from '../schema/fix';
import type { Report } from '../schema/report';
import type { RuleMeta } from '../engine/rule';
import type { Knowledge } from '../knowledge/search';

export interface LoadResult {
  sources: RawSource[];
  source: ReportSource;
  /** Live-only rules apply (live host or sysroot). */
  live: boolean;
}

/** Reads the input of the first run (live collection, a bundle, the demo), reporting progress per source. */
export type Loader = (onProgress: OnProgress) => Promise<LoadResult>;

/** Writes a file for `export`; returns the path as written (absolute). */
export type WriteFile = (path: string, text: string) => Promise<string>;

export interface ApplyOutcome {
  ok: boolean;
  /** What happened, one line each, for the transcript. */
  lines: string[];
}

/** The seam for apply/: executes a fix the user chose and confirmed. Absent until apply/ exists. */
/** Restore the files the last applied fix changed (the CLI's `undo --yes`, after the chat asked). */
export type UndoLast = () => Promise<ApplyOutcome>;

export type ApplyFix = (fix: Fix, ctx: { report: Report; live: boolean }) => Promise<ApplyOutcome>;

export interface ChatConfig {
  loader: Loader;
  writeFile: WriteFile;
  knowledge: Knowledge;
  rules: readonly RuleMeta[];
  version: string;
  applyFix?: ApplyFix;
  undoLast?: UndoLast;
  /**
   * The text `export` writes; absent: the plain report. The CLI gives one that redacts with --redact exactly as
   * `--json/--markdown --redact` would for the same input (the same names, read from the host when it is live).
   */
  exportText?: (report: Report, kind: 'json' | 'markdown', ctx: { sources: RawSource[]; live: boolean }) => Promise<string>;
  /** --gpu, --only, --ignore from the command line. */
  gpus?: string[];
  only?: string[];
  ignore?: string[];
  /** --verbose: list every rule that could not run with its reason, not the grouped summary. */
  verbose?: boolean;
  /** One sentence on what is about to be read ("This is the demo host …"). */
  intro?: string;
  now?: () => Date;
}
