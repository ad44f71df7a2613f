// lstatType: node's binding and fs.lstatSync name every kind of entry alike, and a sysroot reads the same either way.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lstatSync } from 'node:fs';
import { callsBindingAsLstatType, lstatType, lstatTypeBy, lstatWay } from '../../src/collect/lstat-type';
import { fixturePath } from '../harness';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vfio-lstat-'));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'file'), 'x');
  symlinkSync('file', join(dir, 'link'));
  symlinkSync('nowhere', join(dir, 'dangling'));
  symlinkSync('folder', join(dir, 'folder-link'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lstatType', () => {
  it('uses node\'s binding where fs.lstatSync itself calls it the same way (read from its text), as on this node', () => {
    expect(callsBindingAsLstatType(lstatSync.toString())).toBe(true); // CI's node (package.json: >= 20.19)
    expect(lstatWay()).toBe('binding');
    // Node 22's text, and Node 20.0's, which passed an error context object where throwIfNoEntry goes now.
    const node22 = 'const stats = binding.lstat(\n    getValidatedPath(path),\n    options.bigint,\n    undefined,\n    options.throwIfNoEntry,\n  );';
    const node20early = 'const ctx = { path };\n  const stats = binding.lstat(pathModule.toNamespacedPath(path),\n                              options.bigint, undefined, ctx);';
    expect(callsBindingAsLstatType(node22)).toBe(true);
    expect(callsBindingAsLstatType(node20early)).toBe(false);
    expect(callsBindingAsLstatType('binding.lstat(path, options.throwIfNoEntry, undefined, options.bigint)')).toBe(false);
    expect(callsBindingAsLstatType('function lstatSync() { [native code] }')).toBe(false);
  });

  it('names files, folders, links (not followed), FIFOs and missing entries as fs.lstatSync does', () => {
    const want: [string, ReturnType<typeof lstatType>][] = [
      ['file', 'file'],
      ['folder', 'dir'],
      ['link', 'link'],
      ['dangling', 'link'],
      ['folder-link', 'link'],
      ['fifo', 'other'],
      ['missing', undefined],
      ['file/below', undefined], // ENOTDIR: as good as missing
      ['folder/../file', 'file'],
      ['fi\0le', undefined], // fs.lstatSync refuses a NUL; the binding must not read "fi"
    ];
    for (const [name, type] of want) {
      const p = join(dir, name);
      expect(lstatTypeBy('binding', p), name).toBe(type);
      expect(lstatTypeBy('fs', p), name).toBe(type);
    }
    expect(lstatType('/dev/null')).toBe('other');
    expect(lstatType('/')).toBe('dir');
  });
});

describe('a sysroot read without node\'s binding', () => {
  const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
  const report = (preload: string[]) => {
    const r = spawnSync(process.execPath, [...preload, CLI, '--root', fixturePath('sysroots/seed-identical-3090ti'), '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
    return { status: r.status, stdout: r.stdout.replace(/"generatedAt": "[^"]*"/g, '"generatedAt": ""'), stderr: r.stderr };
  };

  it('gives the same report when node refuses its fs binding (fs.lstatSync answers)', () => {
    const preload = join(dir, 'refuse-fs.cjs');
    writeFileSync(preload, `const b = process.binding; process.binding = function (name) { if (name === 'fs') throw new Error('Access to this API has been restricted'); return b.call(this, name); };`);
    const plain = report([]);
    const refused = report(['-r', preload]);
    expect(refused.stderr).toBe('');
    expect(refused.status).toBe(plain.status);
    expect(refused.stdout).toBe(plain.stdout);
    expect(JSON.parse(refused.stdout).devices.length).toBeGreaterThan(0);
  });

  it('does not reach for the binding under node\'s permission model (its checks live in fs.lstatSync), with the same report', () => {
    const preload = join(dir, 'watch-fs.cjs');
    writeFileSync(preload, `const b = process.binding; let asked = false; process.binding = function (name) { if (name === 'fs') asked = true; return b.call(this, name); }; process.on('exit', () => require('node:fs').writeSync(2, 'asked for fs: ' + asked + '\\n'));`);
    const flag = spawnSync(process.execPath, ['--permission', '-e', '0']).status === 0 ? '--permission' : '--experimental-permission';
    const guarded = report([flag, '--allow-fs-read=*', '--no-warnings', '-r', preload]);
    expect(guarded.stderr).toContain('asked for fs: false');
    expect(guarded.stdout).toBe(report([]).stdout);
    // Without the permission model the same preload sees the binding asked for: the test can tell.
    expect(report(['-r', preload]).stderr).toContain('asked for fs: true');
  });

  it('gives the same report when the binding answers otherwise than fs.lstatSync (it is not used)', () => {
    const preload = join(dir, 'odd-fs.cjs');
    writeFileSync(preload, `const b = process.binding; process.binding = function (name) { const r = b.call(this, name); return name === 'fs' ? { ...r, lstat: () => new Float64Array(36) } : r; };`);
    const odd = report(['-r', preload]);
    expect(odd.stderr).toBe('');
    expect(odd.stdout).toBe(report([]).stdout);
  });
});
