// HostIO for a sysroot: every path and symlink is resolved inside DIR, never escaping it; no command is run.
import { lstatSync, readlinkSync, statSync, openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { join, posix, dirname, basename } from 'node:path';
import type { HostIO } from './io';

const MAX_LINKS = 40;

/**
 * Resolve `path` (absolute, as on the host) inside `root`, following symlinks the way the kernel would,
 * but with `/` meaning `root` and `..` stopping at `root`. Returns the real on-disk path, or undefined
 * when a component is missing or the links loop.
 */
/** lstat + readlink of one on-disk path: what resolving needs to know about it (undefined: it does not exist). */
type Entry = { link?: string } | undefined;
export type ResolveCache = Map<string, Promise<Entry>>;
/** Per folder: its entries and which of them are links (one readdir answers for every child). */
const listings = new WeakMap<ResolveCache, Map<string, Map<string, boolean> | null>>();

function childOf(cache: ResolveCache, candidate: string): Entry | 'unknown' {
  let byDir = listings.get(cache);
  if (!byDir) listings.set(cache, (byDir = new Map()));
  const dir = dirname(candidate);
  let names = byDir.get(dir);
  if (names === undefined) {
    try {
      names = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d.isSymbolicLink()]));
    } catch {
      names = null; // not a readable folder: fall back to asking about the child itself
    }
    byDir.set(dir, names);
  }
  if (names === null) return 'unknown';
  const isLink = names.get(basename(candidate));
  if (isLink === undefined) return undefined;
  return isLink ? { link: readlinkSync(candidate) } : {};
}

async function entryOf(candidate: string, cache?: ResolveCache): Promise<Entry> {
  // Synchronous calls: a sysroot walk makes tens of thousands of tiny file-system calls, and the promise API's
  // per-call overhead (thread pool round trips) costs several times the calls themselves.
  const read = async (): Promise<Entry> => {
    try {
      const st = lstatSync(candidate);
      return st.isSymbolicLink() ? { link: readlinkSync(candidate) } : {};
    } catch {
      return undefined;
    }
  };
  if (!cache) return read();
  let e = cache.get(candidate);
  if (!e) {
    const known = childOf(cache, candidate);
    cache.set(candidate, (e = known === 'unknown' ? read() : Promise.resolve(known)));
  }
  return e;
}

export async function resolveInRoot(root: string, path: string, followLast = true, cache?: ResolveCache): Promise<string | undefined> {
  const pending = path.split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const candidate = join(root, ...done, part);
    const entry = await entryOf(candidate, cache);
    if (!entry) return undefined;
    if (entry.link !== undefined && (followLast || pending.length > 0)) {
      if (++links > MAX_LINKS) return undefined;
      const target = entry.link;
      if (target.startsWith('/')) done.length = 0; // absolute links are relative to the sysroot
      pending.unshift(...target.split('/').filter(Boolean));
      continue;
    }
    done.push(part);
  }
  return join(root, ...done);
}

export function sysrootIO(root: string): HostIO {
  // A sysroot does not change while it is read: remember what each folder and link is (thousands of devices share them).
  const cache: ResolveCache = new Map();
  const inRoot = (p: string, followLast = true) => resolveInRoot(root, posix.normalize(`/${p}`), followLast, cache);
  const readBytes = async (path: string, maxBytes = 8 * 1024 * 1024) => {
    const real = await inRoot(path);
    if (!real) return undefined;
    try {
      const st = statSync(real);
      if (!st.isFile()) return undefined;
      const fd = openSync(real, 'r');
      try {
        const buf = Buffer.alloc(Math.min(st.size, maxBytes));
        const bytesRead = readSync(fd, buf, 0, buf.length, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
  return {
    label: root,
    readBytes,
    async readFile(path, maxBytes) {
      return (await readBytes(path, maxBytes))?.toString('utf8');
    },
    async readDir(path) {
      const real = await inRoot(path);
      if (!real) return undefined;
      try {
        // Fixture trees keep otherwise-empty folders in git with a .keep file; a real /sys has none.
        return readdirSync(real).filter((n) => n !== '.keep').sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw e;
      }
    },
    async readLink(path) {
      const real = await inRoot(path, false);
      if (!real) return undefined;
      try {
        return readlinkSync(real);
      } catch {
        return undefined;
      }
    },
    async stat(path) {
      const real = await inRoot(path);
      if (!real) return undefined;
      try {
        const s = statSync(real);
        return { isDir: s.isDirectory(), isFile: s.isFile(), mtimeMs: Math.round(s.mtimeMs) };
      } catch {
        return undefined;
      }
    },
    euid: () => undefined,
  };
}
