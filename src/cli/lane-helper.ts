// The log lane's helper thread (dist/lane-worker.cjs), which reads the back part of a big file: how the two threads
// share the file, starting the thread and waiting for it. The launcher starts it for `analyze FILE` before the core has
// even loaded (startEarly, ~50 ms sooner); the core takes that one over (takeEarly). Node modules only: the launcher
// imports this.
import { readSync, existsSync, openSync, fstatSync, closeSync, statSync, constants } from 'node:fs';
import type { LaneState } from '../parse/log-lane';
import { defaultsForThread } from './v8-tuning';
import { MAX_INPUT_BYTES } from './read-fd';

/** Files from this size on are read by two threads (a thread costs ~25 ms to start: worth it only on big files). */
export const PARALLEL_FROM = 16 * 1024 * 1024;
/**
 * Tests set `from` (bytes) to have files of any size read by two threads or one (undefined: parallelFrom() decides),
 * and `splitFirst` to have the first thread wait until the helper chose its part (then one is always taken).
 */
export const threadTuning: { from?: number; splitFirst?: boolean } = {};

/**
 * From which size a file is read by two threads (never below PARALLEL_FROM). With only two cores, V8's optimising
 * compiler (a thread of its own) has to share one with ours, and both threads run longer unoptimised: there a 25 MB
 * journal was read faster by one thread, 36 MB as fast, 50 MB faster by two (medians of 15 interleaved runs); with
 * more cores, from 16 MB; with one, never.
 */
export function parallelFrom(): number {
  if (threadTuning.from !== undefined) return Math.max(PARALLEL_FROM, threadTuning.from);
  const cores = process.getBuiltinModule('node:os').availableParallelism();
  return cores > 2 ? PARALLEL_FROM : cores === 2 ? 36 * 1024 * 1024 : Infinity;
}

export interface Helper {
  /** Sets this run's V8 flags again, once the helper is done. */
  restore: () => void;
  /**
   * [0] the helper's state: 0 not started yet, 1 running, 2 done (its result, if it took a part, is on the port). [1]
   * where the parts meet: up to which byte the first thread has claimed the file (>= 0), or minus where the helper's
   * part starts.
   */
  flag: Int32Array;
  port: import('node:worker_threads').MessagePort;
  worker: import('node:worker_threads').Worker;
}

const RUNNING = 1;
const DONE = 2;

// Where the two parts meet is chosen by the helper once it is ready to read, not before it starts. A thread is ready
// 35–95 ms after it was asked for (node bootstraps it from scratch, and on two cores it waits for the first thread's
// start-up): a part fixed beforehand left one thread waiting for the other ~40 ms a run on a 50 MB journal. The first
// thread claims the file ahead of each read (claimUpTo); the helper takes the back half of what is left unclaimed
// (chooseSplit); both update one shared number, with compare-and-swap, so neither reads a byte of the other's part.
// Byte offsets fit in it: files over the input cap (read-fd.ts, 256 MB) are refused before they are read.

/** Below this, what is left is read by the first thread alone (the helper's part would not pay for its hand-over). */
export const MIN_HELPER_PART = 1024 * 1024;

/**
 * The first thread, about to read up to byte `next`: claims it, unless the helper has taken a part already. Returns
 * up to where the first thread reads: `size`, or where the helper's part starts (never before what was claimed).
 */
export function claimUpTo(flag: Int32Array, next: number, size: number): number {
  for (;;) {
    const v = Atomics.load(flag, 1);
    if (v < 0) return -v;
    if (next <= v || Atomics.compareExchange(flag, 1, v, Math.min(next, size)) === v) return size;
  }
}

/**
 * The helper, ready to read: takes the back half of what the first thread has not claimed, from a line's start, and
 * says so; undefined when that is too little or no line starts near its middle (then the first thread reads it all).
 * `probe(at)`: the bytes from `at`, to find the next line's start in.
 */
export function chooseSplit(flag: Int32Array, size: number, probe: (at: number) => Buffer): number | undefined {
  for (;;) {
    const claimed = Atomics.load(flag, 1);
    if (claimed < 0) return undefined;
    const at = claimed + Math.floor((size - claimed) / 2);
    if (size - at < MIN_HELPER_PART) return undefined;
    const nl = probe(at).indexOf(0x0a);
    if (nl < 0 || at + nl + 1 >= size) return undefined;
    const split = at + nl + 1;
    // The first thread may have claimed more meanwhile: then again, from where it is now.
    if (Atomics.compareExchange(flag, 1, claimed, -split) === claimed) {
      Atomics.notify(flag, 1);
      return split;
    }
  }
}

/** The bytes of `fd` from `at` in which the helper looks for a line's start. */
export function probeAt(fd: number): (at: number) => Buffer {
  const buf = Buffer.allocUnsafe(64 * 1024);
  return (at) => buf.subarray(0, readSync(fd, buf, 0, buf.length, at));
}

/** Where the helper's part starts, once it took one; undefined when the first thread read (or reads) the file alone. */
export function helperPart(h: Helper, size: number): number | undefined {
  const v = Atomics.load(h.flag, 1);
  return v < 0 && -v < size ? -v : undefined;
}

/** Tests (threadTuning.splitFirst): wait until the helper has chosen its part, or is done without one (10 s at most). */
export function awaitSplit(h: Helper): void {
  const until = Date.now() + 10_000;
  for (let v = Atomics.load(h.flag, 1); v >= 0 && Atomics.load(h.flag, 0) !== DONE && Date.now() < until; v = Atomics.load(h.flag, 1)) Atomics.wait(h.flag, 1, v, 50);
}

