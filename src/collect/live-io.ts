// HostIO for the machine we run on: node:fs for files, node:child_process for commands (argv, timeout, no shell,
// LC_ALL=C). Both are built in: a live report runs from the code-cached core, which loads no package.
import { promises as fs, openSync, readSync, closeSync, readlinkSync, constants } from 'node:fs';
import { withSync, type HostIO, type RunResult } from './io';
import { processEuid } from './process-euid';

async function readBytes(path: string, maxBytes = 8 * 1024 * 1024): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await fs.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    // sysfs and procfs report size 0: read in chunks up to the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(65536, maxBytes - total));
      if (buf.length === 0) break;
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks);
  } finally {
    await fh.close();
  }
}

/**
 * A small file (a sysfs attribute) read synchronously: thousands of them on a big host, where a promise and a thread
 * pool round trip each cost more than the read. sysfs reports a size of 4096 whatever the content: read to the end.
 */
function readTextSync(path: string, maxBytes = 8 * 1024 * 1024): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(65536, maxBytes - total));
      if (buf.length === 0) break;
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
    }
    return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  } finally {
    closeSync(fd);
  }
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
    readBytes,
    // Big files (a kernel config, pci.ids) the promise way; collect/pci.ts takes the twin for attributes.
    readFile: Object.assign(async (path: string, maxBytes?: number) => (await readBytes(path, maxBytes))?.toString('utf8'), { sync: readTextSync }),
    async readDir(path) {
      try {
        return (await fs.readdir(path)).sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw e;
      }
    },
    readLink: withSync((path: string) => {
      try {
        return readlinkSync(path);
      } catch {
        return undefined;
      }
    }),
    async stat(path) {
      try {
        const s = await fs.stat(path);
        return { isDir: s.isDirectory(), isFile: s.isFile(), mtimeMs: Math.round(s.mtimeMs) };
      } catch {
        return undefined;
      }
    },
    readRecords: async (path, max) => readRecords(path, max),
    run,
    euid: processEuid,
  };
}
