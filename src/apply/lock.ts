// One apply or undo at a time per backups folder: a lock file naming its holder (pid, since), stale ones taken over.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ApplyIO } from './io';
import { Refusal } from './refusal';
import { backupRootProblem } from './trust';
import { parseJsonInput } from '../schema/json-input';
import { tr } from '../i18n/lang';

const Holder = z.object({ pid: z.number().int().positive(), since: z.string(), nonce: z.string(), boot: z.string().max(64).optional() });
type Holder = z.infer<typeof Holder>;

export interface Lock {
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function holderOf(io: ApplyIO, path: string): Promise<Holder | 'missing' | 'unreadable'> {
  const f = await io.read(path).catch(() => undefined);
  if (!f) return 'unreadable';
  if (!f.exists || !f.content) return 'missing';
  const h = parseJsonInput(Holder, f.content.toString('utf8'));
  return h.ok ? h.value : 'unreadable';
}

/** The holder is gone: its pid no longer runs, or it ran in an earlier boot (after a power cut its pid may be reused). */
function gone(io: ApplyIO, h: Holder): boolean {
  const boot = io.bootId();
  return !io.pidAlive(h.pid) || (h.boot !== undefined && boot !== undefined && h.boot !== boot);
}

/**
 * Take the lock in the backups folder (made 0700 when missing), waiting up to `waitMs` for another run to finish.
 * A lock whose pid no longer runs is taken over: only by whoever holds `.lock.takeover`, and only when the lock is
 * still the very one found stale (its nonce), so two runs finding it stale at once cannot both take it.
 */
export async function acquireLock(io: ApplyIO, opts: { waitMs: number; now?: () => Date }): Promise<Lock> {
  await io.mkdir(io.backupRoot, 0o700);
  const bad = await backupRootProblem(io);
  if (bad) throw new Refusal(tr(`not using ${io.backupRoot} for backups: ${bad}; nothing was changed`, `不使用 ${io.backupRoot} 存放备份：${bad}；没有做任何改动`));
  const path = `${io.backupRoot}/.lock`;
  const takeover = `${io.backupRoot}/.lock.takeover`;
  const me: Holder = { pid: io.pid(), since: (opts.now?.() ?? new Date()).toISOString(), nonce: randomBytes(8).toString('hex'), boot: io.bootId() };
  const body = Buffer.from(`${JSON.stringify(me)}\n`);
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    if (await io.createExclusive(path, body, 0o600)) {
      // A run killed while taking over a stale lock leaves .lock.takeover behind: ours to clear now.
      const t = await holderOf(io, takeover);
      if (t === 'unreadable' || (typeof t === 'object' && gone(io, t))) await io.remove(takeover);
      return {
        async release() {
          const h = await holderOf(io, path);
          if (typeof h === 'object' && h.nonce === me.nonce) await io.remove(path);
        },
      };
    }
    const h = await holderOf(io, path);
    if (h === 'missing') continue; // released meanwhile
    if (h === 'unreadable' || gone(io, h)) {
      // Stale (its process is gone; an unreadable lock cannot be waited for either): take it over under .lock.takeover.
      if (await io.createExclusive(takeover, body, 0o600)) {
        try {
          const again = await holderOf(io, path);
          if (again === h || (typeof again === 'object' && typeof h === 'object' && again.nonce === h.nonce)) await io.remove(path);
        } finally {
          await io.remove(takeover);
        }
      } else {
        const t = await holderOf(io, takeover);
        if (t === 'unreadable' || (typeof t === 'object' && gone(io, t))) await io.remove(takeover); // died taking over
        else await sleep(20);
      }
      continue;
    }
    if (Date.now() >= deadline)
      throw new Refusal(tr(`another vfio-doctor (pid ${h.pid}, since ${h.since}) is applying or undoing a change on ${io.label}; nothing was changed — try again when it has finished`, `另一个 vfio-doctor（pid ${h.pid}，从 ${h.since} 开始）正在 ${io.label} 上应用或撤销改动；没有做任何改动，请等它结束后再试`));
    await sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
}