/** Start the helper thread for the file `fd` of `size` bytes; undefined when threads are off or its script is not there. */
export function startHelper(fd: number, size: number): Helper | undefined {
  const dist = (globalThis as { vfioDoctorDist?: string }).vfioDoctorDist;
  if (!dist || process.env.VFIO_DOCTOR_NO_WORKER) return undefined;
  const script = `${dist}/lane-worker.cjs`;
  if (!existsSync(script)) return undefined;
  const restore = defaultsForThread();
  try {
    const { Worker, MessageChannel } = process.getBuiltinModule('node:worker_threads');
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { fd, to: size, flag, port: port2 }, transferList: [port2] });
    // Whatever goes wrong in the helper only means the first thread reads the rest itself: never an uncaught error.
    worker.on('error', () => undefined);
    worker.unref();
    return { restore, flag, port: port1, worker };
  } catch {
    restore();
    return undefined; // no threads here: one is enough
  }
}

/** The result of a helper that took a part, waited for without an event loop (this path is synchronous); undefined when it failed. */
export function joinHelper(h: Helper): LaneState | undefined {
  const { receiveMessageOnPort } = process.getBuiltinModule('node:worker_threads');
  // It took a part, so it is running (it says so before it chooses) or done: given up after 15 s (the largest input
  // takes it well under one), then the first thread reads the rest itself.
  if (Atomics.load(h.flag, 0) === RUNNING) Atomics.wait(h.flag, 0, RUNNING, 15_000);
  const msg = Atomics.load(h.flag, 0) === DONE ? (receiveMessageOnPort(h.port)?.message as LaneState | undefined) : undefined;
  dropHelper(h);
  return msg && !msg.failed ? msg : undefined;
}

/**
 * Stop the helper (done or not) and set the run's flags again. Stopping takes effect a moment later: a helper still
 * reading when the core closes the descriptor may read whatever file reuses its number, harmlessly (positional reads
 * move no offset, and its result is never taken).
 */
export function dropHelper(h: Helper): void {
  void h.worker.terminate();
  h.port.close();
  h.restore();
}

/** A helper the launcher started, with the file it reads (which the core must have opened too to take it over). */
interface Early {
  dev: number;
  ino: number;
  size: number;
  helper: Helper;
}
const early = globalThis as { vfioDoctorEarlyLane?: Early };

/** The options that take a value (cli/args.ts, type 'string'): the word after one is that value, not a FILE. */
export const VALUE_OPTIONS: ReadonlySet<string> = new Set(['--root', '--gpu', '--bundle', '--ignore', '--only', '--output', '-o', '--lang']);

/**
 * The FILE of an `analyze` command line (`analyze --json FILE` as well as `analyze FILE --json`), found the way
 * cli/args.ts reads it: the first word is the command, the next word that is no option nor an option's value the FILE.
 * A guess all the same: the core takes the helper over only for the file it opens itself.
 */
export function analyzeFileOf(argv: readonly string[]): string | undefined {
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      const rest = argv.slice(i + 1);
      return command === undefined ? (isAnalyze(rest[0]) ? rest[1] : undefined) : rest[0];
    }
    if (a.startsWith('-') && a !== '-') {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    if (command !== undefined) return a;
    if (!isAnalyze(a)) return undefined;
    command = a;
  }
  return undefined;
}
const isAnalyze = (w: string | undefined) => w === 'analyze' || w === 'analyse';

/**
 * For `analyze FILE` with a big regular file: start the helper now, while the core loads. A guess from the command
 * line only (the core parses it properly and takes the helper over only for the same file); true when one started.
 */
export function startEarly(argv: readonly string[]): boolean {
  const file = analyzeFileOf(argv);
  if (!file || file === '-') return false;
  try {
    // Only a regular file is opened: opening a FIFO, even without blocking, would let its writer start, and closing it
    // again before the core reads would kill that writer (SIGPIPE). Non-blocking all the same, should the path be
    // swapped for one in between.
    // Not above the input cap either: such a file is refused unread. (A small one does not load node:os to count cores.)
    const big = (st: { isFile(): boolean; size: number }) => st.isFile() && st.size >= PARALLEL_FROM && st.size >= parallelFrom() && st.size <= MAX_INPUT_BYTES;
    if (!big(statSync(file))) return false;
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    const helper = big(st) ? startHelper(fd, st.size) : undefined;
    // The descriptor stays open for the helper, also if the core drops it (a number closed under a running thread
    // could be reused for another file).
    if (!helper) closeSync(fd);
    else early.vfioDoctorEarlyLane = { dev: st.dev, ino: st.ino, size: st.size, helper };
    return helper !== undefined;
  } catch {
    return false; // unreadable: the core says so
  }
}

/**
 * The launcher's helper for the file open as `fd` of `size` bytes; undefined when there is none, or it was started for
 * another file (then it is stopped). Once it is done, the run's flags are set (tuneV8 left them).
 */
export function takeEarly(fd: number, size: number): Helper | undefined {
  const e = early.vfioDoctorEarlyLane;
  if (!e) return undefined;
  early.vfioDoctorEarlyLane = undefined;
  e.helper.restore = defaultsForThread();
  const st = fstatSync(fd);
  if (st.dev === e.dev && st.ino === e.ino && st.size === size && e.size === size) return e.helper;
  dropHelper(e.helper);
  return undefined;
}
