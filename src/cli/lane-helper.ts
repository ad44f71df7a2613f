// The log lane's helper thread (dist/lane-worker.cjs), which reads the back part of a big file: where that part starts,
// starting the thread and waiting for it. The launcher starts it for `analyze FILE` before the core has even loaded
// (startEarly, ~50 ms sooner); the core takes that one over (takeEarly). Node modules only: the launcher imports this.
import { readSync, existsSync, openSync, fstatSync, closeSync, statSync, constants } from 'node:fs';
import type { LaneState } from '../parse/log-lane';
import { defaultsForThread } from './v8-tuning';
import { MAX_INPUT_BYTES } from './read-fd';

/** Files from this size on are read by two threads (a thread costs ~25 ms to start: worth it only on big files). */
export const PARALLEL_FROM = 16 * 1024 * 1024;
/** Tests set `from` (bytes) to have files of any size read by two threads or one; undefined: parallelFrom() decides. */
export const threadTuning: { from?: number } = {};

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
  flag: Int32Array;
  port: import('node:worker_threads').MessagePort;
  worker: import('node:worker_threads').Worker;
}

// The helper's flag: 0 not started yet, 1 running, 2 done (its result is on the port).
const RUNNING = 1;
const DONE = 2;

/**
 * Where the second part starts, at the next newline. A helper started by the core is ready ~60 ms after the core began
 * reading (node bootstraps a thread from scratch), about what reading 12 MB takes: the first thread takes half the file
 * plus 6 MB (25 MB: 74%, 50 MB: 62%). One the launcher started (`early`) is ready ~25 ms after the core is, and the
 * first thread, which also reads the first part cold, is as much slower per MB: each takes half (measured on a 50 MB
 * journal: the two ended within a few ms of each other, either first).
 */
export function splitPoint(fd: number, size: number, early = false): number | undefined {
  const probe = Buffer.allocUnsafe(64 * 1024);
  const at = Math.floor(Math.min(0.9, (size + (early ? 0 : 12) * 1024 * 1024) / (2 * size)) * size);
  const n = readSync(fd, probe, 0, probe.length, at);
  const nl = probe.subarray(0, n).indexOf(0x0a);
  return nl < 0 || at + nl + 1 >= size ? undefined : at + nl + 1;
}

/** Start the helper thread on [from, size); undefined when threads are off or the worker script is not there. */
export function startHelper(fd: number, from: number, size: number): Helper | undefined {
  const dist = (globalThis as { vfioDoctorDist?: string }).vfioDoctorDist;
  if (!dist || process.env.VFIO_DOCTOR_NO_WORKER) return undefined;
  const script = `${dist}/lane-worker.cjs`;
  if (!existsSync(script)) return undefined;
  const restore = defaultsForThread();
  try {
    const { Worker, MessageChannel } = process.getBuiltinModule('node:worker_threads');
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { fd, from, to: size, flag, port: port2 }, transferList: [port2] });
    // Whatever goes wrong in the helper only means the first thread reads the rest itself: never an uncaught error.
    worker.on('error', () => undefined);
    worker.unref();
    return { restore, flag, port: port1, worker };
  } catch {
    restore();
    return undefined; // no threads here: one is enough
  }
}

/** The helper's result, waited for without an event loop (this path is synchronous); undefined when it failed. */
export function joinHelper(h: Helper): LaneState | undefined {
  const { receiveMessageOnPort } = process.getBuiltinModule('node:worker_threads');
  // A helper that never got going (it starts in ~30 ms) is given up after a second; one that is running, after 15 s
  // (the largest input takes it well under one). Then the first thread reads the rest itself.
  if (Atomics.load(h.flag, 0) === 0) Atomics.wait(h.flag, 0, 0, 1000);
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
  split: number;
  helper: Helper;
}
const early = globalThis as { vfioDoctorEarlyLane?: Early };

/**
 * For `analyze FILE` with a big regular file: start the helper now, while the core loads. A guess from the command
 * line only (the core parses it properly and takes the helper over only for the same file); true when one started.
 */
export function startEarly(argv: readonly string[]): boolean {
  const file = argv[0] === 'analyze' ? argv[1] : undefined;
  if (!file || file.startsWith('-')) return false;
  try {
    // Only a regular file is opened: opening a FIFO, even without blocking, would let its writer start, and closing it
    // again before the core reads would kill that writer (SIGPIPE). Non-blocking all the same, should the path be
    // swapped for one in between.
    // Not above the input cap either: such a file is refused unread.
    const big = (st: { isFile(): boolean; size: number }) => st.isFile() && st.size >= parallelFrom() && st.size <= MAX_INPUT_BYTES;
    if (!big(statSync(file))) return false;
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    const split = big(st) ? splitPoint(fd, st.size, true) : undefined;
    const helper = split === undefined ? undefined : startHelper(fd, split, st.size);
    // The descriptor stays open for the helper, also if the core drops it (a number closed under a running thread
    // could be reused for another file).
    if (!helper) closeSync(fd);
    else early.vfioDoctorEarlyLane = { dev: st.dev, ino: st.ino, size: st.size, split: split!, helper };
    return helper !== undefined;
  } catch {
    return false; // unreadable: the core says so
  }
}

/**
 * The launcher's helper for the file open as `fd` of `size` bytes, with where its part starts; undefined when there is
 * none, or it reads another file (then it is stopped). Once it is done, the run's flags are set (tuneV8 left them).
 */
export function takeEarly(fd: number, size: number): { helper: Helper; split: number } | undefined {
  const e = early.vfioDoctorEarlyLane;
  if (!e) return undefined;
  early.vfioDoctorEarlyLane = undefined;
  e.helper.restore = defaultsForThread();
  const st = fstatSync(fd);
  if (st.dev === e.dev && st.ino === e.ino && st.size === size && e.size === size) return { helper: e.helper, split: e.split };
  dropHelper(e.helper);
  return undefined;
}
