// One apply or undo from reading the files to the last write: the lock held throughout, recovery of a killed run first.
import type { ApplyIO } from './io';
import { acquireLock } from './lock';
import { recover, type Recovery } from './recover';

/** How long a second run waits for the first (which may sit at its confirmation prompt) before it says who holds it. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

export interface SessionOptions {
  waitMs?: number;
  /** Restore files of an interrupted run even when they were edited since (their edited copies are kept). */
  force?: boolean;
  /** Undo makes no backups folder when there is none: there is nothing to undo or recover then. */
  create?: boolean;
}

export async function withSession<T>(io: ApplyIO, opts: SessionOptions, fn: (recovery: Recovery) => Promise<T>): Promise<T> {
  if (opts.create === false && (await io.info(io.backupRoot)).kind === 'missing') return fn({ lines: [], restored: 0, commands: [] });
  const lock = await acquireLock(io, { waitMs: opts.waitMs ?? DEFAULT_LOCK_WAIT_MS });
  try {
    return await fn(await recover(io, { force: opts.force ?? false }));
  } finally {
    await lock.release();
  }
}
