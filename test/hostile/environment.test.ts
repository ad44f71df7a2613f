// Hostile environments: sysroots with loops, dangling and escaping links, unreadable files, thousands of PCI
// functions, no IOMMU groups; commands that hang, print garbage or are missing. --root never leaves its directory.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, chmodSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { sysrootIO, resolveInRoot } from '../../src/collect/sysroot-io';
import { liveIO } from '../../src/collect/live-io';
import type { HostIO, RunResult } from '../../src/collect/io';
import { sysrootApplyIO, WriteRefused } from '../../src/apply/fs-io';
import { diagnose } from '../../src/index';
import { Report } from '../../src/schema/report';
import { cli } from '../cli-helpers';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../harness';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-SYSROOT';

/** A small sysroot in a temp dir: write files (content) and links (-> target) relative to the root. */
function sysroot(spec: Record<string, string>): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'vfd-env-'));
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
  writeFileSync(join(outside, 'cmdline'), `BOOT_IMAGE=/vmlinuz ${SECRET} intel_iommu=on\n`);
  const root = join(base, 'root');
  mkdirSync(root);
  for (const [p, v] of Object.entries(spec)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    if (v.startsWith('-> ')) symlinkSync(v.slice(3).replace('$OUTSIDE', outside), full);
    else if (v === '/') mkdirSync(full, { recursive: true });
    else writeFileSync(full, v);
  }
  return { root, outside };
}

/** One PCI function in a sysroot, laid out like sysfs (device folder + bus link + group link). */
function pciDevice(bdf: string, group: number, vendor = '0x10de', device = '0x2204', cls = '0x030000', driver?: string): Record<string, string> {
  const dev = `sys/devices/pci0000:00/${bdf}`;
  const spec: Record<string, string> = {
    [`${dev}/vendor`]: `${vendor}\n`,
    [`${dev}/device`]: `${device}\n`,
    [`${dev}/class`]: `${cls}\n`,
    [`sys/bus/pci/devices/${bdf}`]: `-> ../../../devices/pci0000:00/${bdf}`,
    [`${dev}/iommu_group`]: `-> ../../../kernel/iommu_groups/${group}`,
    [`sys/kernel/iommu_groups/${group}/devices/${bdf}`]: `-> ../../../../devices/pci0000:00/${bdf}`,
  };
  if (driver) spec[`${dev}/driver`] = `-> ../../../bus/pci/drivers/${driver}`;
  return spec;
}

const BASE: Record<string, string> = {
  'proc/version': 'Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP\n',
  'proc/cmdline': 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=/dev/sda2 ro quiet intel_iommu=on\n',
};

async function reportOf(root: string, io?: HostIO) {
  const sources = await collectHost({ root, io });
  const r = diagnose(sources, { live: true, source: { kind: 'sysroot', path: root } });
  expect(Report.safeParse(r).success).toBe(true);
  return { sources, r, text: JSON.stringify(r) + sources.map((s) => s.text).join('\n') };
}

describe('sysroots with broken links', () => {
  it('symlink loops anywhere (files, device links, group folders) end, and collection finishes', async () => {
    const { root } = sysroot({
      ...BASE,
      ...pciDevice('0000:01:00.0', 1),
      'proc/cmdline': '-> cmdline2',
      'proc/cmdline2': '-> cmdline',
      'sys/bus/pci/devices/0000:02:00.0': '-> ../../../bus/pci/devices/0000:02:00.0',
      'sys/kernel/iommu_groups/2/devices/0000:03:00.0': '-> ../../2/devices/0000:03:00.0',
      'sys/kernel/iommu_groups/3': '-> 3',
      'etc/default/grub': '-> ../default/grub',
      'etc/modprobe.d/loop.conf': '-> /etc/modprobe.d/loop.conf',
      'lib/modules': '-> ../lib/modules',
    });
    const { r, sources } = await reportOf(root);
    expect(sources.find((s) => s.source === '/proc/cmdline')).toBeUndefined();
    expect(r.devices.map((d) => d.bdf)).toContain('0000:01:00.0');
  });

  it('dangling links (driver, group, config files) are unknown, not errors', async () => {
    const { root } = sysroot({
      ...BASE,
      ...pciDevice('0000:01:00.0', 1),
      'sys/devices/pci0000:00/0000:01:00.0/driver': '-> ../../../bus/pci/drivers/gone',
      'sys/bus/pci/devices/0000:09:00.0': '-> ../../../devices/pci0000:00/0000:09:00.0',
      'etc/default/grub': '-> /nonexistent/grub',
      'etc/modprobe.d/vfio.conf': '-> ../../nowhere/vfio.conf',
      'var/log/kern.log': '-> /var/log/rotated/kern.log.1',
    });
    const { r } = await reportOf(root);
    expect(r.devices.find((d) => d.bdf === '0000:01:00.0')?.ids).toBe('10de:2204');
  });
});

