// ApplyIO on real files: the live host (paths as they are) or a sysroot (paths and links resolved inside DIR).
import { dirname, join, basename, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApplyIO, FileState, PathInfo } from './io';
import { nodeFsOps, type FsOps } from './fs-ops';
import { Refusal } from './refusal';
import { resolveInRoot } from '../collect/sysroot-io';
import { processEuid } from '../collect/process-euid';

/** A write, removal or read the tool will not do (a link, a path leaving DIR): nothing was changed by it. */
export class WriteRefused extends Refusal {}

/** Temporary files of writeAtomic: `.NAME.vfio-doctor-XXXXXXXX` beside NAME (recovery removes leftovers). */
export const TEMP_RE = /^\.(.+)\.vfio-doctor-[0-9a-f]{8}$/;
/**
 * Temporary files of createExclusive (the lock), named with their pid: a run waiting for the lock makes them while
 * the holder recovers, so only those of a pid that no longer runs are leftovers.
 */
export const LOCK_TEMP_RE = /^\.(.+)\.(\d+)\.vfio-doctor-new-[0-9a-f]{8}$/;

/** Folders on the way to a file are 0755 whatever the umask (the backups set their own, 0700). */
const DIR_MODE = 0o755;

const code = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

export interface FsIOOptions {
  /** The system calls (tests wrap them to kill a run at any one). */
  ops?: FsOps;
  /** This process's id for the lock, and how to tell whether a lock's pid still runs (tests fake both). */
  pid?: number;
  pidAlive?: (pid: number) => boolean;
  bootId?: () => string | undefined;
}

function defaultBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined; // not Linux, or /proc not mounted: only the pid says whether a lock is stale
  }
}

function defaultPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM'; // it runs, as another user
  }
}

interface Ctx {
  ops: FsOps;
  /** undefined: the live host. */
  root?: string;
}

/** mkdir with exactly `mode` (fchmod on the new folder's descriptor beats the umask); an existing folder is fine (races). */
async function makeDir(c: Ctx, real: string, mode: number): Promise<boolean> {
  try {
    await c.ops.mkdir(real, mode);
  } catch (e) {
    if (code(e) !== 'EEXIST') throw e;
    const st = await c.ops.lstat(real);
    if (!st.isDirectory()) throw new WriteRefused(`${shown(c, real)} exists and is not a folder`);
    return false;
  }
  const fd = await c.ops.openDir(real);
  try {
    await fd.chmod(mode);
  } finally {
    await fd.close();
  }
  await syncDir(c, dirname(real));
  return true;
}

