// --root never reads outside its directory: absolute and `..` links resolve inside it, loops end.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sysrootIO, resolveInRoot } from '../../src/collect/sysroot-io';
import { collectHost } from '../../src/collect/index';

let outside: string;
let root: string;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'vfd-root-'));
  outside = join(base, 'secret.txt');
  writeFileSync(outside, 'outside the sysroot');
  root = join(base, 'root');
  mkdirSync(join(root, 'proc'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/real'), 'inside');
  // absolute link: means <root>/etc/real, not the host's /etc/real
  symlinkSync('/etc/real', join(root, 'proc/cmdline'));
  // climbing link: stops at the root
  symlinkSync('../../../../secret.txt', join(root, 'etc/climb'));
  symlinkSync(outside, join(root, 'etc/abs-outside'));
  symlinkSync('loop-b', join(root, 'etc/loop-a'));
  symlinkSync('loop-a', join(root, 'etc/loop-b'));
});

describe('sysroot I/O', () => {
  it('resolves absolute links inside the root', async () => {
    expect(await sysrootIO(root).readFile('/proc/cmdline')).toBe('inside');
  });
  it('does not climb out with ..', async () => {
    expect(await sysrootIO(root).readFile('/etc/climb')).toBeUndefined();
    expect(await resolveInRoot(root, '/../../secret.txt')).toBeUndefined();
  });
  it('treats an absolute link to a host path as a path inside the root', async () => {
    expect(await sysrootIO(root).readFile('/etc/abs-outside')).toBeUndefined();
  });
  it('ends symlink loops', async () => {
    expect(await sysrootIO(root).readFile('/etc/loop-a')).toBeUndefined();
  });
  it('runs no command', () => {
    expect(sysrootIO(root).run).toBeUndefined();
  });
  it('collects a nearly empty root without failing, saying what is missing', async () => {
    const sources = await collectHost({ root });
    const host = sources.find((s) => s.source === 'host')!.text;
    expect(host).toMatch(/iommu_groups=absent/);
    expect(host).toMatch(/note=\/sys\/bus\/pci\/devices is missing/);
    expect(host).toMatch(/unavailable=kernel-log/);
  });
});
