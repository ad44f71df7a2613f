// dist/core.js (the report paths from a V8 code cache) and the ESM chunks are one program: same output, same exit code.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../harness';

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
const run = (args: string[], core: boolean) => {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', VFIO_DOCTOR_DEBUG: '', VFIO_DOCTOR_NO_CORE: core ? '' : '1' },
    timeout: 20000,
  });
  return { status: r.status, stdout: r.stdout.replace(/"generatedAt": "[^"]*"/g, ''), stderr: r.stderr };
};

/**
 * Preload source that calls `hook(flags)` before every V8 flag the run sets, whichever way it sets them (cli/v8-flags.ts:
 * node's binding, or node:v8 where node does not hand that out). Loads neither node:v8 nor anything else.
 */
const watchFlags = (hook: string) => `const hook = ${hook};
const wrap = (o) => { const set = o.setFlagsFromString; o.setFlagsFromString = function (f) { hook(f); return set.call(this, f); }; };
const quiet = process.noDeprecation; process.noDeprecation = true;
try { wrap(process.binding('v8')); } catch {} finally { process.noDeprecation = quiet; }
const { getBuiltinModule } = process;
process.getBuiltinModule = function (id) { const m = getBuiltinModule.call(this, id); if ((id === 'node:v8' || id === 'v8') && !m.__watched) { wrap(m); m.__watched = true; } return m; };`;

/** A preload script of `source` in a temporary folder, for the length of `fn`. */
function withPreload(name: string, source: string, fn: (preload: string, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'vfio-flags-'));
  try {
    const preload = join(dir, name);
    writeFileSync(preload, source);
    fn(preload, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does it first)');
  if (!existsSync(fileURLToPath(new URL('../../dist/core.cache', import.meta.url)))) throw new Error('dist/core.cache is missing: the build makes it');
});

