// The helper thread of lane-read.ts (dist/lane-worker.cjs): reads the back part of a big file through its own lane
// and hands the result over; the flag is raised whatever happens, so the first thread never waits for nothing.
import { workerData, type MessagePort } from 'node:worker_threads';
import { LaneReader, warmLane } from '../parse/log-lane';
import { readRange } from './lane-read';
import { chooseSplit, probeAt } from './lane-helper';

const { fd, to, flag, port } = workerData as { fd: number; to: number; flag: Int32Array; port: MessagePort };
// 1: running (the first thread then waits for the result rather than giving up on a helper that never started).
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
try {
  warmLane();
  // Its part is chosen now that it is ready to read: the back half of what the first thread has not claimed yet. None
  // (the first thread is nearly done): the first thread reads on to the end and never asks for a result.
  const from = chooseSplit(flag, to, probeAt(fd));
  if (from !== undefined) {
    const lane = new LaneReader(false);
    readRange(fd, from, to, lane);
    port.postMessage(lane.state());
  }
} catch {
  port.postMessage({ failed: true });
} finally {
  // 2: done, the result (if any) is on the port.
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
}
