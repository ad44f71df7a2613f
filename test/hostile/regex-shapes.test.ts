// Lines aimed at regular-expression shapes: long runs of spaces, tabs, brackets, digits, "=", ":" inside real lines of
// every parser. Time per input byte is bounded (a pattern that backtracks shows as work growing faster than the line),
// and the shapes that once took minutes (a 12 KB marker line: cubic; lspci, modprobe, dracut, sysfs: quadratic) stay
// linear.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PARSERS } from '../../src/parse/registry';
import { sniff, markerName } from '../../src/parse/detect';
import { FactsBuilder } from '../../src/facts/builder';
import { Facts } from '../../src/schema/facts';
import { diagnose } from '../../src/index';
import { MAX_LINE } from '../../src/parse/line';
import type { SourceKind } from '../../src/parse/parser';
import { runShape, shapedLine, shapedPaste, withRun, RUN_UNITS, REAL_LINES, toLines } from './generators';
import { cpuMs, expectLinear } from './timing';

const KINDS = Object.keys(PARSERS) as Exclude<SourceKind, 'auto'>[];

/** Everything a line meets: every parser's shape tests and parse() (as if in its section), sniff, the whole pipeline. */
function everything(paste: string): void {
  const line = paste.split('\n').at(-2) ?? paste;
  for (const kind of KINDS) {
    const p = PARSERS[kind];
    p.starts(line);
    p.continues?.(line);
    p.claims?.(line);
    const b = new FactsBuilder();
    p.parse(toLines(line), b, undefined);
    b.finish();
  }
  sniff(paste, 'pasted text');
  diagnose([{ source: 'pasted text', text: paste }]);
}

