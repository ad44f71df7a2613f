// Every failure path ends with exit 2 and one plain line on stderr; --debug (or VFIO_DOCTOR_DEBUG=1) adds the stack.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { cli } from '../cli-helpers';
import { ErrorReport } from '../../src/schema/error-report';
import { run } from '../../src/cli/run';
import type { CliIO } from '../../src/cli/io';
import { fixturePath } from '../harness';

const seed = fixturePath('pastes/seed-identical-3090ti.txt');
const sysroot = fixturePath('sysroots/seed-identical-3090ti');
const tmp = () => mkdtempSync(join(tmpdir(), 'vfd-exit-'));

const ONE_LINE = /^vfio-doctor: [^\n]+\n$/;

describe('every failure: exit 2, one plain line, no stack', () => {
  const cases: [string, () => string[], RegExp, { stdin?: string | Buffer }?][] = [
    ['unknown option', () => ['--frobnicate'], /unknown option --frobnicate/],
    ['unknown command', () => ['diagnose'], /unknown command "diagnose"/],
    ['option without its value at the end', () => ['analyze', seed, '--root'], /--root needs a value/],
    ['option whose value looks like an option', () => ['--gpu', '--json'], /--gpu needs a value/],
    ['--json with --markdown', () => ['--json', '--markdown'], /choose one of --json and --markdown/],
    ['analyze: missing file', () => ['analyze', join(tmpdir(), 'vfd-no-such-file.txt')], /no such file/],
    ['analyze: a directory', () => ['analyze', tmp()], /is a directory/],
    ['analyze: a file the kernel refuses to read (EIO)', () => ['analyze', '/proc/self/mem'], /cannot read \(EIO\)/],
    ['analyze: two files', () => ['analyze', seed, seed], /takes one FILE/],
    ['analyze: empty stdin', () => ['analyze', '-'], /standard input is empty/, { stdin: '' }],
    ['analyze: prose only', () => ['analyze', '-'], /nothing in standard input looks like VFIO diagnostics/, { stdin: 'my gpu is broken, help\n' }],
    ['analyze: binary', () => ['analyze', '-'], /binary data/, { stdin: Buffer.alloc(1000, 0) }],
    ['--bundle: missing file', () => ['--bundle', join(tmpdir(), 'vfd-none.txt')], /no such file/],
    ['--bundle: empty file', () => { const f = join(tmp(), 'e.txt'); writeFileSync(f, ''); return ['--bundle', f, '--json']; }, /is empty/],
    ['--root: missing directory', () => ['--root', join(tmpdir(), 'vfd-no-root'), '--json'], /no such directory/],
    ['--root: a file', () => ['--root', seed, '--json'], /is not a directory/],
    ['collect: missing --root', () => ['collect', '--root', join(tmpdir(), 'vfd-no-root'), '-o', '-'], /no such directory/],
    ['collect: would overwrite', () => ['collect', '--root', sysroot, '-o', seed], /already exists/],
    ['collect: stray argument', () => ['collect', 'out.txt'], /unexpected argument "out\.txt" for collect \(write to a file with -o FILE\)/],
    ['rules: stray argument', () => ['rules', 'list'], /unexpected argument "list"/],
    ['schema: stray argument', () => ['schema', 'json'], /unexpected argument "json"/],
    ['fix: no id', () => ['fix'], /fix needs a FIX-ID/],
    ['fix: unknown id on a sysroot', () => ['fix', 'no-such-rule/none', '--root', sysroot], /no fix "no-such-rule\/none"/],
    ['live run with a stray word', () => ['--json', 'extra'], /unknown command "extra"/],
  ];
  for (const [name, argv, msg, opts] of cases)
    it(name, async () => {
      const args = argv();
      const r = await cli(args, opts);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(ONE_LINE);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
      // nothing half-written on stdout: with --json, exactly one error document
      if (args.includes('--json')) expect(ErrorReport.parse(JSON.parse(r.stdout)).error.message).toMatch(msg);
      else expect(r.stdout).toBe('');
    });

  // An apply or undo refused (nothing changed) has its own code, 3, with the same one plain line.
  const refused: [string, () => string[], RegExp][] = [
    ['fix --apply on a bundle', () => ['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--bundle', seed, '--apply', '--yes'], /another machine/],
    ['undo: nothing recorded', () => { const r = tmp(); mkdirSync(join(r, 'etc')); return ['undo', '--root', r, '--yes']; }, /nothing to undo/],
  ];
  for (const [name, argv, msg] of refused)
    it(name, async () => {
      const r = await cli(argv());
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(ONE_LINE);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
      expect(r.stdout).toBe('');
    });

  it('--debug does not turn a usage error into a stack trace', async () => {
    const r = await cli(['analyze', join(tmpdir(), 'vfd-no-such-file.txt'), '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(ONE_LINE);
  });
});

describe('internal errors: one line for users, the stack with --debug or VFIO_DOCTOR_DEBUG=1', () => {
  /** A CliIO whose stdout breaks (a full disk, a closed pipe that is not EPIPE): the report cannot be written. */
  async function broken(argv: string[], env: Record<string, string> = {}) {
    let stderr = '';
    const io: CliIO = {
      stdout: () => {
        throw new Error('ENOSPC: no space left on device, write');
      },
      stderr: (s) => void (stderr += s),
      stdin: () => Buffer.alloc(0),
      stdoutIsTTY: false,
      stdinIsTTY: false,
      env,
    };
    const code = await run(argv, io);
    return { code, stderr };
  }

  it('without --debug: exit 2 and one line that says how to get details', async () => {
    const r = await broken(['analyze', seed]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(ONE_LINE);
    expect(r.stderr).toBe('vfio-doctor: internal error: ENOSPC: no space left on device, write (run with --debug for details)\n');
  });

  it('with --debug: the same line, then the stack for a bug report', async () => {
    const r = await broken(['analyze', seed, '--debug']);
    expect(r.code).toBe(2);
    const [first, ...rest] = r.stderr.trimEnd().split('\n');
    expect(first).toBe('vfio-doctor: internal error: ENOSPC: no space left on device, write');
    expect(rest.join('\n')).toMatch(/^Error: ENOSPC/);
    expect(rest.join('\n')).toMatch(/\n\s+at /);
  });

  it('with VFIO_DOCTOR_DEBUG=1: the stack too', async () => {
    const r = await broken(['--demo', '--json'], { VFIO_DOCTOR_DEBUG: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('something that is not an Error (a thrown string) is still one line', async () => {
    let stderr = '';
    const io: CliIO = {
      stdout: () => {
        throw 'weird';
      },
      stderr: (s) => void (stderr += s),
      stdin: () => Buffer.alloc(0),
      stdoutIsTTY: false,
      stdinIsTTY: false,
      env: {},
    };
    expect(await run(['rules'], io)).toBe(2);
    expect(stderr).toMatch(ONE_LINE);
  });
});

describe('the shipped process (dist/cli.cjs)', () => {
  const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
  const node = (argv: string[], env: Record<string, string> = {}, input?: string) => spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, input, timeout: 60_000 });

  it('failures: exit 2 and exactly one line on stderr', () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does it first)');
    for (const argv of [['--nope'], ['analyze', '/proc/self/mem'], ['analyze', '/dev/null'], ['--root', '/nonexistent-vfd'], ['analyze', '-']]) {
      const r = node(argv, {}, '');
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(ONE_LINE);
    }
  });

  it('output cut short by `| head` is not an error', () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" rules | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS:-ok}"`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/internal error|EPIPE|\n\s+at /);
  });
});
