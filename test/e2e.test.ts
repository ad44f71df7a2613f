// The shipped bundle (dist/cli.cjs, built by `npm test`) run as a real process: exit codes, streams, no stack traces.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from './harness';

const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const runCli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VFIO_DOCTOR_DEBUG: '' }, timeout: 20000 });

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does it first)');
});

describe('dist/cli.cjs', () => {
  it('analyses a paste from stdin and exits 1 on an error finding', () => {
    const r = runCli(['analyze', '-', '--json'], `$ cat /proc/cmdline\nBOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=/dev/sda1 ro intel_iommu=off\n`);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].id).toBe('iommu-disabled-by-cmdline');
  });

  it('live on this machine without a terminal prints a text report (this CI box is a VM without an IOMMU)', () => {
    const r = runCli([]);
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toMatch(/^vfio-doctor \S+ — this host \(live\)/);
    expect(r.stderr).not.toMatch(/Raw mode|ERR_|at .*\.js:\d+/);
  });

  it('still runs as `node dist/cli.js`, the entry\'s earlier name, with the same output', () => {
    const args = ['analyze', fixturePath('pastes/rx6800-amdgpu.txt'), '--json'];
    const old = spawnSync(process.execPath, [join(dirname(CLI), 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20000 });
    const now = runCli(args);
    expect(old.status).toBe(now.status);
    const strip = (s: string) => s.replace(/"generatedAt": "[^"]*"/, '');
    expect(strip(old.stdout)).toBe(strip(now.stdout));
    expect(old.stderr).toBe('');
  });

  it('exits 2 with one plain line for bad input, without a stack trace', () => {
    const r = runCli(['analyze', fixturePath('sysroots')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^vfio-doctor: .* is a directory/);
  });

  it('keeps the chat UI out of the report path: ink and react are only reachable through a dynamic import', () => {
    // Walk the static imports of the entry; none of those files may contain ink or react.
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+)["']/g)) walk(join(dirname(file), m[1]!));
    };
    walk(CLI);
    expect(seen.size).toBeGreaterThan(0);
    for (const f of seen) expect(readFileSync(f, 'utf8')).not.toMatch(/react\.element|useInput|Ink/);
    const all = readdirSync(join(dirname(CLI), 'chunks')).map((f) => readFileSync(join(dirname(CLI), 'chunks', f), 'utf8'));
    expect(all.some((c) => /useInput/.test(c))).toBe(true);
  });
});
