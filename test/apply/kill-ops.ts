// Test helper: FsOps that "kill the process" at the k-th file-system step — that call and every later one throw, as if
// the process died there: no cleanup code gets to touch the disk (a write killed half-way leaves half the bytes).
import { nodeFsOps, type FsOps, type Fd } from '../../src/apply/fs-ops';

export class Killed extends Error {}

/**
 * The real calls with fsync left out: a killed process (unlike a power cut) loses nothing the kernel has, so the
 * kill tests need not wait for the disk. The steps are still counted and killed at.
 */
export const noSyncOps: FsOps = {
  ...nodeFsOps,
  create: async (p, m) => ({ ...(await nodeFsOps.create(p, m)), sync: async () => undefined }),
  openDir: async (p) => ({ ...(await nodeFsOps.openDir(p)), sync: async () => undefined }),
};

export interface Killer {
  ops: FsOps;
  /** Steps taken so far (all of them, when k was never reached). */
  steps(): number;
  killed(): boolean;
  /** What each step was, for messages. */
  trace: string[];
}

export function killAt(k: number, inner: FsOps = noSyncOps): Killer {
  let n = 0;
  let dead = false;
  const trace: string[] = [];
  const alive = () => {
    if (dead) throw new Killed('already dead');
  };
  /** A step that changes the disk: counted; the k-th one dies before it happens. */
  const step = (what: string) => {
    alive();
    n++;
    trace.push(what);
    if (n === k) {
      dead = true;
      throw new Killed(`killed at step ${k}: ${what}`);
    }
  };
  const fd = (inner: Fd, name: string): Fd => ({
    async write(b) {
      alive();
      n++;
      trace.push(`write ${name}`);
      if (n === k) {
        dead = true;
        await inner.write(b.subarray(0, b.length >> 1)); // torn: half the bytes reached the file
        throw new Killed(`killed at step ${k}: write ${name} (half written)`);
      }
      await inner.write(b);
    },
    sync: async () => (step(`fsync ${name}`), inner.sync()),
    chmod: async (m) => (step(`fchmod ${name}`), inner.chmod(m)),
    chown: async (u, g) => (step(`fchown ${name}`), inner.chown(u, g)),
    async close() {
      try {
        step(`close ${name}`);
      } catch (e) {
        await inner.close(); // the kernel closes a dead process's files
        throw e;
      }
      await inner.close();
    },
  });
  const ops: FsOps = {
    lstat: async (p) => (alive(), inner.lstat(p)),
    stat: async (p) => (alive(), inner.stat(p)),
    readFile: async (p) => (alive(), inner.readFile(p)),
    readdir: async (p) => (alive(), inner.readdir(p)),
    create: async (p, m) => (step(`create ${p}`), fd(await inner.create(p, m), p)),
    openDir: async (p) => (step(`open dir ${p}`), fd(await inner.openDir(p), p)),
    rename: async (a, b) => (step(`rename ${a} -> ${b}`), inner.rename(a, b)),
    link: async (a, b) => (step(`link ${a} -> ${b}`), inner.link(a, b)),
    unlink: async (p) => (step(`unlink ${p}`), inner.unlink(p)),
    mkdir: async (p, m) => (step(`mkdir ${p}`), inner.mkdir(p, m)),
    rmdir: async (p) => (step(`rmdir ${p}`), inner.rmdir(p)),
  };
  return { ops, steps: () => n, killed: () => dead, trace };
}
