// A sysroot's kernel log read through the log lane for a report (collect/sysroot-io.ts readLog): the same lines kept
// as the whole file read by the old way, the same report, the whole file still in a bundle, nothing read outside DIR.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, cpSync, writeFileSync, rmSync, symlinkSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sysrootIO, logWindow } from '../../src/collect/sysroot-io';
import { syncTwin } from '../../src/collect/io';
import { collectHost } from '../../src/collect/index';
import { laneLines } from '../../src/parse/log-lane';
import { diagnose } from '../../src/index';
import { threadTuning } from '../../src/cli/lane-helper';
import type { RawSource } from '../../src/schema/raw-source';
import { readInput } from '../../src/cli/input';
import { logLaneTuning } from '../../src/parse/log-lane';

const FIXTURE = fileURLToPath(new URL('../../fixtures/sysroots/amd-nvidia-bound', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const NOW = new Date('2026-12-01T00:00:00Z');
/** DIR's kernel log through the lane, as a report reads it (the sysroot's synchronous twin). */
const readLog = (dir: string) => syncTwin(sysrootIO(dir).readLog!)!('/var/log/kern.log');

/** A week of journal lines (an older boot first, plain chatter, repeats, blank and repeated other lines), then the fixture's boot. */
function weekLog(fixtureLog: string, lines: number): string {
  const out: string[] = [
    'Nov 18 08:00:01 ryzenbox kernel: [    0.000000] Linux version 6.10.2-arch1-1 (builder@buildhost) #1 SMP PREEMPT_DYNAMIC',
    'Nov 18 08:00:01 ryzenbox kernel: [    0.000000] Command line: BOOT_IMAGE=/vmlinuz-linux root=UUID=8d1c2f3e-2222-4b3c-8d4e-6f7a8b9c0d1e rw quiet',
  ];
  for (let i = 0; i < lines; i++) {
    const s = `Nov ${18 + Math.floor(i / 40000)} 09:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} ryzenbox kernel: `;
    switch (i % 53) {
      case 0:
        out.push(`${s}vfio-pci 0000:01:00.0: vfio_bar_restore: reset recovery - restoring BARs`); // read, repeated: folded
        break;
      case 1:
        out.push(`${s}pci 0000:0${i % 9}:00.0: Adding to iommu group ${i % 40}`);
        break;
      case 2:
        out.push('', '', ''); // blank lines: the second and later are left out
        break;
      case 3:
        out.push('-- Boot 3f1c2d4e11114a2b9c3d5e6f7a8b9c0d --');
        break;
      default:
        out.push(`${s}usb 1-${i % 7}: new high-speed USB device number ${i % 120} using xhci_hcd`);
    }
  }
  return `${out.join('\n')}\n${fixtureLog}`;
}

let base: string;
let root: string;
let log: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'vfd-syslog-'));
  root = join(base, 'root');
  cpSync(FIXTURE, root, { recursive: true });
  log = weekLog(readFileSync(join(FIXTURE, 'var/log/kern.log'), 'utf8'), 40000);
  writeFileSync(join(root, 'var/log/kern.log'), log);
  writeFileSync(join(base, 'secret.log'), log.replace(/ryzenbox/g, 'outsidebox'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The highest line of the kernel log that a report's evidence quotes. */
const lastLine = (json: string) => Math.max(...[...json.matchAll(/"source": "\/var\/log\/kern\.log",\s+"line": (\d+)/g)].map((m) => Number(m[1])));

/** A copy of the test sysroot under `name`, to change. */
function copyOfRoot(name: string): string {
  const dir = join(base, name);
  cpSync(root, dir, { recursive: true });
  return dir;
}

/** The report of a sysroot collected with or without the lane, without its timestamp. */
async function reportOf(dir: string, logLane: boolean): Promise<{ json: string; log: RawSource | undefined }> {
  const sources = await collectHost({ root: dir, logLane });
  const json = JSON.stringify(diagnose(sources, { source: { kind: 'sysroot', path: 'DIR' }, live: true, now: NOW }), null, 2);
  return { json, log: sources.find((s) => s.kind === 'kernel-log') };
}

describe('a sysroot\'s kernel log through the lane', () => {
  it('keeps what the whole file read the old way keeps: the same lines, numbers and counts', () => {
    const kept = readLog(root)!;
    const whole = laneLines(log, 0)!;
    expect(kept.text.split('\n')).toEqual(whole.lines);
    expect(kept.lineNos).toEqual(whole.nos);
    expect(kept.skipped).toEqual({ dropped: whole.dropped, folded: whole.folded, other: whole.other });
    expect(whole.folded, 'the test log has repeats to fold').toBeGreaterThan(100);
    expect(whole.other, 'and runs of blank lines').toBeGreaterThan(100);
  });

  it('gives the same report as reading it whole, and a bundle still gets the whole file', async () => {
    const laned = await reportOf(root, true);
    const whole = await reportOf(root, false);
    expect(laned.log?.lineNos?.length).toBeGreaterThan(0);
    expect(laned.log!.text.length).toBeLessThan(log.length / 10);
    expect(whole.log?.lineNos).toBeUndefined();
    expect(whole.log?.text).toBe(log);
    expect(laned.json).toBe(whole.json);
    // The current boot (the file's last) is the one diagnosed: its cmdline, not the older boot's.
    expect(laned.json).toContain('amd_iommu=on');
  });

  it('reads it with two threads when it is big: the same report again', async () => {
    const big = copyOfRoot('big');
    // Past PARALLEL_FROM (16 MB): a helper thread reads the back part (dist/lane-worker.cjs, built by npm test).
    writeFileSync(join(big, 'var/log/kern.log'), weekLog(readFileSync(join(FIXTURE, 'var/log/kern.log'), 'utf8'), 220000));
    const g = globalThis as { vfioDoctorDist?: string };
    const saved = g.vfioDoctorDist;
    g.vfioDoctorDist = DIST;
    threadTuning.from = 0;
    threadTuning.splitFirst = true;
    // The threads started, counted where lane-helper.ts gets them.
    const wt = process.getBuiltinModule('node:worker_threads') as { Worker: new (...a: unknown[]) => unknown };
    const Real = wt.Worker;
    let made = 0;
    wt.Worker = function (...a: unknown[]) {
      made++;
      return new Real(...a);
    } as unknown as typeof Real;
    try {
      const laned = await reportOf(big, true);
      expect(made, 'a helper thread read a part').toBe(1);
      const whole = await reportOf(big, false);
      expect(laned.log?.lineNos?.length).toBeGreaterThan(0);
      expect(laned.json).toBe(whole.json);
    } finally {
      wt.Worker = Real;
      g.vfioDoctorDist = saved;
      threadTuning.from = undefined;
      threadTuning.splitFirst = undefined;
      rmSync(big, { recursive: true, force: true });
    }
  });

  it('reads a log past 64 MB to its end: the current boot is diagnosed, not only the oldest 64 MB', async () => {
    const big = copyOfRoot('huge');
    const chatter = weekLog('', 820000); // ~65 MB of last week's lines
    writeFileSync(join(big, 'var/log/kern.log'), chatter + readFileSync(join(FIXTURE, 'var/log/kern.log'), 'utf8'));
    const firstOfBoot = chatter.split('\n').length;
    try {
      const laned = await reportOf(big, true);
      const whole = await reportOf(big, false);
      expect(lastLine(laned.json), 'evidence from the current boot').toBeGreaterThanOrEqual(firstOfBoot);
      expect(lastLine(whole.json), 'the plain read stops at 64 MB').toBeLessThan(firstOfBoot);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });

  // Past what analyze reads (256 MB) the lane read none of it and the plain read took the oldest 64 MB: a report of a
  // host whose kern.log an AER flood had grown to 300 MB described a boot of days ago, and said nothing of it.
  it('reads the newest part of a log bigger than it reads, numbered as in the file', async () => {
    const big = copyOfRoot('window');
    const chatter = weekLog('', 30000); // ~2.5 MB of last week's lines
    const whole = chatter + readFileSync(join(FIXTURE, 'var/log/kern.log'), 'utf8');
    writeFileSync(join(big, 'var/log/kern.log'), whole);
    const firstOfBoot = chatter.split('\n').length;
    const saved = logWindow.bytes;
    const savedHead = logWindow.head;
    logWindow.bytes = 1024 * 1024; // the file is ~2.5 times that
    try {
      // Lines ended by LF, CRLF, and some by a bare CR (a line end as the lane reads one).
      for (const [what, text] of [
        ['lf', whole],
        ['crlf', whole.replace(/\n/g, '\r\n')],
        ['cr', whole.replace(/\n(?=-- Boot)/g, '\r')],
      ] as const) {
        writeFileSync(join(big, 'var/log/kern.log'), text);
        const kept = readLog(big)!;
        const fileLines = text.split(/\r\n|\r|\n/);
        // The first line kept is the first that starts in the file's last logWindow.bytes.
        let at = 0;
        let first = 0;
        for (const m of text.matchAll(/\r\n|\r|\n/g)) {
          at = m.index + m[0].length;
          first++;
          if (at >= text.length - logWindow.bytes) break;
        }
        expect(kept.lineNos[0], what).toBe(first + 1);
        // The lines before it are said, not passed off as routine messages the checks skip.
        expect(kept.skipped.older, what).toBe(first);
        // Every kept line is the file's line of that number.
        expect(kept.text.split('\n').every((l, i) => fileLines[kept.lineNos[i]! - 1] === l), what).toBe(true);
      }
      writeFileSync(join(big, 'var/log/kern.log'), whole);
      // More before it than is counted (a sparse file of a terabyte): the plain read decides.
      logWindow.head = 1024 * 1024;
      expect(readLog(big)).toBeUndefined();
      logWindow.head = savedHead;
      const laned = await reportOf(big, true);
      expect(lastLine(laned.json), 'evidence from the current boot').toBeGreaterThanOrEqual(firstOfBoot);
      expect(laned.json).toContain('amd_iommu=on');
      expect(JSON.parse(laned.json).notes.some((n: string) => /^\/var\/log\/kern\.log is bigger than 256 MB: .* older lines were not/.test(n))).toBe(true);
    } finally {
      logWindow.bytes = saved;
      logWindow.head = savedHead;
      rmSync(big, { recursive: true, force: true });
    }
  });

  it('never reads a log outside DIR, follows a link inside it, and leaves odd files to the plain read', async () => {
    const odd = copyOfRoot('odd');
    const kern = join(odd, 'var/log/kern.log');
    // A link leading out: nothing (the plain read does not follow it either).
    rmSync(kern);
    symlinkSync(join(base, 'secret.log'), kern);
    expect(readLog(odd)).toBeUndefined();
    expect((await reportOf(odd, true)).json).not.toContain('outsidebox');
    // A link inside DIR (absolute: DIR/var/log/kern.log.1) is read through the lane.
    rmSync(kern);
    writeFileSync(join(odd, 'var/log/kern.log.1'), log);
    symlinkSync('/var/log/kern.log.1', kern);
    expect(readLog(odd)?.lineNos).toEqual(laneLines(log, 0)!.nos);
    // UTF-16 and an empty file: the lane steps aside, the plain read decides, and the report is the old way's.
    for (const [what, content] of [
      ['utf-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(log.slice(0, 20000), 'utf16le')])],
      ['empty', ''],
    ] as const) {
      rmSync(kern, { recursive: true, force: true });
      writeFileSync(kern, content);
      expect(readLog(odd), what).toBeUndefined();
      expect((await reportOf(odd, true)).json, what).toBe((await reportOf(odd, false)).json);
    }
    // Lines ended by bare CRs are lines, as `analyze FILE` reads them (cli/lane-read.ts feed): the same lines kept.
    // (Whole text in memory stepped aside to the plain read, which folds no repeats: its evidence lists them all.)
    rmSync(kern);
    writeFileSync(kern, log.slice(0, 20000).replace(/\n/g, '\r'));
    const minBytes = logLaneTuning.minBytes;
    logLaneTuning.minBytes = 1; // analyze reads small files whole: here through the lane too
    let asAnalyze;
    try {
      asAnalyze = readInput(kern, () => Buffer.alloc(0));
    } finally {
      logLaneTuning.minBytes = minBytes;
    }
    expect(asAnalyze.lineNos?.length).toBeGreaterThan(0);
    const kept = readLog(odd)!;
    expect(kept.lineNos).toEqual(asAnalyze.lineNos);
    expect(kept.text).toBe(asAnalyze.text);
    rmSync(kern);
    mkdirSync(kern);
    expect(readLog(odd)).toBeUndefined();
    rmSync(odd, { recursive: true, force: true });
  });
});
