// Reading a big file through the lane in pieces, and in two parts by two threads, keeps exactly what reading the
// whole text at once keeps: the same lines, numbers, folds and counts, wherever the pieces and parts are cut.
import { describe, it, expect, afterEach, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, appendFileSync, openSync, closeSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { LaneReader, laneLines, logLaneTuning, laneLimits, LaneOverflow } from '../../src/parse/log-lane';
import { readFileLaned, readStreamLaned, readRange } from '../../src/cli/lane-read';
import { startEarly, PARALLEL_FROM, threadTuning, parallelFrom, claimUpTo, chooseSplit, probeAt, MIN_HELPER_PART } from '../../src/cli/lane-helper';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { corpus } from '../corpus';
import { readInput } from '../../src/cli/input';
import { UsageError } from '../../src/cli/args';
import { cli } from '../cli-helpers';
import { expectLinear } from '../hostile/timing';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const DEFAULT = { ...logLaneTuning };
afterEach(() => Object.assign(logLaneTuning, DEFAULT));

/** A log with everything the lane treats apart: markers, other output, repeats, chatter, a boot's first lines. */
function bigLog(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = `[${(i / 100).toFixed(6).padStart(12)}]`;
    switch (i % 97) {
      case 0:
        out.push('=== lspci -nnk ===', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [10de:2204] (rev a1)', '\tKernel driver in use: nvidia', '=== dmesg ===');
        break;
      case 1:
        out.push(`${t} usb 1-1: new device number ${i}`); // the line right after a marker: kept
        break;
      case 5:
        out.push(`${t} vfio-pci 0000:0b:00.0: enabling device (0000 -> 0003)`); // repeats: folded
        break;
      case 7:
        out.push(`Nov 25 13:03:11 host kernel: pci 0000:0b:00.${i % 8}: Adding to iommu group ${i % 50}`);
        break;
      default:
        out.push(`${t} EXT4-fs (nvme0n1p2): mounted filesystem ${i} with ordered data mode.`);
    }
  }
  return out.join('\n') + '\n';
}

describe('a lane read in parts', () => {
  it('absorbs what a reader of the next part kept exactly as if it had read that part itself', () => {
    logLaneTuning.minBytes = 0;
    const texts = [bigLog(3000), ...corpus().slice(0, 40).map(([, t]) => (t.endsWith('\n') ? t : `${t}\n`))];
    for (const text of texts) {
      const whole = laneLines(text);
      const cuts = [...text.matchAll(/\n/g)].map((m) => m.index! + 1).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 7)) === 0);
      for (const cut of cuts) {
        if (cut >= text.length) continue;
        const a = new LaneReader();
        a.push(text.slice(0, cut));
        const b = new LaneReader(false);
        b.push(text.slice(cut));
        a.absorb(b.state());
        expect(a.finish(), `cut at ${cut}`).toEqual(whole);
      }
    }
  });

  // Past softLines each line no kernel line is looked at (mayMatter), and past maxLooked looked at the input is refused.
  // The helper's part is looked at by the helper: those it left out count too, once, as when one reader reads it all.
  it('two readers refuse for too many lines looked at exactly when one reader does (and never for fewer)', () => {
    const saved = { ...laneLimits };
    try {
      laneLimits.softLines = 20;
      const lines: string[] = [];
      for (let i = 0; i < 300; i++) {
        if (i % 7 === 0) lines.push(`[ ${i}.000000] usb 1-1: new device ${i}`); // a kernel line: kept, never looked at
        else if (i % 11 === 0) lines.push('01:00.0 VGA compatible controller [0300]: NVIDIA GA102 [10de:2204]'); // looked at, kept
        else if (i % 13 === 0) lines.push('', '', 'again', 'again', 'again', 'again', 'again'); // repeats: counted, not looked at
        else lines.push(`w${i}`); // looked at, left out
      }
      const text = lines.join('\n') + '\n';
      const outcome = (read: () => LaneReader) => {
        try {
          return JSON.stringify(read().finish());
        } catch (e) {
          if (e instanceof LaneOverflow) return 'refused';
          throw e;
        }
      };
      const one = () => {
        const r = new LaneReader();
        r.push(text);
        return r;
      };
      const two = (cut: number) => () => {
        const a = new LaneReader();
        a.push(text.slice(0, cut));
        const b = new LaneReader(false);
        b.push(text.slice(cut));
        a.absorb(structuredClone(b.state()));
        return a;
      };
      // The fewest lines looked at that one reader accepts: one fewer and it refuses.
      laneLimits.maxLooked = 0;
      while (outcome(one) === 'refused') laneLimits.maxLooked++;
      const accepted = laneLimits.maxLooked;
      expect(accepted).toBeGreaterThan(100);
      const bad: string[] = [];
      for (const max of [accepted - 1, accepted]) {
        laneLimits.maxLooked = max;
        const whole = outcome(one);
        for (const c of lineEnds(text)) if (outcome(two(c)) !== whole) bad.push(`maxLooked ${max} split ${c}: ${whole === 'refused' ? 'not refused' : 'refused'}`);
      }
      expect(bad.slice(0, 5)).toEqual([]);
    } finally {
      Object.assign(laneLimits, saved);
    }
  });
});

