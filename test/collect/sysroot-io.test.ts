// --root never reads outside its directory: absolute and `..` links resolve inside it, loops end.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sysrootIO, resolveInRoot } from '../../src/collect/sysroot-io';
import { collectHost } from '../../src/collect/index';
import { syncTwin } from '../../src/collect/io';

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

describe('sysroot I/O: the last component is opened without following it', () => {
  let base: string;
  let r: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'vfd-last-'));
    writeFileSync(join(base, 'secret'), 'outside the sysroot');
    r = join(base, 'root');
    const dev = join(r, 'sys/devices/pci0000:00/0000:01:00.0');
    mkdirSync(dev, { recursive: true });
    mkdirSync(join(r, 'sys/bus/pci/devices'), { recursive: true });
    mkdirSync(join(r, 'etc'), { recursive: true });
    writeFileSync(join(r, 'etc/vendor'), '0x10de\n');
    writeFileSync(join(dev, 'device'), '0x2204\n');
    writeFileSync(join(dev, 'empty'), '');
    writeFileSync(join(dev, 'big'), 'x'.repeat(10000));
    mkdirSync(join(dev, 'folder'));
    // attribute files that are links: inside (absolute, meaning DIR/etc/vendor), climbing out, absolute to the host
    symlinkSync('/etc/vendor', join(dev, 'vendor'));
    symlinkSync('../../../../../secret', join(dev, 'class'));
    symlinkSync(join(base, 'secret'), join(dev, 'subsystem_vendor'));
    symlinkSync('subsystem_device', join(dev, 'subsystem_device'));
    symlinkSync('../../../devices/pci0000:00/0000:01:00.0', join(r, 'sys/bus/pci/devices/0000:01:00.0'));
    // a parent folder that is a link leading out: nothing below it is read
    symlinkSync(base, join(r, 'sys/out'));
    // and one inside a function's folder
    symlinkSync(base, join(dev, 'outside'));
    spawnSync('mkfifo', [join(dev, 'fifo')]);
  });
  const dev = '/sys/devices/pci0000:00/0000:01:00.0';

  it('reads plain files, and files through a folder link, inside DIR', async () => {
    const io = sysrootIO(r);
    expect(await io.readFile(`${dev}/device`)).toBe('0x2204\n');
    expect(await io.readFile('/sys/bus/pci/devices/0000:01:00.0/device')).toBe('0x2204\n');
    expect(await io.readFile(`/sys/bus/pci/devices/../devices/0000:01:00.0/../../../../..${dev}/device`)).toBe('0x2204\n');
  });
  it('a last component that is a link is resolved inside DIR, never outside', async () => {
    const io = sysrootIO(r);
    expect(await io.readFile(`${dev}/vendor`)).toBe('0x10de\n');
    expect(await io.readFile(`${dev}/class`)).toBeUndefined();
    expect(await io.readFile(`${dev}/subsystem_vendor`)).toBeUndefined();
    expect(await io.readFile(`${dev}/subsystem_device`)).toBeUndefined();
    expect(await io.readFile('/sys/out/secret')).toBeUndefined();
    expect(await io.readDir('/sys/out')).toBeUndefined();
  });
  it('folders, FIFOs and missing files read as missing; empty files as empty; big ones up to the cap', async () => {
    const io = sysrootIO(r);
    expect(await io.readFile(`${dev}/folder`)).toBeUndefined();
    expect(await io.readFile(`${dev}/fifo`)).toBeUndefined();
    expect(await io.readFile(`${dev}/reset_method`)).toBeUndefined();
    expect(await io.readFile(`${dev}/device/more`)).toBeUndefined();
    expect(await io.readFile(`${dev}/empty`)).toBe('');
    expect(await io.readFile(`${dev}/big`, 100)).toBe('x'.repeat(100));
    expect((await io.readBytes(`${dev}/big`, 10))?.length).toBe(10);
  });
  it('links are read as they are, wherever they point; a non-link has no target', async () => {
    const io = sysrootIO(r);
    expect(await io.readLink('/sys/bus/pci/devices/0000:01:00.0')).toBe('../../../devices/pci0000:00/0000:01:00.0');
    expect(await io.readLink(`${dev}/class`)).toBe('../../../../../secret');
    expect(await io.readLink(`${dev}/device`)).toBeUndefined();
    expect(await io.readLink('/sys/out/secret')).toBeUndefined();
  });
  it('answers the same through its synchronous twins, also for a folder asked about many times', async () => {
    const io = sysrootIO(r);
    const readFile = syncTwin(io.readFile)!;
    const readLink = syncTwin(io.readLink)!;
    const names = ['device', 'vendor', 'class', 'subsystem_vendor', 'subsystem_device', 'folder', 'fifo', 'empty', 'nothing', 'device'];
    for (const n of names) {
      expect(readFile(`${dev}/${n}`), n).toEqual(await sysrootIO(r).readFile(`${dev}/${n}`));
      expect(readLink(`${dev}/${n}`), n).toEqual(await sysrootIO(r).readLink(`${dev}/${n}`));
    }
  });
  it('reads several files of one folder at once (a PCI function\'s attributes) as each read alone would, trimmed', async () => {
    const trimmedIn = (sysrootIO(r).readFile as { trimmedIn?: (dir: string, names: readonly string[], max: number) => (string | undefined)[] }).trimmedIn!;
    const names = ['device', 'vendor', 'class', 'subsystem_vendor', 'subsystem_device', 'folder', 'fifo', 'empty', 'nothing', 'big', 'device/more', 'outside/secret', '..', '', 'device'];
    // The folder as named, through the bus link, with `..` in it, climbing out, and missing.
    for (const dir of [dev, '/sys/bus/pci/devices/0000:01:00.0', `/sys/bus/pci/devices/../devices/0000:01:00.0/../0000:01:00.0/`, '/sys/out', '/sys/devices/none']) {
      const alone = await Promise.all(names.map((n) => sysrootIO(r).readFile(`${dir}/${n}`, 100).then((t) => t?.trim(), () => undefined)));
      expect(trimmedIn(dir, names, 100), dir).toEqual(alone);
    }
    expect(trimmedIn(dev, ['device', 'vendor', 'class', 'outside/secret'], 100)).toEqual(['0x2204', '0x10de', undefined, undefined]);
  });
  it('a spy put in place of readFile is not bypassed by the folder reads (they belong to the readFile they came with)', () => {
    const io = sysrootIO(r);
    const spy = { ...io, readFile: async (p: string, m?: number) => io.readFile(p, m) };
    expect((spy.readFile as { trimmedIn?: unknown }).trimmedIn).toBeUndefined();
  });
});

