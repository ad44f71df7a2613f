// The kernel's build options of a host: /boot/config-<release> first, else /proc/config.gz (gunzipped; zlib is
// loaded only then, collect/system.ts), and only the lines the rules read.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

const CONFIG = ['# Automatically generated file; DO NOT EDIT.', 'CONFIG_VFIO=m', 'CONFIG_VFIO_PCI=y', 'CONFIG_SOUND=m', '# CONFIG_VFIO_NOIOMMU is not set', ''].join('\n');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'vfd-kconfig-'));
  mkdirSync(join(root, 'proc'), { recursive: true });
  writeFileSync(join(root, 'proc/version'), 'Linux version 6.11.5-arch1-1 (builder@buildhost) #1 SMP PREEMPT_DYNAMIC\n');
  writeFileSync(join(root, 'proc/config.gz'), gzipSync(CONFIG));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the kernel config of a sysroot', () => {
  it('is read from /proc/config.gz when there is no /boot/config-<release>', async () => {
    const kconfig = (await collectHost({ root })).find((s) => s.kind === 'kconfig');
    expect(kconfig?.source).toBe('/proc/config.gz');
    expect(kconfig?.text).toContain('CONFIG_VFIO_PCI=y');
    expect(kconfig?.text).not.toContain('CONFIG_SOUND');
  });

  it('is read by the report too (the shipped program, where zlib is loaded only for it)', () => {
    const unable = () => {
      const r = spawnSync(process.execPath, [CLI, '--root', root, '--json'], { encoding: 'utf8', timeout: 30000 });
      expect([0, 1], r.stderr).toContain(r.status);
      return (JSON.parse(r.stdout) as { unableToCheck: { reason: string }[] }).unableToCheck.map((u) => u.reason).join('\n');
    };
    // vfio-pci built in (=y): no initramfs configuration is needed to load it early.
    expect(unable()).not.toContain('no initramfs configuration was given');
    rmSync(join(root, 'proc/config.gz'));
    try {
      expect(unable()).toContain('no initramfs configuration was given');
    } finally {
      writeFileSync(join(root, 'proc/config.gz'), gzipSync(CONFIG));
    }
  });

  // A sysroot is anyone's: 4 MB of gzip (what is read of /proc/config.gz) can inflate to gigabytes; 1 MB of it that
  // inflates to 1 GB took a report to 2.1 GB of memory. A real config is a few hundred KB.
  it('is not inflated past the cap of a plain config file (a gzip bomb in a sysroot)', async () => {
    const bomb = join(mkdtempSync(join(tmpdir(), 'vfd-kconfig-bomb-')), 'root');
    mkdirSync(join(bomb, 'proc'), { recursive: true });
    writeFileSync(join(bomb, 'proc/version'), 'Linux version 6.11.5-arch1-1 (builder@buildhost) #1 SMP PREEMPT_DYNAMIC\n');
    writeFileSync(join(bomb, 'proc/config.gz'), gzipSync(Buffer.concat([Buffer.from(CONFIG), Buffer.alloc(17 * 1024 * 1024, '#')])));
    try {
      expect((await collectHost({ root: bomb })).find((s) => s.kind === 'kconfig')).toBeUndefined();
      // Just under the cap it is read as usual.
      writeFileSync(join(bomb, 'proc/config.gz'), gzipSync(Buffer.concat([Buffer.from(CONFIG), Buffer.alloc(15 * 1024 * 1024, '#')])));
      expect((await collectHost({ root: bomb })).find((s) => s.kind === 'kconfig')?.text).toContain('CONFIG_VFIO_PCI=y');
    } finally {
      rmSync(join(bomb, '..'), { recursive: true, force: true });
    }
  });

  it('prefers /boot/config-<release>', async () => {
    mkdirSync(join(root, 'boot'), { recursive: true });
    writeFileSync(join(root, 'boot/config-6.11.5-arch1-1'), CONFIG.replace('CONFIG_VFIO_PCI=y', 'CONFIG_VFIO_PCI=m'));
    const kconfig = (await collectHost({ root })).find((s) => s.kind === 'kconfig');
    expect(kconfig?.source).toBe('/boot/config-6.11.5-arch1-1');
    expect(kconfig?.text).toContain('CONFIG_VFIO_PCI=m');
    rmSync(join(root, 'boot'), { recursive: true });
  });
});
