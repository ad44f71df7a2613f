// The real process as a CliIO, without node's stdio streams: the report paths write with writeSync and ask isatty(),
// because creating process.stdout/stdin loads the stream machinery (a few ms of every short run).
import { writeSync } from 'node:fs';
import type { CliIO } from './io';
import { readFdCapped, readSome } from './read-fd';
import { isTerminal } from './tty';
import { terminalSafe } from '../text/sanitize';

/** Write all of `s` to a file descriptor; a reader that went away (`… | head`) ends the process quietly. */
function writeAll(fd: number, s: string): void {
  let buf = Buffer.from(s, 'utf8');
  while (buf.length > 0) {
    let n: number;
    try {
      n = writeSync(fd, buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      // A non-blocking pipe that is full: wait a little for the reader instead of spinning.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw e;
    }
    buf = buf.subarray(n);
  }
}

export function processIO(): CliIO {
  const outTTY = isTerminal(1);
  return {
    // The last guard (text/sanitize.ts): renderers escape what came from input; whatever one forgot can at worst
    // change a colour here, never move the cursor, set the title or write the clipboard.
    stdout: (s: string) => writeAll(1, terminalSafe(s)),
    stderr: (s: string) => writeAll(2, terminalSafe(s)),
    // Never more than the input cap (plus one byte, to know it was exceeded), however much is piped in.
    stdin: () => readFdCapped(0),
    stdinRead: (buf, off, len) => readSome(0, buf, off, len),
    stdoutIsTTY: outTTY,
    // Asked only when a command needs it (analyze with no FILE, the chat).
    get stdinIsTTY() {
      return isTerminal(0);
    },
    // Only a terminal has a width; asking process.stdout for it is worth its cost only then.
    columns: outTTY ? process.stdout.columns : undefined,
    env: process.env,
    ask: async (question: string) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
