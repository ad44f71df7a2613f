// Reading a big file through the log lane: 1 MB pieces of whole lines, never the whole file as one string; on big
// files a second thread reads the back part at the same time (the machine's other core halves the wait). Threads come
// from process.getBuiltinModule, only when one is started: loading node:worker_threads costs a short run 1.4 ms.
import { readSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { LaneReader, type LaneState } from '../parse/log-lane';

// Pieces of 1 MB: big enough that the per-piece work vanishes, small enough that the memory is reused while warm.
const CHUNK = 1024 * 1024;
/** Files from this size on are read by two threads (a thread costs ~25 ms to start: worth it only on big files). */
export const PARALLEL_FROM = 16 * 1024 * 1024;

/**
 * Read bytes [from, to) of `fd` into `lane` in pieces of whole lines ("\n" never occurs inside a UTF-8 sequence).
 * `first` sees the first piece's bytes and text (checks for UTF-16, binary data and a byte order mark) and returns how
 * many leading bytes to skip, or -1 to step aside. False when the lane stepped aside.
 */
export function readRange(fd: number, from: number, to: number, lane: LaneReader, first?: (bytes: Buffer) => number, firstText?: (text: string) => void): boolean {
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, to - from)));
  let have = 0;
  let at = from;
  let isFirst = true;
  while (at < to || have > 0) {
    const eof = at >= to;
    if (!eof) {
      if (have === buf.length) {
        // One line longer than the buffer: grow it rather than cut the line.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, Math.min(buf.length - have, to - at), at);
      if (n === 0) to = at; // the file is shorter than it was: stop here
      at += n;
      have += n;
    }
    const cut = at >= to ? have : buf.lastIndexOf(0x0a, have - 1) + 1;
    if (cut === 0) continue;
    let skip = 0;
    if (isFirst && first) {
      skip = first(buf.subarray(0, have));
      if (skip < 0) return false;
    }
    const piece = buf.subarray(skip, cut);
    // Plain ASCII (nearly every log) decodes as Latin-1 to the same text, faster.
    const text = piece.toString(isAscii(piece) ? 'latin1' : 'utf8');
    if (isFirst) firstText?.(text);
    isFirst = false;
    lane.push(text);
    if (lane.failed) return false;
    buf.copy(buf, 0, cut, have);
    have -= cut;
  }
  return true;
}

/**
 * Where the second part starts: the helper thread starts ~25-30 ms late, about what reading 8 MB takes, so the first
 * thread takes half the file plus 4 MB (25 MB: 66%, 50 MB: 58%), then up to the next newline.
 */
function splitPoint(fd: number, size: number): number | undefined {
  const probe = Buffer.allocUnsafe(64 * 1024);
  const at = Math.floor(Math.min(0.9, (size + 8 * 1024 * 1024) / (2 * size)) * size);
  const n = readSync(fd, probe, 0, probe.length, at);
  const nl = probe.subarray(0, n).indexOf(0x0a);
  return nl < 0 || at + nl + 1 >= size ? undefined : at + nl + 1;
}

interface Helper {
  flag: Int32Array;
  port: import('node:worker_threads').MessagePort;
  worker: import('node:worker_threads').Worker;
}

/** Start the helper thread on [from, size); undefined when threads are off or the worker script is not there. */
function startHelper(fd: number, from: number, size: number): Helper | undefined {
  const dist = (globalThis as { vfioDoctorDist?: string }).vfioDoctorDist;
  if (!dist || process.env.VFIO_DOCTOR_NO_WORKER) return undefined;
  try {
    const { Worker, MessageChannel } = process.getBuiltinModule('node:worker_threads');
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(`${dist}/lane-worker.cjs`, { workerData: { fd, from, to: size, flag, port: port2 }, transferList: [port2] });
    worker.unref();
    return { flag, port: port1, worker };
  } catch {
    return undefined; // no threads here: one is enough
  }
}

/** The helper's result, waited for without an event loop (this path is synchronous); undefined when it failed. */
function joinHelper(h: Helper): LaneState | undefined {
  const { receiveMessageOnPort } = process.getBuiltinModule('node:worker_threads');
  // A helper that crashed never raises the flag: after a minute the first thread reads the rest itself.
  Atomics.wait(h.flag, 0, 0, 60_000);
  const msg = receiveMessageOnPort(h.port)?.message as LaneState | undefined;
  void h.worker.terminate();
  h.port.close();
  return msg && !msg.failed ? msg : undefined;
}

/**
 * Read a whole file of `size` bytes through the lane; `first` as for readRange. Undefined when the lane stepped
 * aside (then the caller reads the file the plain way); `threads` says whether a helper thread read the back part.
 */
export function readFileLaned(fd: number, size: number, first: (bytes: Buffer) => number, firstText: (text: string) => void): { lane: LaneReader; threads: number } | undefined {
  const lane = new LaneReader();
  const split = size >= PARALLEL_FROM ? splitPoint(fd, size) : undefined;
  const helper = split !== undefined ? startHelper(fd, split, size) : undefined;
  const end = helper ? split! : size;
  if (!readRange(fd, 0, end, lane, first, firstText)) {
    if (helper) void helper.worker.terminate();
    return undefined;
  }
  let threads = 1;
  if (helper) {
    const rest = joinHelper(helper);
    if (rest) {
      lane.absorb(rest);
      threads = 2;
    } else if (!readRange(fd, end, size, lane)) return undefined;
  }
  return lane.failed ? undefined : { lane, threads };
}
