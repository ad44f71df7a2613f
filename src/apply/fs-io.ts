// ApplyIO on real files: the live host (paths as they are) or a sysroot (paths and links resolved inside DIR).
import { promises as fs } from 'node:fs';
import { dirname, join, basename, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ApplyIO, FileState } from './io';
import { resolveInRoot } from '../collect/sysroot-io';
import { processEuid } from '../collect/process-euid';

/** Map a host path to the real file; with `create`, missing parent folders are made (only when writing). */
type Resolve = (path: string, create?: boolean) => Promise<string>;

export class WriteRefused extends Error {}

async function readState(real: string): Promise<FileState> {
  try {
    const st = await fs.lstat(real);
    if (st.isSymbolicLink()) throw new WriteRefused(`${real} is a symbolic link; vfio-doctor does not write through links`);
    if (!st.isFile()) throw new WriteRefused(`${real} is not a regular file`);
    return { exists: true, content: await fs.readFile(real), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw e;
  }
}

function makeIO(label: string, backupRoot: string, resolve: Resolve, euid: ApplyIO['euid'], runner?: ApplyIO['run']): ApplyIO {
  return {
    label,
    backupRoot,
    async read(path) {
      return readState(await resolve(path));
    },
    async writeAtomic(path, content, mode, uid, gid) {
      const real = await resolve(path, true);
      const st = await fs.lstat(real).catch(() => undefined);
      if (st?.isSymbolicLink()) throw new WriteRefused(`${path} is a symbolic link; vfio-doctor does not write through links`);
      await fs.mkdir(dirname(real), { recursive: true });
      const tmp = join(dirname(real), `.${basename(real)}.vfio-doctor-${randomBytes(4).toString('hex')}`);
      await fs.writeFile(tmp, content, { mode, flag: 'wx' });
      try {
        await fs.chmod(tmp, mode);
        if (uid !== undefined && gid !== undefined) await fs.chown(tmp, uid, gid).catch(() => undefined);
        await fs.rename(tmp, real);
      } catch (e) {
        await fs.rm(tmp, { force: true });
        throw e;
      }
    },
    async remove(path) {
      const real = await resolve(path);
      const st = await fs.lstat(real).catch(() => undefined);
      if (st?.isSymbolicLink()) throw new WriteRefused(`${path} is a symbolic link; vfio-doctor does not remove links`);
      await fs.rm(real, { force: true });
    },
    async list(dir) {
      try {
        return (await fs.readdir(await resolve(dir))).sort();
      } catch {
        return [];
      }
    },
    run: runner,
    euid,
  };
}

/** The machine we run on. Commands run through execa with their output streamed. */
export function liveApplyIO(): ApplyIO {
  return makeIO('this host', '/var/backups/vfio-doctor', async (p) => p, processEuid, async (argv, onOutput) => {
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
  });
}

/**
 * A sysroot: every path is resolved inside DIR with its parent folders' links followed inside DIR; the file itself
 * is never a link (a link could point outside DIR). No command is run.
 */
export function sysrootApplyIO(root: string): ApplyIO {
  const resolve: Resolve = async (path, create = false) => {
    // Walk the parent folders one by one: links are followed inside the root; a link whose target is not there
    // (it would point outside the root on the real host) is refused; missing folders are created inside.
    let cur = root;
    const parts = dirname(path).split('/').filter((x) => x && x !== '.');
    for (const [i, part] of parts.entries()) {
      if (part === '..') throw new WriteRefused(`${path}: ".." is not allowed in a path to write`);
      const next = join(cur, part);
      const st = await fs.lstat(next).catch(() => undefined);
      if (!st) {
        if (!create) return join(next, ...parts.slice(i + 1), basename(path)); // does not exist: nothing to read
        await fs.mkdir(next);
        cur = next;
      } else if (st.isSymbolicLink()) {
        const inside = await resolveInRoot(root, `/${relative(root, next)}`);
        const ist = inside ? await fs.stat(inside).catch(() => undefined) : undefined;
        if (!inside || !ist?.isDirectory()) throw new WriteRefused(`${path}: ${`/${relative(root, next)}`} is a link that leads outside ${root}; not writing through it`);
        cur = inside;
      } else if (st.isDirectory()) cur = next;
      else throw new WriteRefused(`${path}: /${relative(root, next)} is not a folder`);
    }
    return join(cur, basename(path));
  };
  // Nobody's uid matters inside a sysroot: the root check is for the live host.
  return makeIO(root, '/var/backups/vfio-doctor', resolve, () => undefined);
}
