// HostIO for a sysroot: every path and symlink is resolved inside DIR, never escaping it; no command is run.
import { readlinkSync, statSync, fstatSync, openSync, readSync, closeSync, readdirSync, constants, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { withSync, type HostIO, type LaneLog } from './io';
import { readFileLaned, laneFirst, readRange } from '../cli/lane-read';
import { MAX_INPUT_BYTES } from '../cli/read-fd';
import { LaneOverflow, LaneReader, warmLane, type LaneLines } from '../parse/log-lane';
import { lstatType } from './lstat-type';

const MAX_LINKS = 40;

/**
 * How much of a kernel log is read at most (what analyze reads of a file): of a bigger one, its newest part. Its lines
 * before are counted (their numbers), which reads them too: up to `head` bytes of them (a sparse file of a terabyte in a
 * sysroot must not take minutes), past that the plain read decides. Tests lower both.
 */
export const logWindow = { bytes: MAX_INPUT_BYTES, head: 4 * MAX_INPUT_BYTES };

/** What the lane kept of a log, numbered as in the file: `older` lines before the part it read. */
function laneLog(kept: LaneLines, older: number): LaneLog {
  const skipped = { dropped: kept.dropped, folded: kept.folded, other: kept.other, ...(older ? { older } : {}) };
  return { text: kept.lines.join('\n'), lineNos: older ? kept.nos.map((n) => n + older) : kept.nos, skipped };
}

/**
 * Where the newest part of a log of `size` bytes starts (the first line start at or past `size - window`) and how many
 * lines come before it, so that lines keep their numbers in the file. A bare CR ends a line too, as the lane reads it
 * (cli/lane-read.ts feed); undefined when no line starts there (one endless line: the plain read decides).
 */
function newestPart(fd: number, size: number, window: number): { from: number; lines: number } | undefined {
  const start = size - window;
  // One byte more than is looked at: what follows a CR at the end of a piece.
  const buf = Buffer.allocUnsafe(1024 * 1024 + 1);
  let lines = 0;
  for (let pos = 0; pos < size; ) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return undefined;
    const m = Math.min(n, buf.length - 1);
    // A line ends at `i`: counted, and the newest part starts after it once that is at or past `start`.
    const end = (i: number) => (lines++, pos + i + 1 >= start);
    if (buf.subarray(0, m).includes(0x0d)) {
      for (let i = 0; i < m; i++) if ((buf[i] === 0x0a || (buf[i] === 0x0d && !(i + 1 < n && buf[i + 1] === 0x0a))) && end(i)) return { from: pos + i + 1, lines };
    } else for (let i = buf.indexOf(0x0a); i >= 0 && i < m; i = buf.indexOf(0x0a, i + 1)) if (end(i)) return { from: pos + i + 1, lines };
    pos += m;
  }
  return undefined;
}

// The last component is opened without following a link (a link is resolved inside DIR first) and without blocking
// (a FIFO planted in a tree must not hang the run).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What resolving needs to know about one on-disk path: its link target, if it is one (undefined: it does not exist). */
type Entry = { link?: string } | undefined;
type ResolveCache = Map<string, Entry>;
type Kind = 'link' | 'file' | 'dir' | 'other' | 'missing' | 'unknown';

/** One buffer for the many small reads (synchronous, so never shared between two). */
const SMALL = Buffer.allocUnsafe(65536);

function entryOf(candidate: string, cache?: ResolveCache): Entry {
  if (cache?.has(candidate)) return cache.get(candidate);
  const type = lstatType(candidate);
  let e: Entry;
  try {
    e = !type ? undefined : type === 'link' ? { link: readlinkSync(candidate) } : {};
  } catch {
    e = undefined;
  }
  cache?.set(candidate, e);
  return e;
}

/**
 * Resolve `path` (absolute, as on the host) inside `root`, following symlinks the way the kernel would, but with `/`
 * meaning `root` and `..` stopping at `root`. Returns the real on-disk path, or undefined when a component is missing
 * or the links loop.
 */
