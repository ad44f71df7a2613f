// Reading a file descriptor to its end under a cap: apart from input.ts, which the process I/O would otherwise load at
// start-up with every parser behind it.
import { readSync } from 'node:fs';

/**
 * The largest input analysed: 256 MiB. Everything up to it is read and analysed whole (big input through the log
 * lane, a few ms per MB); above it the input is refused with one line, exit 2, before it is read into memory.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Read what `fd` has next into `buf` (0 at its end), waiting on a non-blocking pipe that has nothing yet. */
export function readSome(fd: number, buf: Buffer, off: number, len: number): number {
  for (;;) {
    try {
      return readSync(fd, buf, off, len, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little instead of spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') return 0;
      throw e;
    }
  }
}

/**
 * Read a file descriptor (a pipe, a terminal, a device, a file) to its end, but never more than `cap` bytes plus one:
 * a caller that gets more than `cap` bytes back knows the input was too large without holding all of it.
 */
export function readFdCapped(fd: number, cap = MAX_INPUT_BYTES): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - total));
    if (buf.length === 0) break;
    const n = readSome(fd, buf, 0, buf.length);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}
