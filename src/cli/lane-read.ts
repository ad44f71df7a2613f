// Reading a big file through the log lane: pieces of whole lines, never the whole file as one string; on big
// files a second thread reads the back part at the same time (the machine's other core halves the wait). Threads come
// from process.getBuiltinModule, only when one is started: loading node:worker_threads costs a short run 1.4 ms.
import { readSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { LaneReader, LaneOverflow, laneLimits, warmLane, logLaneTuning } from '../parse/log-lane';
import { PARALLEL_FROM, parallelFrom, startHelper, joinHelper, dropHelper, takeEarly, claimUpTo, helperPart, awaitSplit, threadTuning } from './lane-helper';

// Pieces of 127 KiB: big enough that the per-piece work vanishes, and each piece's text fits in V8's young generation
// (under 128 KiB): a bigger piece becomes a string of its own pages, freshly mapped and faulted in every time (turning
// 1 MB of bytes into text cost ~0.7 ms; 127 KiB pieces ~0.1 ms per MB).
const CHUNK = 127 * 1024;

/**
 * Hand the whole lines of `buf[0, have)` (all of it at the end of the input) to `lane`; how many bytes were used, or -1
 * when the lane stepped aside. `first` sees the input's first bytes (UTF-16, a byte order mark) and returns how many to
 * skip, or -1; `firstText` sees its first decoded piece (binary data).
 */
function feed(at: FeedState, buf: Buffer, have: number, end: boolean, lane: LaneReader, first?: (bytes: Buffer) => number, firstText?: (text: string) => void): number {
  // "\n" never occurs inside a UTF-8 sequence: a piece cut after one decodes on its own. Nor does a CR: a piece may end
  // after a bare one (one whose next byte is known and no "\n"), so text of bare CRs is read in pieces too. Only bytes
  // that came in since the last look can end a line: a line longer than the buffer, read from a pipe 64 KiB at a time,
  // was searched whole at every read (256 MB without a line end took 25 s).
  let cut = end ? have : lastAt(buf, 0x0a, at.clean, have) + 1;
  if (!end) {
    const cr = lastAt(buf, 0x0d, at.clean, have - 1);
    if (cr >= cut && buf[cr + 1] !== 0x0a) cut = cr + 1;
  }
  // What stays in the buffer holds no line end (its last byte may be a CR whose next byte is not known yet).
  at.clean = Math.max(0, have - cut - 1);
  if (cut === 0) {
    // One line longer than the lane would ever keep (its limit on characters, taken here as bytes: a line of 192 MB is no
    // log): refused now, not after its buffer doubled again and the whole line was decoded (a 256 MB line without a
    // line end peaked at 0.84-0.97 GB).
    if (have > laneLimits.maxChars) throw new LaneOverflow();
    return 0;
  }
  let skip = 0;
  if (at.first && first) {
    skip = first(buf.subarray(0, have));
    if (skip < 0) return -1;
  }
  const piece = buf.subarray(skip, cut);
  // Plain ASCII (nearly every log) decodes as Latin-1 to the same text, faster.
  let text = piece.toString(isAscii(piece) ? 'latin1' : 'utf8');
  // A bare CR ends a line, as sniff() reads it: the lane reads it as a newline (same lines, same numbers).
  if (piece.includes(0x0d)) text = text.replace(/\r(?!\n)/g, '\n');
  if (at.first) firstText?.(text);
  at.first = false;
  lane.push(text);
  return lane.failed ? -1 : cut;
}

/** Where the input stands between two pieces: its first piece not handed over yet; `buf[0, clean)` holds no line end. */
interface FeedState {
  first: boolean;
  clean: number;
  /** The first bytes were looked at for binary data (readStreamLaned: once, however long the first line). */
  judged?: boolean;
}
const feedState = (): FeedState => ({ first: true, clean: 0 });

/** The last `byte` in `buf[from, to)`, or -1. */
function lastAt(buf: Buffer, byte: number, from: number, to: number): number {
  if (to <= from) return -1;
  const i = buf.subarray(from, to).lastIndexOf(byte);
  return i < 0 ? -1 : from + i;
}

/** `buf` with room after `have` bytes: twice as big when full (one line longer than the buffer is not cut). */
function roomy(buf: Buffer, have: number): Buffer {
  if (have < buf.length) return buf;
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger, 0, 0, have);
  return bigger;
}

/**
 * Read bytes [from, to) of the file `fd` into `lane` in pieces of whole lines; false when the lane stepped aside.
 * `claim(next)`, before each read up to `next`: up to where to read (a helper thread may take the rest, lane-helper.ts).
 */
