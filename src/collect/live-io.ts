// HostIO for the machine we run on: node:fs for files, execa for commands (argv, timeout, no shell, LC_ALL=C).
import { promises as fs } from 'node:fs';
import type { HostIO, RunResult } from './io';
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

export function liveIO(): HostIO {
  return {
    label: 'this host',
    readBytes,
    async readFile(path, maxBytes) {
      const b = await readBytes(path, maxBytes);
      return b?.toString('utf8');
    },
    async readDir(path) {
      try {
        return (await fs.readdir(path)).sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw e;
      }
    },
    async readLink(path) {
      try {
        return await fs.readlink(path);
      } catch {
        return undefined;
      }
    },
    async stat(path) {
      try {
        const s = await fs.stat(path);
        return { isDir: s.isDirectory(), isFile: s.isFile(), mtimeMs: Math.round(s.mtimeMs) };
      } catch {
        return undefined;
      }
    },
    async run(argv, timeoutMs): Promise<RunResult> {
      const { execa } = await import('execa');
      const r = await execa(argv[0]!, argv.slice(1), {
        reject: false,
        timeout: timeoutMs,
        env: { LC_ALL: 'C', LANG: 'C' },
        stdin: 'ignore',
        maxBuffer: 64 * 1024 * 1024,
      });
      const missing = (r as { code?: string }).code === 'ENOENT';
      return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), missing, timedOut: !!r.timedOut };
    },
    euid: processEuid,
  };
}
