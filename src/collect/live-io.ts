// HostIO for the machine we run on: node:fs for files, node:child_process for commands (argv, timeout, no shell,
// LC_ALL=C). Both are built in: a live report runs from the code-cached core, which loads no package.
// Files are read synchronously under the promise API: they are /proc, /sys and /etc files the kernel or the page cache
// answers at once, where each promise-based call (open, read, close: a thread-pool round trip each) cost more than
// the read, and a live run reads a few hundred of them (every /proc/PID/comm among them).
import { openSync, readSync, closeSync, fstatSync, readlinkSync, readdirSync, statSync, constants } from 'node:fs';
import { withSync, type HostIO, type RunResult } from './io';
import { processEuid } from './process-euid';

// Where files are read: one buffer for the whole run, grown for a big file, so a small read allocates nothing.
let scratch = Buffer.allocUnsafe(65536);

/**
 * Reads a file into the scratch buffer, up to maxBytes; its length, or undefined when it does not exist. sysfs and
 * procfs report size 0 (or 4096 whatever the content): read until a read returns nothing.
 */
function readScratch(path: string, maxBytes = 8 * 1024 * 1024): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    let total = 0;
    for (;;) {
      const want = Math.min(65536, maxBytes - total);
      if (want <= 0) break;
      if (scratch.length < total + want) {
        // A big regular file (pci.ids, a kernel config) says its size: grown once, not doubled and copied each time.
        const size = fstatSync(fd).size;
        const bigger = Buffer.allocUnsafe(Math.max(scratch.length * 2, total + want, Math.min(size, maxBytes) + 65536));
        scratch.copy(bigger, 0, 0, total);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, total, want, null);
      if (n === 0) break;
      total += n;
    }
    return total;
  } finally {
    closeSync(fd);
  }
}

/** A file's bytes (a copy), up to maxBytes; undefined when it does not exist. */
function readBytesSync(path: string, maxBytes?: number): Buffer | undefined {
  const n = readScratch(path, maxBytes);
  return n === undefined ? undefined : Buffer.from(scratch.subarray(0, n));
}

/** The same as text (a sysfs attribute, a /proc file, a config file). */
function readTextSync(path: string, maxBytes?: number): string | undefined {
  const n = readScratch(path, maxBytes);
  return n === undefined ? undefined : scratch.toString('utf8', 0, n);
}

/**
 * Records of /dev/kmsg: each read() returns one whole record, EAGAIN once none is left (opened non-blocking, so the
 * read never waits for new messages), EPIPE when the record about to be read was overwritten (the next read goes on
 * from the oldest one left) (Documentation/ABI/testing/dev-kmsg). The buffer holds any record (a too-small buffer
 * gets EINVAL): CONSOLE_EXT_LOG_MAX is 8 KB.
 */
function readRecords(path: string, maxRecords: number): string[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    const buf = Buffer.allocUnsafe(16384);
    const out: string[] = [];
    while (out.length < maxRecords) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') break;
        if (code === 'EPIPE') continue;
        throw e;
      }
      if (n === 0) break;
      out.push(buf.toString('utf8', 0, n));
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** `argv` without a shell; never rejects: a missing command, a timeout and a failure are in the result. */
async function run(argv: string[], timeoutMs: number): Promise<RunResult> {
  // Loaded only when a command is run (--root runs none). Not import(): the code-cached core is a vm script, which
  // has no module loader; getBuiltinModule (Node 20.16+) works there and everywhere else.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve) => {
    const child = execFile(
      argv[0]!,
      argv.slice(1),
      { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null }) | null;
        // As a captured output is usually read: without its final newline.
        const strip = (s: string) => s.replace(/\r?\n$/, '');
        resolve({
          exitCode: !e ? 0 : typeof e.code === 'number' ? e.code : undefined,
          stdout: strip(String(stdout ?? '')),
          stderr: strip(String(stderr ?? '')),
          missing: e?.code === 'ENOENT',
          timedOut: !!e?.killed && e.signal === 'SIGTERM' && typeof e.code !== 'number',
        });
      },
    );
    // Nothing is typed into a command: its stdin is closed at once (a command that reads it sees the end).
    child.stdin?.end();
  });
}

export function liveIO(): HostIO {
  return {
    label: 'this host',
    readBytes: withSync(readBytesSync),
    // collect/pci.ts takes the synchronous twin for attributes.
    readFile: withSync(readTextSync),
    readDir: withSync((path: string) => {
      try {
        return readdirSync(path).sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw e;
      }
    }),
    readLink: withSync((path: string) => {
      try {
        return readlinkSync(path);
      } catch {
        return undefined;
      }
    }),
    stat: withSync((path: string) => {
      try {
        const s = statSync(path);
        return { isDir: s.isDirectory(), isFile: s.isFile(), mtimeMs: Math.round(s.mtimeMs) };
      } catch {
        return undefined;
      }
    }),
    readRecords: async (path, max) => readRecords(path, max),
    run,
    euid: processEuid,
  };
}
