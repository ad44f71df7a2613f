// V8's regexp tier-up flag is never turned off again once the log lane's helper thread put V8's defaults back: a regexp
// run once with tier-up on is left as bytecode behind the interpreter's trampoline, and run again with the flag off V8
// calls that trampoline as machine code (a segmentation fault, no report).
import { describe, it, expect, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tuneV8, defaultsForThread } from '../../src/cli/v8-tuning';
import { parseArgs } from '../../src/cli/args';
import { flagTuning } from '../../src/cli/v8-flags';

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
const SYSROOT = fileURLToPath(new URL('../../fixtures/sysroots/amd-nvidia-bound', import.meta.url));

describe('V8 flags around the helper thread (cli/v8-tuning.ts)', () => {
  afterEach(() => {
    flagTuning.record = undefined;
  });

  it('sets the run\'s flags before a thread, V8\'s defaults while it runs, and after it never turns regexp tier-up off again', () => {
    // Recorded, not set: this test process must keep its own flags.
    const set: string[] = [];
    flagTuning.record = (f: string) => void set.push(f);
    tuneV8(parseArgs(['analyze', 'big.log']));
    expect(set).toEqual(['--no-regexp-tier-up']);
    const restore = defaultsForThread();
    expect(set.at(-1)).toBe('--regexp-tier-up');
    const before = set.length;
    restore();
    expect(set.slice(before).join(' ')).not.toMatch(/--no-regexp-tier-up/);
    // A second thread (the launcher's was for another file) and its end: the same.
    defaultsForThread()();
    expect(set.slice(before).join(' ')).not.toMatch(/--no-regexp-tier-up/);
  });

  // 101,000 lines no kernel line (kept) and then one more (looked at once: its checks' regexps run once while reading),
  // then kernel lines to 37 MB: read by two threads on any machine with two cores; the report runs those regexps again.
  // `analyze` has the launcher start the helper before the run's flags are set, whatever the order of the words
  // (lane-helper.ts analyzeFileOf); a sysroot's kernel log (--root, collect/sysroot-io.ts readLog) is where the core
  // starts one after them, with regexps run natively under --no-regexp-tier-up: there a regexp tier-up turned off
  // again after the thread crashed every run (SIGSEGV).
  it('a big log read by two threads is reported (no crash), as one thread reports it', () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does it first)');
    const dir = mkdtempSync(join(tmpdir(), 'vfio-lane-flags-'));
    try {
      const root = join(dir, 'root');
      cpSync(SYSROOT, root, { recursive: true });
      const log = join(root, 'var/log/kern.log');
      const lines: string[] = [];
      let size = 0;
      const push = (l: string) => {
        lines.push(l);
        size += l.length + 1;
      };
      for (let i = 0; i < 101_000; i++) push(`note ${i}`);
      push('same line again');
      for (let i = 0; size < 37 * 1024 * 1024; i++) push(`[${(i / 100).toFixed(6).padStart(12)}] EXT4-fs (nvme0n1p2): mounted filesystem ${i} with ordered data mode.`);
      writeFileSync(log, lines.join('\n') + '\n');
      const go = (args: string[], env: Record<string, string> = {}) =>
        spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60000 });
      const report = (out: string) => out.replace(/"generatedAt": "[^"]*"/g, '');
      const one = go(['analyze', log, '--json'], { VFIO_DOCTOR_NO_WORKER: '1' });
      expect([0, 1], one.stderr).toContain(one.status);
      // The launcher starts the helper, the file first or options first.
      for (const args of [['analyze', '--json', log], ['analyze', log, '--json']]) {
        const r = go(args);
        expect({ args: args.join(' '), status: r.status, signal: r.signal }).toEqual({ args: args.join(' '), status: one.status, signal: null });
        expect(report(r.stdout)).toBe(report(one.stdout));
      }
      // The core starts it, under the sysroot's flags.
      const alone = go(['--root', root, '--json'], { VFIO_DOCTOR_NO_WORKER: '1' });
      expect([0, 1], alone.stderr).toContain(alone.status);
      const both = go(['--root', root, '--json']);
      expect({ status: both.status, signal: both.signal }).toEqual({ status: alone.status, signal: null });
      expect(report(both.stdout)).toBe(report(alone.stdout));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