export function readRange(fd: number, from: number, to: number, lane: LaneReader, first?: (bytes: Buffer) => number, firstText?: (text: string) => void, claim?: (next: number) => number): boolean {
  let buf: Buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, to - from)));
  let have = 0;
  let at = from;
  const state = feedState();
  while (at < to || have > 0) {
    if (at < to) {
      buf = roomy(buf, have);
      let want = Math.min(buf.length - have, to - at);
      if (claim) {
        to = Math.min(to, claim(at + want));
        want = Math.min(want, to - at);
      }
      const n = want > 0 ? readSync(fd, buf, have, want, at) : 0;
      if (n === 0) to = at; // the file is shorter than it was (or the helper's part starts here): stop here
      at += n;
      have += n;
    }
    const used = feed(state, buf, have, at >= to, lane, first, firstText);
    if (used < 0) return false;
    buf.copy(buf, 0, used, have);
    have -= used;
  }
  return true;
}

/**
 * Read a pipe (or any stream) to its end through the lane, at most `cap` bytes (more: `tooBig` is thrown). What was
 * read is kept as bytes too, for when the lane steps aside or the input is under `minBytes`: then `bytes` is all of
 * the input and `lane` is undefined.
 */
export function readStreamLaned(
  read: (buf: Buffer, off: number, len: number) => number,
  minBytes: number,
  cap: number,
  tooBig: () => Error,
  first: (bytes: Buffer) => number,
  firstText: (text: string) => void,
): { lane?: LaneReader; bytes?: Buffer } {
  const lane = new LaneReader();
  const kept: Buffer[] = [];
  let total = 0;
  let buf: Buffer = Buffer.allocUnsafe(CHUNK);
  let have = 0;
  let stepped = false;
  const state = feedState();
  for (;;) {
    buf = roomy(buf, have);
    const n = read(buf, have, buf.length - have);
    total += n;
    if (total > cap) throw tooBig();
    if (n > 0) kept.push(Buffer.from(buf.subarray(have, have + n)));
    // A big paste: the lane's code is readied for every kind of line first (log-lane.ts warmLane).
    if (total >= minBytes) warmLane();
    have += n;
    if (!stepped) {
      const used = feed(state, buf, have, n === 0, lane, first, firstText);
      if (used < 0) stepped = true;
      else {
        buf.copy(buf, 0, used, have);
        have -= used;
      }
    }
    // Endless input without a newline (/dev/zero): nothing could be handed to the lane, so look at its start here,
    // before the buffer grows for a line that never ends (UTF-16 input has stepped aside above and is not judged).
    if (!stepped && state.first && !state.judged && have >= CHUNK) {
      state.judged = true;
      firstText(buf.toString('utf8', 0, 65536));
    }
    if (stepped) have = 0;
    if (n === 0) break;
  }
  return stepped || total < minBytes ? { bytes: Buffer.concat(kept, total) } : { lane };
}

/** The lane's first look at a file: UTF-16 is read the plain way (-1); a UTF-8 byte order mark is skipped. */
export const laneFirst = (bytes: Buffer): number => (isUtf16(bytes) ? -1 : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
const isUtf16 = (buf: Buffer) => buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));

/**
 * Read a whole file of `size` bytes through the lane; `first` as for readRange. Undefined when the lane stepped
 * aside (then the caller reads the file the plain way); `threads` says whether a helper thread read the back part.
 */
export function readFileLaned(fd: number, size: number, first: (bytes: Buffer) => number, firstText: (text: string) => void): { lane: LaneReader; threads: number } | undefined {
  // The helper the launcher started for this file, or one started now: it starts while this thread readies its lane.
  // (parallelFrom() is never below PARALLEL_FROM: a small file does not load node:os to ask for the cores.)
  const helper = takeEarly(fd, size) ?? (size >= PARALLEL_FROM && size >= parallelFrom() ? startHelper(fd, size) : undefined);
  // Readied for every kind of line only for a big file (a collected kern.log may be small): the warm-up is a few ms.
  if (size >= logLaneTuning.minBytes) warmLane();
  const lane = new LaneReader();
  if (helper && threadTuning.splitFirst) awaitSplit(helper);
  let read = false;
  try {
    read = readRange(fd, 0, size, lane, first, firstText, helper && ((next) => claimUpTo(helper.flag, next, size)));
  } finally {
    // The lane stepped aside, or the input was refused (binary data, too much to keep): the helper is stopped and the
    // run's flags set all the same.
    if (!read && helper) dropHelper(helper);
  }
  if (!read) return undefined;
  let threads = 1;
  if (helper) {
    const end = helperPart(helper, size);
    // No part taken: this thread read it all (the helper, if it ever looks, finds nothing left to take).
    if (end === undefined) dropHelper(helper);
    else {
      const rest = joinHelper(helper);
      if (rest) {
        lane.absorb(rest);
        threads = 2;
      } else if (!readRange(fd, end, size, lane)) return undefined;
    }
  }
  return lane.failed ? undefined : { lane, threads };
}
