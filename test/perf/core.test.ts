// dist/core.js (the report paths from a V8 code cache) and the ESM chunks are one program: same output, same exit code.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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