async function syncDir(c: Ctx, real: string): Promise<void> {
  const fd = await c.ops.openDir(real);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

const shown = (c: Ctx, real: string) => (c.root ? `/${relative(c.root, real)}` : real);

/**
 * Walk the folders of `path` from the root. A folder link is followed on the live host (the kernel would) and, in a
 * sysroot, only when it leads to a folder inside DIR. Missing folders are created (0755) when `create`, else the rest
 * of the path is returned as it would be. `visit` sees every real folder on the way.
 */
async function walk(c: Ctx, path: string, create: boolean, visit?: (real: string, shownPath: string) => Promise<void>): Promise<string> {
  if (!path.startsWith('/')) throw new WriteRefused(`${path}: not an absolute path`);
  const root = c.root ?? '/';
  let cur = root;
  if (visit) await visit(cur, '/');
  const parts = dirname(path).split('/').filter((x) => x && x !== '.');
  if (path.split('/').includes('..')) throw new WriteRefused(`${path}: ".." is not allowed in a path to write`);
  for (const [i, part] of parts.entries()) {
    const next = join(cur, part);
    const st = await c.ops.lstat(next).catch(() => undefined);
    if (!st) {
      if (!create) return join(next, ...parts.slice(i + 1), basename(path)); // does not exist: nothing to read
      await makeDir(c, next, DIR_MODE);
      cur = next;
    } else if (st.isSymbolicLink()) {
      if (c.root) {
        const inside = await resolveInRoot(c.root, `/${relative(c.root, next)}`);
        const ist = inside ? await c.ops.stat(inside).catch(() => undefined) : undefined;
        if (!inside || !ist?.isDirectory()) throw new WriteRefused(`${path}: /${relative(c.root, next)} is a link that leads outside ${c.root}; not writing through it`);
        cur = inside;
      } else {
        const ist = await c.ops.stat(next).catch(() => undefined);
        if (!ist?.isDirectory()) throw new WriteRefused(`${path}: ${next} is a link that does not lead to a folder`);
        cur = next;
      }
    } else if (st.isDirectory()) cur = next;
    else throw new WriteRefused(`${path}: ${shown(c, next)} is not a folder`);
    if (visit) await visit(cur, `/${parts.slice(0, i + 1).join('/')}`);
  }
  return join(cur, basename(path));
}

async function readState(c: Ctx, path: string, real: string): Promise<FileState> {
  try {
    const st = await c.ops.lstat(real);
    if (st.isSymbolicLink()) throw new WriteRefused(`${path} is a symbolic link; vfio-doctor does not write through links`);
    if (!st.isFile()) throw new WriteRefused(`${path} is not a regular file`);
    return { exists: true, content: await c.ops.readFile(real), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (e) {
    if (code(e) === 'ENOENT') return { exists: false };
    throw e;
  }
}

function makeIO(label: string, c: Ctx, o: FsIOOptions, euid: ApplyIO['euid'], runner?: ApplyIO['run'], capture?: ApplyIO['capture']): ApplyIO {
  const { ops } = c;
  const resolve = (path: string, create = false) => walk(c, path, create);
  return {
    label,
    backupRoot: '/var/backups/vfio-doctor',
    async read(path) {
      return readState(c, path, await resolve(path));
    },
    async writeAtomic(path, content, mode, uid, gid) {
      const real = await resolve(path, true);
      const st = await ops.lstat(real).catch(() => undefined);
      if (st?.isSymbolicLink()) throw new WriteRefused(`${path} is a symbolic link; vfio-doctor does not write through links`);
      if (st && !st.isFile()) throw new WriteRefused(`${path} is not a regular file`);
      const tmp = join(dirname(real), `.${basename(real)}.vfio-doctor-${randomBytes(4).toString('hex')}`);
      const fd = await ops.create(tmp, mode & 0o777);
      try {
        try {
          // Mode and owner on the descriptor (not the path, which someone could swap), then the bytes, then fsync.
          await fd.chmod(mode);
          if (uid !== undefined && gid !== undefined) await fd.chown(uid, gid).catch((e) => {
            if (code(e) !== 'EPERM') throw e; // not root on a sysroot: the files stay ours
          });
          await fd.write(content);
          await fd.sync();
        } finally {
          await fd.close();
        }
        await ops.rename(tmp, real);
      } catch (e) {
        await ops.unlink(tmp).catch(() => undefined);
        throw e;
      }
      await syncDir(c, dirname(real));
    },
    async createExclusive(path, content, mode) {
      // Written whole to a temporary file, then linked to its name: the file is complete or absent, never half there.
      const real = await resolve(path, true);
      const tmp = join(dirname(real), `.${basename(real)}.${o.pid ?? process.pid}.vfio-doctor-new-${randomBytes(4).toString('hex')}`);
      const fd = await ops.create(tmp, mode & 0o777);
      let linked = true;
      try {
        try {
          await fd.chmod(mode);
          await fd.write(content);
          await fd.sync();
        } finally {
          await fd.close();
        }
        await ops.link(tmp, real).catch((e) => {
          if (code(e) !== 'EEXIST') throw e;
          linked = false;
        });
      } finally {
        await ops.unlink(tmp).catch(() => undefined);
      }
      await syncDir(c, dirname(real));
      return linked;
    },
    async remove(path) {
      const real = await resolve(path);
      const st = await ops.lstat(real).catch(() => undefined);
      if (!st) return;
      if (st.isSymbolicLink()) throw new WriteRefused(`${path} is a symbolic link; vfio-doctor does not remove links`);
      if (!st.isFile()) throw new WriteRefused(`${path} is not a regular file; not removing it`);
      await ops.unlink(real).catch((e) => {
        if (code(e) !== 'ENOENT') throw e;
      });
      await syncDir(c, dirname(real));
    },
    async mkdir(path, mode) {
      return makeDir(c, await resolve(path, true), mode);
    },
    async rmdir(path) {
      const real = await resolve(path);
      await ops.rmdir(real);
      await syncDir(c, dirname(real));
    },
    async list(dir) {
      try {
        return (await ops.readdir(await resolve(`${dir}/.`))).sort();
      } catch {
        return [];
      }
    },
    async info(path) {
      const real = await resolve(path);
      const st = await ops.lstat(real).catch(() => undefined);
      if (!st) return { kind: 'missing' };
      const kind: PathInfo['kind'] = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      return { kind, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
    },
    async checkPath(path, trusted) {
      try {
        const real = await walk(c, path, false, async (dir, where) => {
          const st = await ops.stat(dir);
          if (!trusted(st.uid)) throw new WriteRefused(`${path}: the folder ${where} belongs to uid ${st.uid}, not root`);
          if (st.mode & 0o022) throw new WriteRefused(`${path}: the folder ${where} is writable by group or others (mode ${(st.mode & 0o7777).toString(8)})`);
        });
        const st = await ops.lstat(real).catch(() => undefined);
        if (st?.isSymbolicLink()) return `${path} is a symbolic link`;
        if (st && !st.isFile()) return `${path} is not a regular file`;
        return undefined;
      } catch (e) {
        if (e instanceof WriteRefused) return e.message;
        if (code(e) === 'ENOENT') return undefined; // a folder on the way is missing: the file would be created
        throw e;
      }
    },
    async trustedUids() {
      const owner = c.root ? (await ops.stat(c.root)).uid : euid();
      return [...new Set([0, ...(owner === undefined ? [] : [owner])])];
    },
    pid: () => o.pid ?? process.pid,
    pidAlive: o.pidAlive ?? defaultPidAlive,
    bootId: o.bootId ?? defaultBootId,
    run: runner,
    capture,
    euid,
  };
}

/** The machine we run on. Commands run through execa with their output streamed. */
export function liveApplyIO(o: FsIOOptions = {}): ApplyIO {
  return makeIO('this host', { ops: o.ops ?? nodeFsOps }, o, processEuid, async (argv, onOutput) => {
    const { execa } = await import('execa');
    const tail: string[] = [];
    const sub = execa(argv[0]!, argv.slice(1), { reject: false, all: true, env: { LC_ALL: 'C' }, stdin: 'ignore', timeout: 15 * 60 * 1000 });
    sub.all?.on('data', (b: Buffer) => {
      for (const line of b.toString('utf8').split('\n').filter(Boolean)) {
        onOutput(line);
        tail.push(line);
        if (tail.length > 8) tail.shift();
      }
    });
    const r = await sub;
    return { exitCode: r.exitCode, missing: (r as { code?: string }).code === 'ENOENT', tail: tail.join('\n') };
  }, async (argv) => {
    const { execa } = await import('execa');
    const r = await execa(argv[0]!, argv.slice(1), { reject: false, env: { LC_ALL: 'C' }, stdin: 'ignore', timeout: 60 * 1000, stripFinalNewline: false });
    return { exitCode: r.exitCode, missing: (r as { code?: string }).code === 'ENOENT', stdout: r.stdout };
  });
}

/**
 * A sysroot: every path is resolved inside DIR with its parent folders' links followed inside DIR; the file itself
 * is never a link (a link could point outside DIR). No command is run.
 */
export function sysrootApplyIO(root: string, o: FsIOOptions = {}): ApplyIO {
  // Nobody's uid matters inside a sysroot: the root check is for the live host.
  return makeIO(root, { ops: o.ops ?? nodeFsOps, root }, o, () => undefined);
}