describe('a lane read in pieces', () => {
  it('keeps the same wherever one reader\'s pieces are cut: the line after a marker that ends a piece, a line a forum broke in two across pieces', () => {
    logLaneTuning.minBytes = 0;
    // A head nothing keeps by itself ("pci" is no message start, no word in it): only its second half brings it back.
    const head = '[    0.512345] pci 0000:02:00.0: reg 0x10: [mem 0xe0000000-0xefff';
    const text = `${bigLog(40)}${head}\r\nffff 64bit pref]\r\n${bigLog(40)}`;
    const whole = laneLines(text)!;
    expect(whole.lines).toContain(head);
    expect(whole.lines).toContain('ffff 64bit pref]');
    for (const m of text.matchAll(/\n/g)) {
      const cut = m.index! + 1;
      const r = new LaneReader();
      r.push(text.slice(0, cut));
      r.push(text.slice(cut));
      expect(r.finish(), `cut at ${cut}`).toEqual(whole);
    }
  });
});

/**
 * A generated log of 120 entries (seeded): plain and repeated kernel lines, forum-broken lines (one whose message
 * repeats, so a reader folds its head), runs of blank and repeated lines, markers, prompts, prose, CRLF lines.
 */
function mixedLog(seed: number): string {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: string[] = [];
  for (let i = 0; i < 120; i++) {
    const r = rnd();
    const t = `[ ${i + 1}.000000]`;
    if (r < 0.2) out.push(`${t} usb 1-1: new device ${Math.floor(rnd() * 3)}`);
    else if (r < 0.35) out.push(`${t} vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)`);
    else if (r < 0.45) out.push(`${t} vfio-pci 0000:01:00.0: BAR 0: can't reserve [mem 0xf0000000-0xf0ff`, 'ffff 64bit]');
    else if (r < 0.47) for (let n = 1 + Math.floor(rnd() * 7); n > 0; n--) out.push(rnd() < 0.5 ? '' : 'again');
    else if (r < 0.49) out.push(`${t} usb 1-1: thing [mem 0x100-0x1${rnd() < 0.5 ? '\r' : ''}`, `ff]${rnd() < 0.5 ? '\r' : ''}`);
    else if (r < 0.5) out.push(rnd() < 0.5 ? '=== marker ===' : '$ sudo dmesg');
    else if (r < 0.55) out.push('');
    else if (r < 0.6) out.push('some words');
    else if (r < 0.65) out.push(`${t} EXT4-fs (sda1): mounted\r`);
    else out.push(`${t} EXT4-fs (sda1): mounted filesystem ${Math.floor(rnd() * 2)}`);
  }
  return out.join('\n') + '\n';
}
const lineEnds = (text: string) => [...text.matchAll(/\n/g)].map((m) => m.index! + 1).filter((c) => c < text.length);

/**
 * Where reading the generated logs of seeds 1 to `seeds` - 1 in parts (`read`, at each set of offsets `cuts` gives)
 * kept something else than reading each whole text at once.
 */
function differing(seeds: number, cuts: (text: string) => number[][], read: (text: string, at: number[]) => unknown): string[] {
  const bad: string[] = [];
  for (let seed = 1; seed < seeds; seed++) {
    const text = mixedLog(seed);
    const whole = JSON.stringify(laneLines(text, 0));
    for (const at of cuts(text)) if (JSON.stringify(read(text, at)) !== whole) bad.push(`seed ${seed} cut ${at.join(',')}`);
  }
  return bad;
}