describe('dist/core.js answers like the ESM chunks', () => {
  const cases: string[][] = [
    ...readdirSync(fixturePath('pastes'))
      .filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'))
      .map((f) => ['analyze', fixturePath(`pastes/${f}`), '--json']),
    ['analyze', fixturePath('pastes/rx6800-amdgpu.txt')],
    ['analyze', fixturePath('pastes/proxmox-systemd-boot.txt'), '--markdown'],
    ['--root', fixturePath('sysroots/seed-identical-3090ti'), '--json'],
    ['--root', fixturePath('sysroots/arch-systemd-boot')],
    ['--demo', '--markdown'],
    ['rules', '--json'],
    ['--version'],
    ['analyze', fixturePath('sysroots')],
    ['--bogus'],
  ];
  for (const args of cases)
    it(args.map((a) => a.replace(/^.*\/fixtures\//, '')).join(' '), () => {
      const a = run(args, true);
      const b = run(args, false);
      expect(a.status).toBe(b.status);
      expect(a.stderr).toBe(b.stderr);
      expect(a.stdout).toBe(b.stdout);
    });
});

describe('live reports stay in the core', () => {
  // The launcher, the core and its cache alone: a command the core does not answer would need dist/main.js and fail.
  it('answers `--json` and a text report of this host without dist/main.js', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vfio-core-only-'));
    try {
      for (const f of ['cli.cjs', 'core.js', 'core.cache']) copyFileSync(fileURLToPath(new URL(`../../dist/${f}`, import.meta.url)), join(dir, f));
      const go = (args: string[]) => spawnSync(process.execPath, [join(dir, 'cli.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
      const json = go(['--json']);
      expect(json.stderr).toBe('');
      expect([0, 1]).toContain(json.status);
      expect(JSON.parse(json.stdout).source.kind).toBe('live');
      const text = go([]);
      expect([0, 1]).toContain(text.status);
      expect(text.stdout).toMatch(/this host \(live\)/);
      // What the core cannot answer still says so: `collect` needs the ESM program.
      expect(go(['collect', '-o', '-']).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what the core costs to start', () => {
  const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

  it('is an ASCII script (one byte per character: half the memory and time to read and scan)', () => {
    const text = readFileSync(join(DIST, 'core.js'), 'utf8');
    expect(text.length).toBeGreaterThan(100_000);
    expect(text.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });

  // Once a V8 flag changes, node compiles its own modules without their built-in code cache: a report must have
  // loaded every one it uses before the core sets its flags (cli/v8-tuning.ts).
  it('loads no node module after it sets its V8 flags, for an analyze, a sysroot and a live report', () => {
    withPreload(
      'watch.cjs',
      // Node modules loaded while a flag is off its default are listed (cli.ts starts the core's modules with one
      // flag; the core puts the defaults back, loads what it needs, then sets the run's flags).
      `let changed = false; let seen = new Set(process.moduleLoadList); const late = [];
const look = () => { if (changed) late.push(...process.moduleLoadList.filter((m) => !seen.has(m))); seen = new Set(process.moduleLoadList); };
${watchFlags('(f) => { look(); changed = /--no-/.test(f); }')}
process.on('exit', () => { look(); require('node:fs').writeSync(2, 'after flags: ' + JSON.stringify(late) + '\\n'); });`,
      (preload) => {
        for (const args of [['analyze', fixturePath('pastes/rx6800-amdgpu.txt'), '--json'], ['--root', fixturePath('sysroots/seed-identical-3090ti'), '--json'], ['--json']]) {
          const r = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
          expect([0, 1], r.stderr).toContain(r.status);
          expect(r.stderr, args.join(' ')).toContain('after flags: []');
        }
      },
    );
  });

  // node:v8 costs ~1.3 ms to load; the binding it calls is reached directly (cli/v8-flags.ts), with no warning printed.
  it('sets its V8 flags without loading node:v8 (nor node:os for a small file) and without a deprecation warning, even under --throw-deprecation', () => {
    // node:os neither, for a small file (~0.2 ms: the launcher counts cores only for a file big enough for two threads).
    withPreload('exit.cjs', `process.on('exit', () => require('node:fs').writeSync(2, 'loaded: ' + ['v8', 'os'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m)).join() + '\\n'));`, (preload) => {
      for (const args of [['analyze', fixturePath('pastes/rx6800-amdgpu.txt'), '--json'], ['--root', fixturePath('sysroots/seed-identical-3090ti'), '--json']]) {
        const r = spawnSync(process.execPath, ['--pending-deprecation', '--throw-deprecation', '-r', preload, CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
        expect([0, 1], r.stderr).toContain(r.status);
        expect(r.stderr.trim(), args.join(' ')).toBe('loaded:');
        expect(JSON.parse(r.stdout).summary).toBeDefined();
      }
    });
  });

  it('sets the same flags through node:v8 where node refuses its binding, with the same report', () => {
    withPreload(
      'refuse.cjs',
      `process.binding = () => { throw new Error('Access to this API has been restricted'); };
const seen = [];
${watchFlags('(f) => seen.push(f)')}
process.on('exit', () => require('node:fs').writeSync(2, 'seen: ' + JSON.stringify(seen) + '\\n'));`,
      (preload) => {
        for (const args of [['analyze', fixturePath('pastes/rx6800-amdgpu.txt'), '--json'], ['--root', fixturePath('sysroots/seed-identical-3090ti'), '--json']]) {
          const r = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
          const seen = JSON.parse(/seen: (.*)/.exec(r.stderr)![1]!) as string[];
          expect(seen.join(' '), args.join(' ')).toContain('--no-regexp-tier-up');
          if (args[0] === '--root') expect(seen.join(' ')).toContain('--no-opt');
          const plain = run(args, true);
          expect(r.status).toBe(plain.status);
          expect(r.stdout.replace(/"generatedAt": "[^"]*"/g, '')).toBe(plain.stdout);
        }
      },
    );
  });

  // A thread started while a flag is off its default compiles node's modules without their code cache too (it starts
  // ~25 ms later), and would run under the sysroot's --no-opt: the big log's helper starts with V8's defaults.
  it('starts the big log\'s helper thread from the launcher with V8\'s default flags, sets the run\'s flags after it (regexp tier-up left on), and reports as one thread does', () => {
    withPreload(
      'watch.cjs',
      // (The helper thread runs this too: only the main thread's report counts.)
      `let changed = false; const seen = [];
${watchFlags('(f) => { changed = /--no-/.test(f); seen.push(f); }')}
const wt = require('node:worker_threads'); const W = wt.Worker;
wt.Worker = function (...a) { seen.push(changed ? 'worker with flags' : 'worker with defaults'); return new W(...a); };
if (wt.isMainThread) process.on('exit', () => require('node:fs').writeSync(2, 'seen: ' + JSON.stringify(seen) + '\\n'));`,
      (preload, dir) => {
        const log = join(dir, 'big.log');
        const lines: string[] = [];
        // Past 36 MB: two threads on any machine with two cores or more (cli/lane-helper.ts parallelFrom).
        for (let i = 0, size = 0; size < 37 * 1024 * 1024; i++) {
          lines.push(`[${(i / 100).toFixed(6).padStart(12)}] EXT4-fs (nvme0n1p2): mounted filesystem ${i} with ordered data mode.\n`);
          size += lines[lines.length - 1]!.length;
        }
        writeFileSync(log, lines.join(''));
        const r = spawnSync(process.execPath, ['-r', preload, CLI, 'analyze', log, '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
        expect([0, 1], r.stderr).toContain(r.status);
        const seen = JSON.parse(/seen: (.*)/.exec(r.stderr)![1]!) as string[];
        // One core: one thread, whatever the size (cli/lane-helper.ts parallelFrom), and V8's flags as for any run.
        if (availableParallelism() < 2) {
          expect(seen.filter((s) => s.startsWith('worker'))).toEqual([]);
          expect(seen).toContain('--no-regexp-tier-up');
          return;
        }
        // The launcher started it (cli/lane-helper.ts startEarly), before the core loaded, and left --no-opt off.
        expect(seen[0], 'the helper thread starts first, with the defaults').toBe('worker with defaults');
        expect(seen).not.toContain('worker with flags');
        expect(seen).not.toContain('--no-opt');
        // The run's flags once it is done, but regexp tier-up stays on: turned off under regexps that ran with it, V8
        // crashes (cli/v8-tuning.ts defaultsForThread, test/perf/lane-flags.test.ts).
        expect(seen.slice(1), 'regexp tier-up is never turned off after it').not.toContain('--no-regexp-tier-up');
        // Options first, one with a value among them: the launcher finds the FILE all the same (lane-helper.ts analyzeFileOf).
        const late = spawnSync(process.execPath, ['-r', preload, CLI, 'analyze', '--json', '--lang', 'en', log], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
        const seenLate = JSON.parse(/seen: (.*)/.exec(late.stderr)![1]!) as string[];
        expect(seenLate[0], 'started by the launcher').toBe('worker with defaults');
        expect(seenLate).not.toContain('worker with flags');
        expect(seenLate.slice(1)).not.toContain('--no-regexp-tier-up');
        // The same report as one thread reading it all.
        const one = spawnSync(process.execPath, [CLI, 'analyze', log, '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VFIO_DOCTOR_NO_WORKER: '1' }, timeout: 30000 });
        const report = (out: string) => out.replace(/"generatedAt": "[^"]*"/, '');
        expect(report(r.stdout)).toBe(report(one.stdout));
        expect(JSON.parse(r.stdout).summary).toBeDefined();
      },
    );
  });
});
