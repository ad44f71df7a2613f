// One apply or undo from reading the files to the last write: the lock held throughout, recovery of a killed run first.
import type { ApplyIO } from './io';
import { acquireLock } from './lock';
import { recover, type Recovery } from './recover';
import { Refusal, Unfinished } from './refusal';
import { errorMessage } from '../text/error-message';
import { tr } from '../i18n/lang';

/** How long a second run waits for the first (which may sit at its confirmation prompt) before it says who holds it. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

export interface SessionOptions {
  waitMs?: number;
  /** Restore files of an interrupted run even when they were edited since (their edited copies are kept). */
  force?: boolean;
  /** Undo makes no backups folder when there is none: there is nothing to undo or recover then. */
  create?: boolean;
}

/**
 * A system call that failed (EACCES, EROFS, ENOSPC, EIO…) and reached here changed nothing: apply and undo turn those
 * that come after a change into Unfinished, and rolled-back ones into a Refusal. Said as what it is, not as a bug.
 */
function asRefusal(e: unknown): never {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!(e instanceof Refusal) && !(e instanceof Unfinished) && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) throw new Refusal(`${errorMessage(e)}${tr('; nothing was changed', '；没有做任何改动')}`);
  throw e;
}

export async function withSession<T>(io: ApplyIO, opts: SessionOptions, fn: (recovery: Recovery) => Promise<T>): Promise<T> {
  if (opts.create === false && (await io.info(io.backupRoot).catch(asRefusal)).kind === 'missing') return fn({ lines: [], restored: 0, commands: [] }).catch(asRefusal);
  const lock = await acquireLock(io, { waitMs: opts.waitMs ?? DEFAULT_LOCK_WAIT_MS }).catch(asRefusal);
  try {
    return await fn(await recover(io, { force: opts.force ?? false }));
  } catch (e) {
    return asRefusal(e);
  } finally {
    await lock.release();
  }
}
