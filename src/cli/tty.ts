// Is a descriptor a terminal, without loading node:tty; only node:fs, because the launcher (dist/cli.cjs) imports it.
import { fstatSync } from 'node:fs';

/**
 * Could `fd` be a terminal? Only character devices other than /dev/null (Linux's memory devices, major 1) can be: a
 * pipe, a file or /dev/null settles it without creating the stdio streams (they load node's stream and net modules).
 */
export function mayBeTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && ((st.rdev >> 8) & 0xfff) !== 1;
  } catch {
    return false; // a closed descriptor is no terminal
  }
}

/**
 * isatty() without loading node:tty (which loads net and streams): only a character device that may be a terminal
 * needs the real question, asked through the stream (which a terminal run creates anyway).
 */
export function isTerminal(fd: 0 | 1): boolean {
  if (!mayBeTerminal(fd)) return false;
  return !!(fd === 0 ? process.stdin : process.stdout).isTTY;
}
