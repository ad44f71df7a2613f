// The launcher's guess at `analyze`'s FILE (cli/lane-helper.ts analyzeFileOf), which starts the big log's helper thread
// before the core loads: it must name the file cli/args.ts reads, whatever the order of the words, or nothing.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { analyzeFileOf, VALUE_OPTIONS } from '../../src/cli/lane-helper';
import { parseArgs, OPTIONS } from '../../src/cli/args';

/** What cli/args.ts makes of argv: analyze's FILE, or undefined (another command, or a usage error). */
function parsedFile(argv: string[]): string | undefined {
  try {
    const a = parseArgs(argv);
    return a.command === 'analyze' ? a.positional[0] : undefined;
  } catch {
    return undefined;
  }
}

describe('analyzeFileOf', () => {
  it('knows every option that takes a value', () => {
    const valued = Object.entries(OPTIONS).flatMap(([name, spec]) => (spec.type === 'string' ? [`--${name}`, ...('short' in spec ? [`-${spec.short}`] : [])] : []));
    expect([...VALUE_OPTIONS].sort()).toEqual(valued.sort());
  });

  it.each([
    [['analyze', 'big.log', '--json'], 'big.log'],
    [['analyze', '--json', 'big.log'], 'big.log'],
    [['--json', 'analyze', 'big.log'], 'big.log'],
    [['analyse', '--lang', 'zh', 'big.log'], 'big.log'],
    [['analyze', '--only', 'iommu-disabled-by-cmdline', '--ignore=amd-reset-bug', 'big.log'], 'big.log'],
    [['analyze', '--', '--weird-name.log'], '--weird-name.log'],
    [['analyze', '-'], '-'],
    [['--root', 'analyze', 'big.log'], undefined],
    [['rules', 'big.log'], undefined],
    [['analyze', '--json'], undefined],
  ])('%j → %s', (argv, file) => {
    expect(analyzeFileOf(argv)).toBe(file);
  });

  it('names the FILE the parser reads, or one the parser refuses, never another (generated command lines)', () => {
    const word = fc.constantFrom('analyze', 'analyse', 'rules', 'big.log', 'other.log', '-', '--', 'zh', 'en');
    const option = fc.constantFrom(...Object.keys(OPTIONS).map((o) => `--${o}`), '-o', '-v', '-h', '--lang=en', '--gpu=01:00.0', '--bogus');
    fc.assert(
      fc.property(fc.array(fc.oneof(word, option), { maxLength: 7 }), (argv) => {
        const parsed = parsedFile(argv);
        const guess = analyzeFileOf(argv);
        // A guess where the parser refuses the line costs a thread that is dropped; a wrong file never happens.
        if (parsed !== undefined) expect(guess).toBe(parsed);
      }),
      { numRuns: 3000 },
    );
  });
});