describe('--root never reads outside its directory', () => {
  const escaping = () =>
    sysroot({
      ...BASE,
      'proc/cmdline': '-> $OUTSIDE/cmdline', // absolute link to a real path outside
      'etc/hostname': '-> ../../outside/secret.txt', // climbing relative link
      'etc/default/grub': '-> ../../../../../../../../outside/secret.txt',
      'etc/os-release': '-> /../../../outside/secret.txt',
      'etc/modprobe.d': '-> ../../outside', // a folder link out
      'sys/bus/pci': '-> $OUTSIDE', // a folder link out, absolute
      'var/log/kern.log': '-> ../../../outside/secret.txt',
      'lib/modules/6.8.0-45-generic/modules.builtin': '-> ../../../../outside/secret.txt',
      'etc/root-link': '-> /',
      'etc/up': '-> ..',
    });

  it('sysrootIO: absolute, climbing and folder links resolve inside DIR (or not at all)', async () => {
    const { root, outside } = escaping();
    const io = sysrootIO(root);
    for (const p of ['/proc/cmdline', '/etc/hostname', '/etc/default/grub', '/etc/os-release', '/var/log/kern.log', '/etc/modprobe.d/secret.txt', '/sys/bus/pci/secret.txt', '/../outside/secret.txt', '/../../../../outside/secret.txt', '/etc/up/../../outside/secret.txt', '/etc/root-link/../outside/secret.txt', `${outside}/secret.txt`, '../outside/secret.txt']) {
      const t = await io.readFile(p).catch((e: Error) => `threw ${e.message}`);
      expect(t ?? '', p).not.toContain(SECRET);
      const real = await resolveInRoot(root, p.startsWith('/') ? p : `/${p}`);
      if (real) expect(real.startsWith(root), `${p} → ${real}`).toBe(true);
    }
    expect(await io.readDir('/etc/modprobe.d')).toBeUndefined();
    expect(await io.readDir('/etc/root-link')).toEqual(await io.readDir('/')); // "/" is DIR itself
    expect(await io.stat('/etc/up/../../outside/secret.txt')).toBeUndefined();
  });

  it('the whole collection and report of an escaping sysroot hold nothing from outside (CLI, --json and collect)', async () => {
    const { root } = escaping();
    const { text } = await reportOf(root);
    expect(text).not.toContain(SECRET);
    const j = await cli(['--root', root, '--json']);
    expect(j.stderr).toBe('');
    expect(j.stdout).not.toContain(SECRET);
    const b = await cli(['collect', '--root', root, '-o', '-']);
    expect(b.code).toBe(0);
    expect(b.stdout).not.toContain(SECRET);
  });

  it('sysrootApplyIO: writes through ".." or links that leave DIR are refused; nothing appears outside', async () => {
    const { root, outside } = escaping();
    const io = sysrootApplyIO(root);
    const before = readdirSync(outside).sort();
    for (const p of ['/etc/modprobe.d/vfio.conf', '/sys/bus/pci/x.conf', '/../outside/x.conf', '/etc/../../outside/x.conf', '/etc/up/../outside/x.conf']) {
      await expect(io.writeAtomic(p, Buffer.from('options vfio-pci ids=10de:2204\n'), 0o644), p).rejects.toBeInstanceOf(WriteRefused);
    }
    // an absolute folder link to "/" means the root itself: the write lands inside DIR
    await io.writeAtomic('/etc/root-link/etc/kernel/cmdline', Buffer.from('x\n'), 0o644).catch((e) => expect(e).toBeInstanceOf(WriteRefused));
    expect(readdirSync(outside).sort()).toEqual(before);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
    // reading through the apply I/O is bounded the same way
    for (const p of ['/etc/hostname', '/etc/default/grub']) {
      await expect(io.read(p)).rejects.toBeInstanceOf(WriteRefused); // the file itself is a link: refused, not followed
    }
  });

  it('fix --apply --root on an escaping tree refuses, with exit 2 and one line, and writes nothing outside', async () => {
    const { root, outside } = escaping();
    const before = readdirSync(outside).sort();
    const r = await cli(['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--apply', '--yes', '--root', root]);
    expect([1, 2]).toContain(r.code);
    expect(r.stderr.trim().split('\n').length).toBeGreaterThanOrEqual(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(outside).sort()).toEqual(before);
  });
});