function resolveSync(root: string, path: string, followLast: boolean, cache?: ResolveCache): string | undefined {
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
    const entry = entryOf(join(root, ...done, part), cache);
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

export async function resolveInRoot(root: string, path: string): Promise<string | undefined> {
  return resolveSync(root, path, true);
}

/** What a path needs normalising for: an empty, `.` or `..` component, or a trailing slash. */
const UNPLAIN = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

export function sysrootIO(root: string): HostIO {
  // A sysroot does not change while it is read: remember what each folder is (thousands of devices share them).
  const cache: ResolveCache = new Map();
  /** In-root path → its real path with every link followed inside DIR (null: missing). */
  const folders = new Map<string, string | null>([['/', join(root, '.')]]);
  const child = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
  /** Listings of folders many children were looked up in: name → what it is (from the folder entry's type). */
  const listings = new Map<string, Map<string, Kind> | null>();
  const lookups = new Map<string, number>();

  /** What the entry at real path `p` is, by lstat. */
  const kindOf = (p: string): Kind => lstatType(p) ?? 'missing';
  /**
   * What `name` in the real folder `dir` is. One lstat per child is cheapest for a few children; a folder whose
   * subfolders are asked about often is listed once instead, with the types its entries have.
   */
  const childKind = (dir: string, name: string, listAfter = 4): Kind => {
    let names = listings.get(dir);
    if (names === undefined) {
      const n = (lookups.get(dir) ?? 0) + 1;
      lookups.set(dir, n);
      if (n > listAfter) {
        try {
          names = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d.isSymbolicLink() ? 'link' : d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice() ? 'other' : 'unknown']));
        } catch {
          names = null;
        }
        listings.set(dir, names);
      }
    }
    if (names) {
      const k = names.get(name);
      // A file system that does not say (DT_UNKNOWN) is asked with lstat.
      if (k !== 'unknown') return k ?? 'missing';
    }
    return kindOf(child(dir, name));
  };

  /** The real path of an in-root path with every link (the last one too) followed inside DIR. */
  const follow = (p: string): string | undefined => {
    const hit = folders.get(p);
    if (hit !== undefined) return hit ?? undefined;
    const i = p.lastIndexOf('/');
    const parent = follow(i === 0 ? '/' : p.slice(0, i));
    let real: string | undefined;
    if (parent !== undefined) {
      const name = p.slice(i + 1);
      const kind = childKind(parent, name);
      if (kind === 'file' || kind === 'dir' || kind === 'other') real = child(parent, name);
      else if (kind === 'link') real = resolveSync(root, p, true, cache);
    }
    folders.set(p, real ?? null);
    return real;
  };

  const plain = (path: string) => (path.charCodeAt(0) === 0x2f && !UNPLAIN.test(path) ? path : posix.normalize(`/${path}`).replace(/(.)\/+$/, '$1'));

  // Reads come in runs from one folder (a function's attributes): its resolution is kept at hand.
  let lastParent = '';
  let lastReal: string | undefined;
  /** The last component of `path` inside its resolved parent, as is (a link stays a link). */
  const lastOf = (path: string): string | undefined => {
    const p = plain(path);
    if (p === '/') return folders.get('/')!;
    const i = p.lastIndexOf('/');
    const parentPath = i === 0 ? '/' : p.slice(0, i);
    if (parentPath !== lastParent) {
      lastParent = parentPath;
      lastReal = follow(parentPath);
    }
    return lastReal === undefined ? undefined : child(lastReal, p.slice(i + 1));
  };

  /**
   * A regular file's real path, its links resolved inside DIR, and its size when known without a stat (-1: not
   * known); undefined for anything else. The entry's type comes from an lstat (or its folder's listing): nothing that
   * is not a regular file is ever opened (a device node planted in a tree must not be).
   */
  const locate = (path: string): { real: string; size: number } | undefined => {
    const real = lastOf(path);
    if (real === undefined) return undefined;
    const i = real.lastIndexOf('/');
    return i < 0 ? undefined : locateIn(i === 0 ? '/' : real.slice(0, i), real.slice(i + 1), path);
  };
  /** locate() for `name` in the real folder `realDir` (which in-root `path` names the file of). */
  const locateIn = (realDir: string, name: string, path: string): { real: string; size: number } | undefined => {
    // One lstat per file: listing each function's folder instead was measured slower (a dozen entries for five reads).
    // A folder listed already answers from its listing; no other is counted towards a listing (childKind with
    // listAfter = Infinity would only count: three map operations a read).
    const full = child(realDir, name);
    const kind = listings.get(realDir) ? childKind(realDir, name, Infinity) : kindOf(full);
    if (kind === 'file') return { real: full, size: -1 };
    if (kind !== 'link') return undefined;
    // Rare in a sysroot's attribute files: resolve the link inside DIR and read what it names.
    const target = resolveSync(root, plain(path), true, cache);
    let st: Stats | undefined;
    try {
      st = target ? statSync(target) : undefined;
    } catch {
      st = undefined;
    }
    return target && st?.isFile() ? { real: target, size: st.size } : undefined;
  };
  // Gone since it was listed, or swapped for a link (ELOOP): missing rather than followed. Anything else is worth saying.
  const missing = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return undefined;
    throw e;
  };

  // Synchronous calls: a sysroot walk makes tens of thousands of tiny file-system calls, and the promise API's
  // per-call overhead (thread pool round trips) costs several times the calls themselves.
  /** The size of an open file: the one stat a read needs when the caller's cap is large. */
  const sizeOf = (fd: number) => fstatSync(fd).size;
  const readBytes = (path: string, maxBytes = 8 * 1024 * 1024): Buffer | undefined => {
    const f = locate(path);
    if (!f) return undefined;
    try {
      const fd = openSync(f.real, OPEN_FLAGS);
      try {
        const buf = Buffer.allocUnsafe(Math.min(f.size >= 0 ? f.size : sizeOf(fd), maxBytes));
        const bytesRead = buf.length ? readSync(fd, buf, 0, buf.length, 0) : 0;
        return buf.subarray(0, bytesRead);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      return missing(e);
    }
  };
  const readText = (path: string, maxBytes = 8 * 1024 * 1024): string | undefined => {
    const f = locate(path);
    return f && readLocated(f, maxBytes);
  };
  const readLocated = (f: { real: string; size: number }, maxBytes: number): string | undefined => {
    try {
      const fd = openSync(f.real, OPEN_FLAGS);
      try {
        // A small cap (a sysfs attribute's): one read of up to the cap is the whole file, or the capped part of it,
        // without a stat (thousands of functions). An empty file reads as empty.
        if (maxBytes <= SMALL.length) {
          const n = readSync(fd, SMALL, 0, maxBytes, 0);
          return SMALL.toString('utf8', 0, n);
        }
        const size = f.size >= 0 ? f.size : sizeOf(fd);
        if (size === 0) return '';
        const buf = Buffer.allocUnsafe(Math.min(size, maxBytes));
        let n = 0;
        while (n < buf.length) {
          const got = readSync(fd, buf, n, buf.length - n, n);
          if (got === 0) break;
          n += got;
        }
        return buf.toString('utf8', 0, n);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      return missing(e);
    }
  };
  /**
   * Small files of one folder (a PCI function's attributes), trimmed, the folder resolved once for all of them: what
   * readText gives for each `DIR/NAME`, and undefined where that would throw.
   */
  const readTrimmedIn = (dir: string, names: readonly string[], maxBytes: number): (string | undefined)[] => {
    const d = plain(dir);
    const realDir = follow(d);
    // A loop, not names.map(): a closure less for each of thousands of functions.
    const out: (string | undefined)[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const path = d === '/' ? `/${name}` : `${d}/${name}`;
      try {
        // A name that is not one plain component goes the general way.
        if (!name || name === '.' || name === '..' || name.includes('/')) out.push(readText(path, maxBytes)?.trim());
        else {
          const f = realDir === undefined ? undefined : locateIn(realDir, name, path);
          out.push(f && readLocated(f, maxBytes)?.trim());
        }
      } catch {
        out.push(undefined);
      }
    }
    return out;
  };
  /**
   * A log file through the lane, as `analyze FILE` reads one (cli/lane-read.ts): a week's kern.log was read whole into
   * one string, then scanned by one thread under the sysroot's --no-opt (a 50 MB one took twice as long as `analyze`
   * of it), and past 64 MB only its oldest part, not the current boot, was read.
   */
  const readLog = (path: string): LaneLog | undefined => {
    const f = locate(path);
    if (!f) return undefined;
    let fd: number;
    try {
      fd = openSync(f.real, OPEN_FLAGS);
    } catch (e) {
      return missing(e);
    }
    try {
      const size = sizeOf(fd);
      // Empty: the plain read decides.
      if (size === 0) return undefined;
      if (size > logWindow.bytes) {
        // Bigger than analyze reads (a log an AER flood grew): its newest part, where the current boot is, by one thread
        // (the helper's offsets count from the file's start); its older lines are counted, and a note says they were
        // not read. The plain read took the oldest 64 MB: a boot of days ago, and said nothing of it. UTF-16 is left to
        // the plain read.
        const bom = Buffer.alloc(2);
        readSync(fd, bom, 0, 2, 0);
        const part = laneFirst(bom) < 0 || size - logWindow.bytes > logWindow.head ? undefined : newestPart(fd, size, logWindow.bytes);
        if (!part) return undefined;
        warmLane();
        const lane = new LaneReader();
        const late = readRange(fd, part.from, size, lane) ? lane.finish() : undefined;
        return late && laneLog(late, part.lines);
      }
      const kept = readFileLaned(fd, size, laneFirst, () => undefined)?.lane.finish();
      return kept && laneLog(kept, 0);
    } catch (e) {
      // Beyond the lane's limits (log-lane.ts laneLimits): the plain read decides, and laneLines keeps what it can.
      if (e instanceof LaneOverflow) return undefined;
      throw e;
    } finally {
      closeSync(fd);
    }
  };
  return {
    label: root,
    readLog: withSync(readLog),
    async readBytes(path, maxBytes) {
      return readBytes(path, maxBytes);
    },
    readFile: Object.assign(withSync(readText), { trimmedIn: readTrimmedIn }),
    readDir: withSync((path: string) => {
      const real = follow(plain(path));
      if (!real) return undefined;
      try {
        // Fixture trees keep otherwise-empty folders in git with a .keep file; a real /sys has none.
        return readdirSync(real).filter((n) => n !== '.keep').sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw e;
      }
    }),
    readLink: withSync((path: string) => {
      const real = lastOf(path);
      if (!real) return undefined;
      try {
        return readlinkSync(real);
      } catch {
        return undefined;
      }
    }),
    async stat(path) {
      const real = follow(plain(path));
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
