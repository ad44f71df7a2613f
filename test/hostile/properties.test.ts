// Property-based tests (fast-check) over every parser, sniff and the whole pipeline: no exception, a report that
// validates against the zod schema, and work that grows linearly with the input. Extends test/parse/robustness.test.ts
// (seeded random pastes) with shrinking generators built from real fixture lines.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PARSERS } from '../../src/parse/registry';
import { sniff } from '../../src/parse/detect';
import { FactsBuilder } from '../../src/facts/builder';
import { Facts } from '../../src/schema/facts';
import { Report } from '../../src/schema/report';
import { diagnose } from '../../src/index';
import type { SourceKind } from '../../src/parse/parser';
import { hostilePaste, mutatedLine, REAL_LINES, REAL_PASTES, toLines } from './generators';
import { expectLinear } from './timing';

const KINDS = Object.keys(PARSERS) as Exclude<SourceKind, 'auto'>[];
const SECTION_SOURCES = [undefined, 'pasted text', 'dmesg | grep -i vfio', 'lspci -nnk', '/proc/cmdline', '/etc/default/grub', 'journalctl -k -b', '/sys/bus/pci/devices'];
// Bounded so the whole file runs in a few seconds; a failure prints its seed and the shrunk input for replay.
const RUNS = { numRuns: 40 };

describe('every parser, on mutated real lines', () => {
  for (const kind of KINDS) {
    it(`${kind}: never throws, returns only its input lines, and finishes valid facts`, () => {
      fc.assert(
        fc.property(fc.array(mutatedLine, { maxLength: 25 }), fc.constantFrom(...SECTION_SOURCES), (texts, source) => {
          const lines = toLines(texts.join('\n'));
          const b = new FactsBuilder();
          const bad = PARSERS[kind].parse(lines, b, source);
          expect(Array.isArray(bad)).toBe(true);
          for (const l of bad) expect(lines).toContain(l);
          const f = b.finish();
          const v = Facts.safeParse(f);
          expect(v.success, v.success ? '' : v.error.message).toBe(true);
        }),
        RUNS,
      );
    });
  }

  it('starts/continues/claims never throw on any line', () => {
    fc.assert(
      fc.property(mutatedLine, (line) => {
        for (const kind of KINDS) {
          const p = PARSERS[kind];
          expect(typeof p.starts(line)).toBe('boolean');
          p.continues?.(line);
          p.claims?.(line);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('sniff', () => {
  it('never throws and keeps every line in a block, unparsed or as structure, with line numbers in range', () => {
    fc.assert(
      fc.property(hostilePaste, fc.constantFrom<SourceKind>('auto', 'auto', 'kernel-log', 'lspci', 'grub', 'cmdline'), (text, kind) => {
        const s = sniff(text, kind === 'auto' ? 'pasted text' : 'some source', kind);
        const total = text.split(/\r\n|\r|\n/).length;
        const all = [...s.blocks.flatMap((b) => b.lines), ...s.unparsed];
        for (const l of all) {
          expect(l.no).toBeGreaterThanOrEqual(1);
          expect(l.no).toBeLessThanOrEqual(total);
        }
        for (const b of s.blocks) expect(KINDS).toContain(b.kind);
        expect(s.structural).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('diagnose (the whole pipeline)', () => {
  it('never throws and always gives a report that validates against the schema', () => {
    fc.assert(
      fc.property(hostilePaste, fc.boolean(), (text, live) => {
        const r = diagnose([{ source: 'pasted text', text }], { live });
        const v = Report.safeParse(r);
        expect(v.success, v.success ? '' : v.error.message).toBe(true);
        expect(r.summary.errors).toBe(r.findings.filter((f) => f.severity === 'error').length);
        // every finding carries evidence or says why not; nothing is a stray undefined
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }),
      { numRuns: 120 },
    );
  });

  it('survives several sources of mixed declared kinds at once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostilePaste, fc.constantFrom<SourceKind>('auto', ...KINDS)), { minLength: 1, maxLength: 4 }), (srcs) => {
        const r = diagnose(srcs.map(([text, kind], i) => ({ source: i % 2 ? 'dmesg' : 'pasted text', kind, text })), { live: true });
        expect(Report.safeParse(r).success).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('work grows linearly with the input', () => {
  // Deterministic inputs: the real lines in order, repeated to the size wanted.
  const realText = (lines: number) => Array.from({ length: lines }, (_, i) => REAL_LINES[i % REAL_LINES.length]).join('\n');

  it('diagnose on a paste of real lines (n and 4n lines)', () => {
    expectLinear('diagnose', (k) => realText(3000 * k), (t) => diagnose([{ source: 'pasted text', text: t }]));
  });

  it('diagnose on whole fixture pastes repeated (n and 4n pastes)', () => {
    const all = REAL_PASTES.join('\n');
    expectLinear('diagnose pastes', (k) => Array.from({ length: 4 * k }, () => all).join('\n'), (t) => diagnose([{ source: 'pasted text', text: t }]));
  });

  it('sniff on a paste of real lines', () => {
    expectLinear('sniff', (k) => realText(5000 * k), (t) => sniff(t, 'pasted text'));
  });

  it('every parser on its own, over every real line', () => {
    for (const kind of KINDS) {
      expectLinear(
        `parser ${kind}`,
        (k) => toLines(realText(6000 * k)),
        (lines) => {
          const b = new FactsBuilder();
          PARSERS[kind].parse(lines, b, 'pasted text');
          b.finish();
        },
        // Generous: a garbage collection in the middle of a 4n run on a busy machine must not fail it;
        // quadratic growth would still be 16x, far beyond this.
        60,
        3,
      );
    }
  });

  // [name, input of size n, n] — n chosen so one run takes tens of milliseconds.
  const LONG_LINES: [string, (n: number) => string, number?][] = [
    ['one long line without a newline', (n) => 'intel_iommu=on '.repeat(n)],
    ['a long run of spaces in a group header', (n) => `IOMMU Group 1${' '.repeat(n * 10)}x`],
    ['ANSI soup', (n) => '\x1b[1;31m'.repeat(n)],
    ['a prompt-like line', (n) => `${'a'.repeat(n * 5)}@${'b'.repeat(n * 5)}`],
    ['nested quote marks', (n) => '> '.repeat(n * 3) + 'DMAR: IOMMU enabled'],
    ['many blank lines', (n) => '\n'.repeat(n * 5) + 'x', 8000],
    ['lone CRs', (n) => 'DMAR: IOMMU enabled\r'.repeat(n), 5000],
  ];
  for (const [name, make, n = 20000] of LONG_LINES)
    it(`a pathological input: ${name}`, () => {
      expectLinear(name, (k) => make(n * k), (t) => diagnose([{ source: 'pasted text', text: t }]));
    });
});