describe('pieces and parts cut anywhere keep what the whole text keeps (generated logs)', () => {
  it('one reader, cut at every line end (and an empty piece between)', () => {
    const bad = differing(40, (text) => lineEnds(text).map((c) => [c]), (text, [c]) => {
      const r = new LaneReader();
      r.push(text.slice(0, c));
      r.push('');
      r.push(text.slice(c));
      return r.finish();
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('one reader, cut twice', () => {
    const pairs = (text: string) => lineEnds(text).flatMap((a, i, cuts) => cuts.slice(i + 1).map((b) => [a, b]));
    const bad = differing(8, pairs, (text, [a, b]) => {
      const r = new LaneReader();
      r.push(text.slice(0, a));
      r.push(text.slice(a, b));
      r.push(text.slice(b));
      return r.finish();
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  // The second part's reader hands its state across threads (structured clone: plain data).
  it('two readers, the second part absorbed, split at every line end', () => {
    const bad = differing(40, (text) => lineEnds(text).map((c) => [c]), (text, [c]) => {
      const a = new LaneReader();
      a.push(text.slice(0, c));
      const b = new LaneReader(false);
      b.push(text.slice(c));
      a.absorb(structuredClone(b.state()));
      return a.finish();
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('a line broken across the two parts is joined, as in one reading', () => {
    const f = (i: number) => `[    1.${String(i).padStart(6, '0')}] EXT4-fs (sda1): mounted ${i}`;
    const part1 = [f(1), f(2), '[    1.500000] pci 0000:00:01.0: bridge window [mem 0xf0000000-0xf0ff', ''].join('\n');
    const part2 = ['ffff 64bit pref]', f(3), ''].join('\n');
    const whole = laneLines(part1 + part2, 0)!;
    expect(whole.lines).toContain('[    1.500000] pci 0000:00:01.0: bridge window [mem 0xf0000000-0xf0ff');
    const a = new LaneReader();
    a.push(part1);
    const b = new LaneReader(false);
    b.push(part2);
    a.absorb(b.state());
    expect(a.finish()).toEqual(whole);
  });

  it('a file read in 127 KiB pieces: bare CRs, CRLFs and broken lines at every offset around a piece\'s end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vfio-lane-cr-'));
    try {
      const file = join(dir, 'cr.log');
      const ends = ['\n', '\r\n', '\r', '\r\r\n', '\n\r'];
      const line = (i: number) => [`[ ${i}.000000] usb 1-1: x${i % 5}`, '=== m ===', `[ ${i}.000000] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)`, '', `[ ${i}.1] pci 0000:01:00.0: BAR 1: assigned [mem 0xe0000000-0xefff`][i % 5]!;
      const bad: string[] = [];
      for (let pad = 0; pad < 24; pad++) {
        let body = `${'x'.repeat(pad)}\n`;
        for (let i = 0; body.length < 127 * 1024 + 200; i++) {
          body += line(i) + ends[(i * 7 + pad) % ends.length];
          if (i % 5 === 4) body += 'ffff 64bit pref]\n';
        }
        writeFileSync(file, body);
        const fd = openSync(file, 'r');
        const r = new LaneReader();
        const ok = readRange(fd, 0, body.length, r);
        closeSync(fd);
        // The lane reads a bare CR as a newline, as sniff() does.
        if (!ok || JSON.stringify(r.finish()) !== JSON.stringify(laneLines(body.replace(/\r(?!\n)/g, '\n'), 0))) bad.push(`pad ${pad}`);
      }
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The helper chooses its part once it is ready, the back half of what the first thread has not claimed: whenever that
// is, the two parts cover the file exactly once and keep what one reader keeps.
describe('where the two threads\' parts meet (claimUpTo, chooseSplit)', () => {
  let dir: string;
  let file: string;
  let text: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vfio-meet-'));
    file = join(dir, 'meet.log');
    text = bigLog(Math.ceil((5 * MIN_HELPER_PART) / 60));
    writeFileSync(file, text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('whenever the helper gets ready (before any read, between any two, after the last), the parts keep what one reader keeps', () => {
    const whole = laneLines(text);
    const size = Buffer.byteLength(text);
    const fd = openSync(file, 'r');
    try {
      const taken: number[] = [];
      for (let ready = 0; ; ready++) {
        const flag = new Int32Array(new SharedArrayBuffer(8));
        let reads = 0;
        let claimed = 0;
        let split: number | undefined;
        const lane = new LaneReader();
        // The first thread's claims; the helper gets ready before the `ready`-th of them.
        const claim = (next: number) => {
          if (reads++ === ready) {
            split = chooseSplit(flag, size, probeAt(fd));
            if (split !== undefined) {
              expect(split, `ready at ${ready}`).toBeGreaterThanOrEqual(claimed);
              expect(text[split - 1], 'a line starts there').toBe('\n');
            }
          }
          const to = claimUpTo(flag, next, size);
          claimed = Math.max(claimed, Math.min(next, to));
          return to;
        };
        expect(readRange(fd, 0, size, lane, undefined, undefined, claim)).toBe(true);
        if (split !== undefined) {
          const rest = new LaneReader(false);
          readRange(fd, split, size, rest);
          lane.absorb(structuredClone(rest.state()));
          taken.push(split);
        }
        expect(lane.finish(), `ready at ${ready}`).toEqual(whole);
        if (reads <= ready) break; // ready after the last read: nothing was left to take
      }
      // Early on the helper takes about half; the later it is ready, the less; near the end, nothing.
      expect(taken.length).toBeGreaterThan(3);
      expect(Math.abs(taken[0]! - size / 2)).toBeLessThan(64 * 1024);
      expect(taken).toEqual([...taken].sort((a, b) => a - b));
      expect(size - taken.at(-1)!).toBeGreaterThanOrEqual(MIN_HELPER_PART);
    } finally {
      closeSync(fd);
    }
  });

  it('a claim made while the helper looks for a line start wins: the helper chooses again, after it', () => {
    const size = 10 * MIN_HELPER_PART;
    const flag = new Int32Array(new SharedArrayBuffer(8));
    expect(claimUpTo(flag, MIN_HELPER_PART, size)).toBe(size);
    const lines = Buffer.from('tail of a line\nnext line\n');
    let probes = 0;
    const split = chooseSplit(flag, size, (at) => {
      // The first thread reads on while the helper probes, the first time only.
      if (probes++ === 0) expect(claimUpTo(flag, 3 * MIN_HELPER_PART, size)).toBe(size);
      expect(at).toBe(probes === 1 ? MIN_HELPER_PART + 4.5 * MIN_HELPER_PART : 3 * MIN_HELPER_PART + 3.5 * MIN_HELPER_PART);
      return lines;
    });
    expect(probes).toBe(2);
    expect(split).toBe(6.5 * MIN_HELPER_PART + 15);
    // From now on the first thread reads up to there, and never claims past it.
    expect(claimUpTo(flag, 8 * MIN_HELPER_PART, size)).toBe(split);
    expect(claimUpTo(flag, 2 * MIN_HELPER_PART, size)).toBe(split);
  });

  it('claims only grow; the helper takes nothing when little is left, or no line starts near the middle', () => {
    const size = 4 * MIN_HELPER_PART;
    const flag = new Int32Array(new SharedArrayBuffer(8));
    claimUpTo(flag, MIN_HELPER_PART, size);
    claimUpTo(flag, 1000, size);
    expect(Atomics.load(flag, 1)).toBe(MIN_HELPER_PART);
    expect(chooseSplit(flag, size, () => Buffer.from('no newline in 64 KiB'))).toBeUndefined();
    expect(chooseSplit(flag, size, () => Buffer.from('x'.repeat(0)))).toBeUndefined();
    expect(Atomics.load(flag, 1), 'nothing taken').toBe(MIN_HELPER_PART);
    claimUpTo(flag, size - MIN_HELPER_PART, size);
    expect(chooseSplit(flag, size, () => Buffer.from('\n'))).toBeUndefined();
    expect(claimUpTo(flag, size + 5, size)).toBe(size);
    expect(Atomics.load(flag, 1), 'a claim stops at the end').toBe(size);
  });
});

describe('readFileLaned(): a file in pieces, by one thread or two', () => {
  let dir: string;
  let file: string;
  let text: string;
  beforeAll(() => {
    // Two threads from 16 MB here, however many cores this machine has (with two, real runs wait for 36 MB).
    threadTuning.from = PARALLEL_FROM;
    dir = mkdtempSync(join(tmpdir(), 'vfio-lane-'));
    file = join(dir, 'big.log');
    text = bigLog(Math.ceil((PARALLEL_FROM * 1.1) / 60));
    writeFileSync(file, text);
  });
  afterAll(() => {
    threadTuning.from = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (threads: boolean) => {
    const g = globalThis as { vfioDoctorDist?: string };
    const saved = g.vfioDoctorDist;
    g.vfioDoctorDist = threads ? DIST : undefined;
    const fd = openSync(file, 'r');
    try {
      const r = readFileLaned(fd, text.length, () => 0, () => {})!;
      return { kept: r.lane.finish(), threads: r.threads };
    } finally {
      closeSync(fd);
      g.vfioDoctorDist = saved;
    }
  };

  it('keeps what reading the whole text at once keeps', () => {
    expect(text.length).toBeGreaterThan(PARALLEL_FROM);
    const whole = laneLines(text)!;
    expect(whole.lines.length).toBeGreaterThan(1000);
    const r = read(false);
    expect(r.threads).toBe(1);
    expect(r.kept).toEqual(whole);
  });

  it('reads it all itself, with the same result, when the helper script is missing or dies on loading', () => {
    const whole = laneLines(text);
    const g = globalThis as { vfioDoctorDist?: string };
    const bad = mkdtempSync(join(tmpdir(), 'vfio-bad-dist-'));
    writeFileSync(join(bad, 'lane-worker.cjs'), 'throw new Error("broken on purpose");\n');
    try {
      for (const dist of [join(bad, 'missing'), bad]) {
        g.vfioDoctorDist = dist;
        const fd = openSync(file, 'r');
        try {
          const r = readFileLaned(fd, text.length, () => 0, () => {})!;
          expect(r.threads, dist).toBe(1);
          expect(r.lane.finish(), dist).toEqual(whole);
        } finally {
          closeSync(fd);
        }
      }
    } finally {
      g.vfioDoctorDist = undefined;
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('gives the same with a helper thread reading the back part (dist/lane-worker.cjs, built by npm test)', () => {
    if (!existsSync(join(DIST, 'lane-worker.cjs'))) throw new Error('dist/lane-worker.cjs is missing: run `npm run build` (npm test does it first)');
    // The first thread waits for the helper to choose its part: then it has one, whatever this machine's load.
    threadTuning.splitFirst = true;
    try {
      const r = read(true);
      expect(r.threads).toBe(2);
      expect(r.kept).toEqual(laneLines(text));
    } finally {
      threadTuning.splitFirst = undefined;
    }
    // As in a real run: the helper takes a part or, ready too late, none; the same lines either way.
    const r = read(true);
    expect([1, 2]).toContain(r.threads);
    expect(r.kept).toEqual(laneLines(text));
  });

  it('reads by two threads from 16 MB with three cores or more, from 36 MB with two (V8\'s compiler needs one too), never with one', () => {
    threadTuning.from = undefined;
    try {
      const cores = availableParallelism();
      expect(parallelFrom()).toBe(cores > 2 ? 16 * 1024 * 1024 : cores === 2 ? 36 * 1024 * 1024 : Infinity);
    } finally {
      threadTuning.from = PARALLEL_FROM;
    }
  });

  // The launcher starts the helper for `analyze FILE` before the core loads; the core takes it over for that file only.
  describe('a helper the launcher started (startEarly)', () => {
    const g = globalThis as { vfioDoctorDist?: string; vfioDoctorEarlyLane?: unknown };
    beforeAll(() => {
      g.vfioDoctorDist = DIST;
    });
    afterEach(() => {
      g.vfioDoctorEarlyLane = undefined;
    });
    afterAll(() => {
      g.vfioDoctorDist = undefined;
    });
    const readAt = (path: string, size: number) => {
      const fd = openSync(path, 'r');
      try {
        const r = readFileLaned(fd, size, () => 0, () => {})!;
        return { kept: r.lane.finish(), threads: r.threads };
      } finally {
        closeSync(fd);
      }
    };

    /** Count the threads started (lane-helper.ts takes Worker from node:worker_threads when it starts one). */
    const counting = () => {
      const wt = process.getBuiltinModule('node:worker_threads') as { Worker: new (...a: unknown[]) => Worker };
      const Real = wt.Worker;
      const made: Worker[] = [];
      wt.Worker = function (...a: unknown[]) {
        const w = new Real(...a);
        made.push(w);
        return w;
      } as unknown as typeof Real;
      return { made, done: () => (wt.Worker = Real) };
    };
    const earlyHelper = () => (g.vfioDoctorEarlyLane as { helper: { worker: Worker; flag: Int32Array } }).helper;

    it('is taken over by the core for the same file (no second thread): the same lines as one thread reading it all', () => {
      const threads = counting();
      try {
        expect(startEarly(['analyze', file, '--json'])).toBe(true);
        expect(threads.made).toEqual([earlyHelper().worker]);
        const r = readAt(file, text.length);
        expect(g.vfioDoctorEarlyLane).toBeUndefined();
        expect(threads.made.length, 'the core started none of its own').toBe(1);
        expect(r.threads).toBe(2);
        expect(r.kept).toEqual(laneLines(text));
      } finally {
        threads.done();
      }
    });

    it('is stopped when the core reads another file, or the file grew: the core reads what it opened, with a thread of its own', async () => {
      const other = join(dir, 'other.log');
      const otherText = bigLog(Math.ceil((PARALLEL_FROM * 1.2) / 60)).replace(/EXT4-fs/g, 'EXT4-fs (other)');
      writeFileSync(other, otherText);
      const grown = join(dir, 'grown.log');
      writeFileSync(grown, text);
      for (const [path, change] of [
        [other, () => otherText],
        [grown, () => (appendFileSync(grown, '[ 9999.000000] usb 1-1: one more line\n'), `${text}[ 9999.000000] usb 1-1: one more line\n`)],
      ] as const) {
        const threads = counting();
        try {
          expect(startEarly(['analyze', path === other ? file : grown])).toBe(true);
          const early = earlyHelper();
          const exited = new Promise<void>((done) => early.worker.on('exit', () => done()));
          const now = change();
          const r = readAt(path, now.length);
          expect(g.vfioDoctorEarlyLane).toBeUndefined();
          // Stopped before it was done (a helper that finishes raises its flag to 2), and the core started its own.
          await exited;
          expect(Atomics.load(early.flag, 0), path).toBeLessThan(2);
          expect(threads.made.length, path).toBe(2);
          expect(r.threads, path).toBe(2);
          expect(r.kept, path).toEqual(laneLines(now));
        } finally {
          threads.done();
        }
      }
    });

    it('is stopped when the first part is refused (binary data): no thread reads on after the one-line error', async () => {
      const bin = join(dir, 'binary.log');
      writeFileSync(bin, randomBytes(PARALLEL_FROM + 1024 * 1024));
      expect(startEarly(['analyze', bin])).toBe(true);
      const early = earlyHelper();
      const exited = new Promise<void>((done) => early.worker.on('exit', () => done()));
      const fd = openSync(bin, 'r');
      try {
        const refuse = (t: string) => {
          if (t.includes('\0')) throw new UsageError('binary data');
        };
        expect(() => readFileLaned(fd, PARALLEL_FROM + 1024 * 1024, () => 0, refuse)).toThrow(UsageError);
      } finally {
        closeSync(fd);
      }
      await exited;
      expect(Atomics.load(early.flag, 0)).toBeLessThan(2);
    });

    it('never opens a FIFO named on the command line: its writer is not cut off, and the core reads it all', async () => {
      const fifo = join(dir, 'stream.log');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const paste = fileURLToPath(new URL('../../fixtures/pastes/rx6800-amdgpu.txt', import.meta.url));
      const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', paste, fifo]);
      const wrote = new Promise<number | null>((done) => writer.on('exit', (code) => done(code)));
      await new Promise((r) => setTimeout(r, 150)); // the writer waits in open() for a reader
      const r = spawnSync(process.execPath, [join(DIST, 'cli.cjs'), 'analyze', fifo, '--json'], { encoding: 'utf8', timeout: 20000 });
      expect(await wrote).toBe(0);
      expect([0, 1]).toContain(r.status);
      expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    });

    it('starts only for `analyze` of a big regular file, and never waits on a FIFO named like one', () => {
      const small = join(dir, 'small.log');
      writeFileSync(small, bigLog(100));
      expect(startEarly(['analyze', small])).toBe(false);
      // Options before the FILE are skipped as cli/args.ts skips them (test/perf/lane-early.test.ts).
      expect(startEarly(['analyze', '--json', '--only', 'iommu-groups-absent', file])).toBe(true);
      void earlyHelper().worker.terminate();
      g.vfioDoctorEarlyLane = undefined;
      expect(startEarly(['analyze', '--only', file])).toBe(false); // the file is --only's value: no FILE
      expect(startEarly(['rules', file])).toBe(false);
      expect(startEarly(['analyze', join(dir, 'missing.log')])).toBe(false);
      expect(startEarly(['analyze', dir])).toBe(false);
      const fifo = join(dir, 'pipe.log');
      if (spawnSync('mkfifo', [fifo]).status === 0) expect(startEarly(['analyze', fifo])).toBe(false);
      expect(g.vfioDoctorEarlyLane).toBeUndefined();
    });
  });
});

describe('readInput() on files big enough for the lane', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vfio-lane-in-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: string | Buffer) => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const noStdin = () => Buffer.alloc(0);

  it('reads a UTF-8 log through the lane: kept lines with their numbers, byte order mark and non-ASCII text intact', () => {
    const text = '\ufeff' + bigLog(30000).replace('usb 1-1: new device number 1', 'usb 1-1: Gerät number 1 (Zürich)');
    const f = write('utf8.log', text);
    const r = readInput(f, noStdin);
    expect(r.lineNos).toBeDefined();
    const all = text.replace(/^\ufeff/, '').split('\n');
    r.text.split('\n').forEach((l, i) => expect(l).toBe(all[r.lineNos![i]! - 1]));
    expect(r.text).toContain('Gerät number 1 (Zürich)');
  });

  it('reads UTF-16 and bare carriage returns through the lane too: the same lines and numbers as the UTF-8 file', () => {
    const log = bigLog(30000);
    const lf = readInput(write('lf.log', log), noStdin);
    expect(lf.lineNos).toBeDefined();
    const u16 = readInput(write('u16.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(log, 'utf16le')])), noStdin);
    expect(u16.lineNos).toEqual(lf.lineNos);
    expect(u16.text).toBe(lf.text);
    // A file of bare CRs is cut into pieces at them too (one after another, as an old Mac or a terminal capture has).
    const r = readInput(write('cr.log', log.replace(/\n/g, '\r')), noStdin);
    expect(r.lineNos).toEqual(lf.lineNos);
    expect(r.text).toBe(lf.text);
    expect(r.skipped).toEqual(lf.skipped);
  });

  it('refuses binary data with one line, as for small files', () => {
    const f = write('bin.log', Buffer.alloc(2 * 1024 * 1024, 0));
    expect(() => readInput(f, noStdin)).toThrow(UsageError);
    expect(() => readInput(f, noStdin)).toThrow(/looks like binary data/);
  });
});

describe('readStreamLaned(): a pipe read as it arrives', () => {
  /** A reader over `data` that hands out pieces of seeded, uneven sizes, as a pipe does. */
  const pipe = (data: Buffer, seed = 7) => {
    let at = 0;
    let x = seed;
    return (buf: Buffer, off: number, len: number) => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const n = Math.min(len, data.length - at, 1 + (x % 200000));
      data.copy(buf, off, at, at + n);
      at += n;
      return n;
    };
  };
  const noCheck = () => 0;
  const tooBig = () => new Error('too big');

  it('keeps what reading the whole text at once keeps, however the pipe cuts it', () => {
    const text = bigLog(40000);
    for (const seed of [1, 2, 3]) {
      const r = readStreamLaned(pipe(Buffer.from(text), seed), 1024 * 1024, 1 << 30, tooBig, noCheck, () => {});
      expect(r.lane?.finish(), `seed ${seed}`).toEqual(laneLines(text, 0));
    }
  });

  it('hands back every byte when the input is small, reads bare CRs through the lane as newlines, and refuses too much', () => {
    const small = Buffer.from('[    1.0] DMAR: IOMMU enabled\n');
    expect(readStreamLaned(pipe(small), 1024 * 1024, 1 << 30, tooBig, noCheck, () => {}).bytes).toEqual(small);
    const log = bigLog(40000);
    const lf = readStreamLaned(pipe(Buffer.from(log)), 1024 * 1024, 1 << 30, tooBig, noCheck, () => {}).lane?.finish();
    const cr = readStreamLaned(pipe(Buffer.from(log.replace(/\n/g, '\r'))), 1024 * 1024, 1 << 30, tooBig, noCheck, () => {}).lane?.finish();
    expect(cr).toBeDefined();
    expect(cr).toEqual(lf);
    expect(() => readStreamLaned(pipe(Buffer.from(bigLog(40000))), 0, 1024 * 1024, tooBig, noCheck, () => {})).toThrow('too big');
  });

  it('reads UTF-16 the plain way even when the first read brings more than a megabyte (stdin redirected from a file)', () => {
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bigLog(40000), 'utf16le')]);
    let at = 0;
    const all = (buf: Buffer, off: number, len: number) => {
      const n = Math.min(len, u16.length - at);
      u16.copy(buf, off, at, at + n);
      at += n;
      return n;
    };
    const utf16First = (b: Buffer) => (b[0] === 0xff && b[1] === 0xfe ? -1 : 0);
    const r = readStreamLaned(all, 1024 * 1024, 1 << 30, tooBig, utf16First, (text) => {
      if (text.includes('\0')) throw new Error('judged as binary');
    });
    expect(r.bytes?.equals(u16)).toBe(true);
  });

  it('looks at endless input without a newline before it grows a buffer for it (/dev/zero is refused at once)', () => {
    let served = 0;
    const zeros = (buf: Buffer, off: number, len: number) => {
      buf.fill(0, off, off + len);
      served += len;
      return len;
    };
    expect(() =>
      readStreamLaned(zeros, 0, 1 << 30, tooBig, noCheck, (text) => {
        if (text.startsWith('\0')) throw new Error('binary');
      }),
    ).toThrow('binary');
    expect(served).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('one line longer than any buffer', () => {
  const LIMITS = { ...laneLimits };
  afterEach(() => Object.assign(laneLimits, LIMITS));
  /** A pipe handing out `total` bytes of one line (no line end) 64 KiB at a time, as a shell pipe does. */
  const oneLinePipe = (total: number) => {
    let served = 0;
    return (buf: Buffer, off: number, len: number) => {
      const n = Math.min(len, total - served, 65536);
      buf.fill(0x61, off, off + n);
      served += n;
      return n;
    };
  };

  // Each read of a pipe brings 64 KiB; the line's end was searched for in the whole buffer every time (quadratic: 256 MB
  // without a line end took 25 s). Only the bytes that came in are searched now.
  it('from a pipe: time grows linearly with the line\'s length, and its start is judged twice, not at every read', () => {
    let judged = 0;
    const read = (n: number) => readStreamLaned(oneLinePipe(n), 1024 * 1024, 1 << 30, () => new Error('too big'), () => 0, () => void judged++);
    expectLinear('a pipe of one 16 / 64 MB line', (k) => k * 16 * 1024 * 1024, (n) => read(n).lane?.finish(), 60, 2);
    judged = 0;
    expect(read(8 * 1024 * 1024).lane?.finish()?.lines[0]?.length).toBe(8 * 1024 * 1024);
    // Once while the line still grows (endless input is refused before its buffer does), once when it is handed over;
    // it was judged again at every read of 64 KiB.
    expect(judged).toBe(2);
  });

  // A line the lane could never keep is refused before it is decoded (a 256 MB one peaked at 0.84-0.97 GB).
  it('longer than the lane keeps: refused before any of it is decoded and handed over, from a file and from a pipe', () => {
    Object.assign(laneLimits, { maxChars: 2 * 1024 * 1024 });
    const pushed: number[] = [];
    const lane = new (class extends LaneReader {
      override push(chunk: string): void {
        pushed.push(chunk.length);
        super.push(chunk);
      }
    })();
    const dir = mkdtempSync(join(tmpdir(), 'vfio-long-line-'));
    try {
      const file = join(dir, 'one-line.log');
      writeFileSync(file, 'x'.repeat(6 * 1024 * 1024));
      const fd = openSync(file, 'r');
      try {
        expect(() => readRange(fd, 0, 6 * 1024 * 1024, lane)).toThrow(LaneOverflow);
      } finally {
        closeSync(fd);
      }
      expect(pushed).toEqual([]);
      expect(() => readStreamLaned(oneLinePipe(6 * 1024 * 1024), 0, 1 << 30, () => new Error('too big'), () => 0, () => {})).toThrow(LaneOverflow);
      // Within the limit it is read as before.
      const ok = readStreamLaned(oneLinePipe(1024 * 1024), 0, 1 << 30, () => new Error('too big'), () => 0, () => {});
      expect(ok.lane?.finish()?.lines[0]?.length).toBe(1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what a report says about a big log', () => {
  it('tells how many routine messages were skipped and repeats folded, and points evidence at the right lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vfio-lane-note-'));
    try {
      const text = bigLog(120000);
      const file = join(dir, 'week.log');
      writeFileSync(file, text);
      const r = await cli(['analyze', file, '--json']);
      const report = JSON.parse(r.stdout) as { notes: string[]; findings: { evidence: { line?: number; text: string }[] }[] };
      const note = report.notes.find((n) => n.startsWith('A big kernel log'));
      expect(note).toMatch(/[\d,]+ routine kernel messages that no check reads were skipped, and [\d,]+ repeats folded/);
      const lines = text.split('\n');
      const evidence = report.findings.flatMap((f) => f.evidence).filter((e) => e.line !== undefined);
      expect(evidence.length).toBeGreaterThan(0);
      const report_ = report as unknown as { findings: { evidence: { source: string; line?: number; text: string }[] }[] };
      // A line of a `=== SOURCE ===` section is numbered within that section (evidence names the section).
      const at = (e: { source: string; line?: number; text: string }) => {
        if (e.source === 'pasted text' || e.source === file) return lines[e.line! - 1]!;
        const marks = lines.flatMap((l, i) => (l.includes('===') && l.includes(e.source) ? [i] : []));
        const cands = marks.map((m) => lines[m + e.line!] ?? '');
        return cands.find((l) => l.trim().replace(/\t+/g, ' ') === e.text) ?? cands[0] ?? '';
      };
      for (const e of report_.findings.flatMap((f) => f.evidence).filter((x) => x.line !== undefined)) expect(at(e).trim().replace(/\t+/g, ' ')).toBe(e.text);
      // A paste of ordinary size says nothing of the kind.
      const small = await cli(['analyze', '-', '--json'], { stdin: lines.slice(0, 500).join('\n') });
      expect((JSON.parse(small.stdout) as { notes: string[] }).notes.some((n) => n.startsWith('A big kernel log'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