describe('unreadable files', () => {
  it('chmod 000 files and folders (root may still read them: either way no failure)', async () => {
    const { root } = sysroot({ ...BASE, ...pciDevice('0000:01:00.0', 1), 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'etc/modprobe.d/vfio.conf': 'options vfio-pci ids=10de:2204\n' });
    chmodSync(join(root, 'etc/default/grub'), 0);
    chmodSync(join(root, 'etc/modprobe.d'), 0);
    chmodSync(join(root, 'sys/devices/pci0000:00/0000:01:00.0/vendor'), 0);
    try {
      await reportOf(root);
    } finally {
      chmodSync(join(root, 'etc/modprobe.d'), 0o755);
    }
  });

  it('an injected HostIO that throws EACCES everywhere but /proc: collection says what it could not read', async () => {
    const { root } = sysroot({ ...BASE, ...pciDevice('0000:01:00.0', 1), 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n' });
    const base = sysrootIO(root);
    const eacces = (p: string) => Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
    const deny = <A extends unknown[], R>(f: (p: string, ...a: A) => Promise<R>) => async (p: string, ...a: A): Promise<R> => {
      if (!p.startsWith('/proc')) throw eacces(p);
      return f(p, ...a);
    };
    const io: HostIO = { ...base, label: 'denied', readFile: deny(base.readFile), readBytes: deny(base.readBytes), readDir: deny(base.readDir), readLink: deny(base.readLink), stat: deny(base.stat) };
    const { sources, r } = await reportOf(root, io);
    const host = sources.find((s) => s.source === 'host')!.text;
    expect(host).toMatch(/EACCES/);
    expect(sources.find((s) => s.source === '/proc/cmdline')?.text).toContain('intel_iommu=on');
    expect(r.unableToCheck.length).toBeGreaterThan(0);
  });

  it('EACCES on single PCI attributes leaves that attribute unknown, the rest known', async () => {
    const { root } = sysroot({ ...BASE, ...pciDevice('0000:01:00.0', 1), ...pciDevice('0000:01:00.1', 1, '0x10de', '0x1aef', '0x040300') });
    const base = sysrootIO(root);
    const io: HostIO = {
      ...base,
      readFile: async (p, max) => {
        if (p.includes('0000:01:00.1/vendor')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return base.readFile(p, max);
      },
    };
    const { r } = await reportOf(root, io);
    expect(r.devices.find((d) => d.bdf === '0000:01:00.0')?.ids).toBe('10de:2204');
    expect(r.devices.find((d) => d.bdf === '0000:01:00.1')?.ids).toBeNull();
  });
});

describe('big and empty trees', () => {
  // A sysroot resolves every path component with lstat (about 3 ms per function here): 1000 functions keep the test short.
  it('a /sys with 1000 PCI functions: every one is read (no EMFILE losses), groups and devices complete', async () => {
    const spec: Record<string, string> = { ...BASE, 'sys/bus/pci/drivers/vfio-pci/.keep': '' };
    for (let i = 0; i < 1000; i++) {
      const bus = (i >> 5).toString(16).padStart(2, '0');
      const dev = (i & 31).toString(16).padStart(2, '0');
      Object.assign(spec, pciDevice(`0000:${bus}:${dev}.0`, i, '0x8086', '0x1234', '0x020000'));
    }
    Object.assign(spec, pciDevice('0000:ff:00.0', 5000, '0x10de', '0x2204', '0x030000', 'vfio-pci'));
    const { root } = sysroot(spec);
    const { r } = await reportOf(root);
    expect(r.devices.length).toBe(1001);
    expect(r.devices.filter((d) => d.ids === null)).toEqual([]);
    expect(Object.keys(r.groups ?? {}).length).toBe(1001);
    expect(r.devices.find((d) => d.bdf === '0000:ff:00.0')?.driver).toBe('vfio-pci');
  }, 60_000);

  // Each case spelling of an ID was looked for in pci.ids: 2^30 of them for a 30-letter vendor file, a hang.
  it('vendor and device files of absurd length (letters, many distinct): the report comes, unnamed', async () => {
    const spec: Record<string, string> = { ...BASE, 'usr/share/misc/pci.ids': '10de  NVIDIA Corporation\n\t2204  GA102 [GeForce RTX 3090]\nC 03  Display controller\n' };
    for (let i = 0; i < 200; i++) Object.assign(spec, pciDevice(`0000:${(i + 1).toString(16).padStart(2, '0')}:00.0`, i, `0x${'abcdef'.repeat(5)}${i.toString(16)}`, `0x${'fedcba'.repeat(5)}`, '0x020000'));
    Object.assign(spec, pciDevice('0000:ff:00.0', 500, '0x10de', '0x2204'));
    const { root } = sysroot(spec);
    // A process of its own with a deadline: a hang is a failure, not a stuck test run.
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url)), '--root', root, '--json'], { encoding: 'utf8', timeout: 15_000 });
    expect(run.signal, 'the report did not come within 15 s').toBeNull();
    const r = JSON.parse(run.stdout) as { devices: { bdf: string; name?: string | null }[] };
    expect(r.devices.length).toBe(201);
    expect(r.devices.find((d) => d.bdf === '0000:ff:00.0')?.name).toBe('NVIDIA Corporation GA102 [GeForce RTX 3090]');
  }, 20_000);

  it('missing /sys/kernel/iommu_groups: groups are known to be absent and the report says so', async () => {
    const { root } = sysroot({ ...BASE, 'sys/devices/pci0000:00/0000:01:00.0/vendor': '0x10de\n', 'sys/devices/pci0000:00/0000:01:00.0/device': '0x2204\n', 'sys/devices/pci0000:00/0000:01:00.0/class': '0x030000\n', 'sys/bus/pci/devices/0000:01:00.0': '-> ../../../devices/pci0000:00/0000:01:00.0' });
    const { sources, r } = await reportOf(root);
    expect(sources.find((s) => s.source === 'host')!.text).toMatch(/iommu_groups=absent/);
    expect(r.findings.map((f) => f.id)).toContain('iommu-groups-absent');
  });

  it('a completely empty directory as --root: a report, not a crash', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vfd-empty-'));
    const r = await cli(['--root', root, '--json']);
    expect([0, 1]).toContain(r.code);
    expect(Report.safeParse(JSON.parse(r.stdout)).success).toBe(true);
  });

  it('--root that does not exist or is a file: exit 2, one line', async () => {
    for (const root of [join(tmpdir(), 'vfd-does-not-exist-xyz'), fixturePath('pastes/seed-identical-3090ti.txt')]) {
      const r = await cli(['--root', root, '--json']);
      expect(r.code, `${root}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^vfio-doctor: [^\n]+\n$/);
    }
  });
});

describe('commands that hang, print garbage or are missing', () => {
  afterEach(() => void vi.useRealTimers());

  const result = (p: Partial<RunResult>): RunResult => ({ exitCode: 0, stdout: '', stderr: '', missing: false, timedOut: false, ...p });
  const seedIO = () => sysrootIO(fixturePath('sysroots/seed-identical-3090ti'));

  it('a run() that only returns when its timeout fires: every command has a finite timeout and collection ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const timeouts: number[] = [];
    const io: HostIO = {
      ...seedIO(),
      label: 'hanging host',
      euid: () => 0,
      run: (argv, timeoutMs) => {
        timeouts.push(timeoutMs);
        expect(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= 60_000, `${argv[0]} timeout ${timeoutMs}`).toBe(true);
        return new Promise((res) => setTimeout(() => res(result({ exitCode: undefined, timedOut: true })), timeoutMs));
      },
    };
    let done = false;
    const p = collectHost({ io }).then((s) => ((done = true), s));
    // Real file reads complete between the fake clock's steps.
    for (let i = 0; i < 5000 && !done; i++) {
      await vi.advanceTimersByTimeAsync(50);
      await new Promise((r) => setImmediate(r));
    }
    expect(done).toBe(true);
    const sources = await p;
    expect(timeouts.length).toBeGreaterThanOrEqual(2);
    expect(sources.find((s) => s.source === 'host')!.text).toMatch(/dmesg timed out; journalctl timed out/);
    expect(Report.safeParse(diagnose(sources, { live: true })).success).toBe(true);
  });

  it('the real live I/O kills a command that outlives its timeout', async () => {
    const t0 = Date.now();
    const r = await liveIO().run!(['sleep', '30'], 300);
    expect(r.timedOut).toBe(true);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('the real live I/O reports a missing command as missing', async () => {
    const r = await liveIO().run!(['vfio-doctor-no-such-command-xyz'], 2000);
    expect(r.missing).toBe(true);
  });

  it('commands that print garbage (binary, ANSI, huge lines, NULs) give a valid report', async () => {
    const garbage = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');
    const io: HostIO = {
      ...seedIO(),
      label: 'garbage host',
      euid: () => 0,
      run: async (argv) =>
        argv[0] === 'dmesg'
          ? result({ stdout: `${garbage}\n\x1b[31m[    0.1] DMAR: IOMMU enabled\x1b[0m\n${'x'.repeat(200_000)}\n\u0000\u0000` })
          : result({ stdout: garbage, stderr: garbage, exitCode: 3 }),
    };
    const sources = await collectHost({ io });
    const r = diagnose(sources, { live: true });
    expect(Report.safeParse(r).success).toBe(true);
    expect(r.devices.length).toBeGreaterThan(0);
  });

  it('a run() that rejects (spawn failure) is a failed step, not a crash', async () => {
    const io: HostIO = { ...seedIO(), label: 'broken spawn', euid: () => 1000, run: async () => Promise.reject(Object.assign(new Error('spawn EAGAIN'), { code: 'EAGAIN' })) };
    const sources = await collectHost({ io });
    expect(sources.find((s) => s.source === 'host')!.text).toMatch(/EAGAIN/);
  });

  it('all commands missing (a minimal container): the report still validates', async () => {
    const io: HostIO = { ...seedIO(), label: 'container', euid: () => 1000, run: async () => result({ exitCode: undefined, missing: true }) };
    const sources = await collectHost({ io });
    expect(sources.find((s) => s.source === 'host')!.text).toMatch(/dmesg is not installed; journalctl is not installed/);
    expect(Report.safeParse(diagnose(sources, { live: true })).success).toBe(true);
  });
});

describe('nothing is created by a read-only run', () => {
  it('analyze and --root reports write no file', async () => {
    const { root } = sysroot({ ...BASE, ...pciDevice('0000:01:00.0', 1) });
    const before = JSON.stringify(readdirSync(root, { recursive: true }));
    await cli(['--root', root, '--json']);
    await cli(['--root', root, '--markdown', '--redact']);
    expect(JSON.stringify(readdirSync(root, { recursive: true }))).toBe(before);
    expect(existsSync(join(root, 'var/backups'))).toBe(false);
  });
});