describe('lines aimed at pattern shapes', () => {
  it('every parser and the pipeline: no throw, valid facts, on real lines with runs inserted', () => {
    fc.assert(
      fc.property(fc.array(shapedLine, { maxLength: 12 }), fc.constantFrom(...KINDS), (lines, kind) => {
        const b = new FactsBuilder();
        const input = toLines(lines.join('\n'));
        const bad = PARSERS[kind].parse(input, b, undefined);
        for (const l of bad) expect(input).toContain(l);
        expect(Facts.safeParse(b.finish()).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('time per input byte is bounded: a run 8 times as long costs at most ~3 times more per byte', () => {
    // 1,000 against 8,000 characters: linear work grows 8×, quadratic 64×, cubic 512×. Allowed: 24× plus 25 ms (CPU
    // time, best of two: other processes and a garbage collection do not fail it).
    fc.assert(
      fc.property(runShape, (s) => {
        const small = shapedPaste(s, 1000);
        const large = shapedPaste(s, 8000);
        everything(small); // warm
        const t1 = cpuMs(() => everything(small), 2);
        const t8 = cpuMs(() => everything(large), 2);
        expect(t8, `${JSON.stringify(s)}: ${t1.toFixed(1)} ms at 1,000, ${t8.toFixed(1)} ms at 8,000`).toBeLessThanOrEqual(24 * t1 + 25);
      }),
      { numRuns: 40 },
    );
  });

  it('a sweep: every run unit at every boundary of a sample of real lines, each line under a fixed budget', () => {
    // Deterministic and wide where the property above is random and deep: ~20 real lines of every kind, every unit,
    // three boundaries each, runs of 4,000 characters. A quadratic pattern costs ~20-100 ms on such a line, a cubic one
    // minutes; linear work is well under a millisecond per parser.
    const sample = REAL_LINES.filter((_, i) => i % Math.ceil(REAL_LINES.length / 20) === 0);
    let worst = { ms: 0, what: '' };
    for (const line of sample)
      for (const unit of RUN_UNITS)
        for (const at of [0, 3, 8]) {
          const t = withRun(line, unit, at, 4000);
          const ms = cpuMs(() => {
            for (const kind of KINDS) {
              PARSERS[kind].starts(t);
              PARSERS[kind].parse(toLines(t), new FactsBuilder(), undefined);
            }
          }, 1);
          if (ms > worst.ms) worst = { ms, what: JSON.stringify({ line, unit, at }) };
        }
    expect(worst.ms, worst.what).toBeLessThan(150);
  });
});

describe('the shapes that once took minutes stay linear', () => {
  // [name, the line for a run of n characters] — each was super-linear before (see the README's hostile-input section).
  const SHAPES: [string, (n: number) => string][] = [
    ['a section marker with runs of spaces (was cubic)', (n) => `=== ${' '.repeat(n)}x${' '.repeat(n)}y`],
    ['a marker of tabs and a NUL', (n) => `===\t${'\t'.repeat(n)}\x00${'\t'.repeat(n)}`],
    ['an lspci header with a run of spaces', (n) => `01:00.0 VGA${' '.repeat(n)}x`],
    ['an lspci description with a run of tabs', (n) => `01:00.0 VGA compatible controller [0300]: NVIDIA${'\t'.repeat(n)}x`],
    ['an lspci class cut off in spaces', (n) => `0a:00.0 ${'VGA '.repeat(20)}${' '.repeat(n)}\x00`],
    ['a modprobe alias of stars', (n) => `alias ${'*'.repeat(n)}`],
    ['a comment of tabs and hashes with a CR', (n) => `options vfio-pci ids=10de:2204 #${'\t#'.repeat(n / 2)}\r`],
    ['dracut tags over and over', (n) => `dracut[${'dracut['.repeat(n / 7)}]: FAILED: ${' -m '.repeat(n / 4)}`],
    ['dracut messages over and over', (n) => `${'dracut: '.repeat(n / 8)}x`],
    ['a sysfs line of one long word', (n) => `0000:01:00.0 vendor=10de ${'a-'.repeat(n / 2)}`],
    ['uname -a with a long version', (n) => `Linux host 6.1${'0'.repeat(n)}0 0.0 x`],
    ['a builtin module path of one long word', (n) => `kernel/${'k'.repeat(n)}.0.ko`],
    ['a prompt of many dmesg', (n) => `$ ${'dmesg -x '.repeat(n / 9)}`],
    ['a prompt of many for loops', (n) => `$ ${'for a in '.repeat(n / 9)}`],
    ['a prompt with a user@host and tabs', (n) => `-@-#${'\t'.repeat(n)}\u2028#`],
    ['a group line with tabs', (n) => `IOMMU Group 1 01:00.0${'\t'.repeat(n)}[\u2028`],
    ['an unknown-parameters message with spaces', (n) => `[    0.1] Unknown command line parameters:${' '.repeat(n)}\u2028`],
    ['a D3 message over and over', (n) => `[    0.1] ${'refused to change power state from D3h'.repeat(n / 38)}`],
  ];
  for (const [name, make] of SHAPES)
    it(name, () => {
      expectLinear(name, (k) => make(3000 * k), (t) => diagnose([{ source: 'pasted text', text: `${t}\n` }]), 40, 2);
    });

  it('reads a marker the way the pattern it replaces did', () => {
    expect(markerName('=== /proc/cmdline ===')).toBe('/proc/cmdline');
    expect(markerName('==> /var/log/kern.log <==')).toBe('/var/log/kern.log');
    expect(markerName('====== a = b =====')).toBe('a = b');
    expect(markerName('===x===')).toBeUndefined();
    expect(markerName('=== ===')).toBeUndefined();
    expect(markerName('== x ==')).toBeUndefined();
    expect(markerName('==> x')).toBeUndefined();
  });
});

describe('lines longer than the cap', () => {
  it('are read up to MAX_LINE characters, kept whole as evidence, and counted in a note', () => {
    const long = `[    0.000000] Command line: BOOT_IMAGE=/vmlinuz intel_iommu=on ${'x'.repeat(MAX_LINE * 2)}`;
    const r = diagnose([{ source: 'pasted text', text: `${long}\n[    0.1] DMAR: IOMMU enabled\n` }]);
    expect(r.notes.some((n) => /1 line was longer than 4,096 characters/.test(n))).toBe(true);
    const s = sniff(long, 'pasted text');
    const line = s.blocks[0]!.lines[0]!;
    expect(line.text.length).toBe(MAX_LINE);
    expect(line.full).toBe(long);
  });
});
