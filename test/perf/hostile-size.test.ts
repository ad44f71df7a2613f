// Any input up to the 256 MB cap: a 1 MB paste of any shape is analysed in seconds, and what the lane keeps of a big
// one is bounded (runs of blank or repeated lines counted, not kept; too much refused in one line, exit 2).
import { describe, it, expect, afterEach, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LaneReader, laneLimits, LaneOverflow, logLaneTuning, laneLines } from '../../src/parse/log-lane';
import { diagnose } from '../../src/index';
import { readInput } from '../../src/cli/input';
import { UsageError } from '../../src/cli/args';
import { cli } from '../cli-helpers';
import { REAL_LINES } from '../hostile/generators';

const LIMITS = { ...laneLimits };
afterEach(() => Object.assign(laneLimits, LIMITS));
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'vfd-size-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const noStdin = () => Buffer.alloc(0);
const MB = 1024 * 1024;
const fill = (unit: (i: number) => string, bytes = MB) => {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const u = unit(i);
    out.push(u);
    n += u.length;
  }
  return out.join('');
};

describe('a 1 MB paste of any shape', () => {
  // The bench (`npm run bench`, "hostile 1 MB") holds these to 2 s each, start-up included; here only a coarse bound,
  // so a loaded machine does not fail it, far below what a super-linear pattern took (minutes).
  const SHAPES: [string, string][] = [
    ['one line of spaces', `=== ${' '.repeat(MB)}x\n`],
    ['one lspci line of tabs', `01:00.0 VGA compatible controller [0300]: NVIDIA${'\t'.repeat(MB)}x\n`],
    ['marker lines of spaces', fill(() => `=== ${' '.repeat(12000)}x${' '.repeat(12000)}y\n`)],
    ['blank lines', '\n'.repeat(MB)],
    ['short distinct lines', fill((i) => `w${i.toString(36)}\n`)],
    ['real lines with runs', fill((i) => `${REAL_LINES[i % REAL_LINES.length]!.replace(/ /g, ' '.repeat(1 + (i % 40)))}\n`)],
    ['brackets and digits', fill((i) => `[${'['.repeat(i % 300)}${'0'.repeat(i % 200)}] :=${'='.repeat(i % 100)}\n`)],
  ];
  for (const [name, text] of SHAPES)
    it(name, async () => {
      const f = write('paste.txt', text);
      const t0 = performance.now();
      const r = await cli(['analyze', f]);
      const ms = performance.now() - t0;
      expect([0, 1, 2]).toContain(r.code);
      expect(r.stderr).not.toMatch(/internal error|at \w+ \(/);
      expect(ms, `${name}: ${ms.toFixed(0)} ms`).toBeLessThan(10_000);
    });
});

describe('what the lane keeps is bounded', () => {
  const read = (text: string) => {
    const r = new LaneReader();
    r.push(text);
    return r.finish()!;
  };

  it('keeps one blank line of a run and three of a repeated line, and counts the rest with the right numbers', () => {
    const text = `a\n${'\n'.repeat(1000)}b\n${'same line\n'.repeat(500)}[    1.0] DMAR: IOMMU enabled\n`;
    const k = read(text);
    expect(k.lines).toEqual(['a', '', 'b', 'same line', 'same line', 'same line', '[    1.0] DMAR: IOMMU enabled']);
    expect(k.nos).toEqual([1, 2, 1002, 1003, 1004, 1005, 1503]);
    expect(k.other).toBe(999 + 497);
    expect(k.dropped).toBe(0);
  });

  it('past softLines keeps only lines a parser could read, and refuses past maxLines or maxLooked', () => {
    Object.assign(laneLimits, { softLines: 10, maxLines: 100, maxLooked: 1000 });
    const garbage = Array.from({ length: 50 }, (_, i) => `w${i}`).join('\n');
    const k = read(`${garbage}\n01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n`);
    expect(k.lines).toHaveLength(11);
    expect(k.lines.at(-1)).toMatch(/^01:00\.0 VGA/);
    expect(k.nos.at(-1)).toBe(51);
    expect(k.other).toBe(40);
    expect(() => read(Array.from({ length: 200 }, (_, i) => `[    1.0] iommu: message ${i}`).join('\n'))).toThrow(LaneOverflow);
    expect(() => read(Array.from({ length: 2000 }, (_, i) => `w${i}`).join('\n'))).toThrow(LaneOverflow);
  });

  it('a collected log beyond the limits (text already in memory) is read up to them, the rest counted, no throw', () => {
    Object.assign(laneLimits, { softLines: 10, maxLines: 100, maxLooked: 1000 });
    const text = Array.from({ length: 3000 }, (_, i) => `w${i}`).join('\n');
    const k = laneLines(text, 0)!;
    expect(k.lines.length).toBeLessThanOrEqual(100);
    expect(k.lines.length + k.other).toBe(3000);
    const r = diagnose([{ source: '/var/log/kern.log', kind: 'kernel-log', text }]);
    expect(r.notes.some((n) => /counted, not read/.test(n))).toBe(true);
  });

  it('a file beyond the limits is refused with one line (exit 2), not a crash', async () => {
    Object.assign(laneLimits, { softLines: 1000, maxLines: 5000, maxLooked: 20000 });
    const f = write('big.txt', fill((i) => `[    1.0] iommu: message ${i}\n`, logLaneTuning.minBytes + MB));
    expect(() => readInput(f, noStdin)).toThrow(UsageError);
    expect(() => readInput(f, noStdin)).toThrow(/too big to analyse: more than 5,000 lines/);
    const r = await cli(['analyze', f]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
