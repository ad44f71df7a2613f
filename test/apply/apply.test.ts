// apply/ on sysroot copies of every fixture host: dry run, exact writes, idempotence, rollback, undo, link safety.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, symlinkSync, rmSync, mkdtempSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { diagnose } from '../../src/index';
import { prepare } from '../../src/apply/prepare';
import { applyPrepared } from '../../src/apply/apply';
import { sysrootApplyIO, WriteRefused } from '../../src/apply/fs-io';
import { planUndo, undo } from '../../src/apply/undo';
import { readHistory } from '../../src/apply/history';
import type { ApplyIO } from '../../src/apply/io';
import type { Fix } from '../../src/schema/fix';
import { fixturePath } from '../harness';
import { copySysroot, snapshot, changedPaths } from './tree';

const HOSTS = ['seed-identical-3090ti', 'amd-nvidia-bound', 'proxmox-systemd-boot', 'ubuntu-builtin-vfio', 'fedora-grubby-dracut', 'arch-systemd-boot', 'virtual-machine', 'healthy-rx6800'];
const now = new Date('2026-11-25T12:00:00Z');

async function fixesOf(host: string): Promise<Fix[]> {
  const r = diagnose(await collectHost({ root: fixturePath(`sysroots/${host}`) }), { live: true });
  return r.findings.flatMap((f) => f.fixes);
}

describe('every offered fix on its host type', () => {
  for (const host of HOSTS) {
    it(`${host}: applies exactly the planned bytes, is idempotent, and undoes byte for byte`, async () => {
      const fixes = await fixesOf(host);
      for (const fix of fixes) {
        const root = copySysroot(fixturePath(`sysroots/${host}`));
        const io = sysrootApplyIO(root);
        const original = snapshot(root);
        const withDirs = snapshot(root, { dirs: true });
        const p = await prepare(fix, io);
        expect(snapshot(root, { dirs: true }), `${fix.id}: preparing (the dry run) changes nothing, not even a folder`).toEqual(withDirs);
        const r = await applyPrepared(p, io, { now, version: 'test' });
        expect(r.ok, fix.id).toBe(true);
        const after = snapshot(root);
        expect(changedPaths(original, after), fix.id).toEqual(p.changes.map((c) => c.path).sort());
        for (const c of p.changes) expect(readFileSync(join(root, c.path), 'utf8'), `${fix.id} ${c.path}`).toBe(c.after);
        for (const c of p.changes.filter((x) => !x.existed)) expect(snapshot(root).get(c.path)!.split(' ')[0], c.path).toBe(c.mode.toString(8));
        // Commands are listed, not run, on a sysroot: a domain's validate and define (from the backup folder) first.
        const define = (d: { name: string }) => `${r.backupDir}/libvirt-${d.name.replace(/[^\w.-]/g, '_')}.new.xml`;
        expect(r.notRun).toEqual([...p.domains.flatMap((d) => [['virt-xml-validate', define(d), 'domain'], ['virsh', 'define', define(d)]]), ...p.commands]);
        const second = await prepare(fix, io);
        expect(second.changes, `${fix.id}: a second apply changes nothing`).toEqual([]);
        if (p.changes.length) {
          const plan = await planUndo(io);
          expect(plan.entry?.manifest.fixId).toBe(fix.id);
          expect(plan.changedSince).toEqual([]);
          await undo(io, plan.entry!);
          expect(snapshot(root), `${fix.id}: undo restores the tree`).toEqual(original);
          expect((await readHistory(io)).pop()?.manifest.state).toBe('undone');
        }
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('covers GRUB, GRUB+BLS, systemd-boot and Proxmox boot loaders and every initramfs generator in the fixtures', async () => {
    const ids = (await Promise.all(HOSTS.map(fixesOf))).flat().map((f) => f.id);
    for (const v of ['/grub', '/grub-bls', '/systemd-boot', '/proxmox-boot-tool', 'initramfs-tools', 'mkinitcpio', 'dracut']) expect(ids.some((i) => i.includes(v)), v).toBe(true);
  });
});

describe('safety', () => {
  const gpuFix = async (host: string) => (await fixesOf(host)).find((f) => f.id.startsWith('vfio-pci-builtin-modprobe-ignored/'))!;

  it('rolls the files back when a command fails', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const base = sysrootApplyIO(root);
    const failing: ApplyIO = { ...base, run: async () => ({ exitCode: 1, missing: false, tail: '/usr/sbin/grub-mkconfig: error: syntax error' }) };
    const original = snapshot(root);
    const fix = await gpuFix('ubuntu-builtin-vfio');
    const r = await applyPrepared(await prepare(fix, failing), failing, { now, version: 'test' });
    expect(r.ok).toBe(false);
    expect(r.failure).toMatch(/update-grub failed \(exit 1\): \/usr\/sbin\/grub-mkconfig: error: syntax error/);
    expect(r.log.join('\n')).toMatch(/Rolled back 1 file/);
    expect(snapshot(root)).toEqual(original);
    expect((await readHistory(base)).pop()?.manifest.state).toBe('rolled-back');
  });

  it('does not write through a symlink that points outside the sysroot', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const outside = join(mkdtempSync(join(tmpdir(), 'vfd-outside-')), 'grub');
    writeFileSync(outside, 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
    rmSync(join(root, 'etc/default/grub'));
    symlinkSync(outside, join(root, 'etc/default/grub'));
    const io = sysrootApplyIO(root);
    const fix = await gpuFix('ubuntu-builtin-vfio');
    await expect(prepare(fix, io)).rejects.toBeInstanceOf(WriteRefused);
    await expect(io.writeAtomic('/etc/default/grub', Buffer.from('x'), 0o644)).rejects.toBeInstanceOf(WriteRefused);
    expect(readFileSync(outside, 'utf8')).toBe('GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
  });

  it('refuses a folder link that leads outside the sysroot, and follows one that stays inside', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const escape = mkdtempSync(join(tmpdir(), 'vfd-escape-'));
    rmSync(join(root, 'etc/modprobe.d'), { recursive: true, force: true });
    symlinkSync(escape, join(root, 'etc/modprobe.d'));
    const io = sysrootApplyIO(root);
    await expect(io.writeAtomic('/etc/modprobe.d/vfio.conf', Buffer.from('softdep nvidia pre: vfio-pci\n'), 0o644)).rejects.toBeInstanceOf(WriteRefused);
    expect(existsSync(join(escape, 'vfio.conf'))).toBe(false);
    rmSync(join(root, 'etc/modprobe.d'));
    symlinkSync('../usr/lib/modprobe.d', join(root, 'etc/modprobe.d'));
    await expect(io.writeAtomic('/etc/modprobe.d/vfio.conf', Buffer.from('x\n'), 0o644)).rejects.toBeInstanceOf(WriteRefused);
    mkdirSync(join(root, 'usr/lib/modprobe.d'), { recursive: true });
    await io.writeAtomic('/etc/modprobe.d/vfio.conf', Buffer.from('x\n'), 0o644);
    expect(readFileSync(join(root, 'usr/lib/modprobe.d/vfio.conf'), 'utf8')).toBe('x\n');
  });

  it('refuses to edit a file outside the boot and module configuration', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const fix: Fix = { id: 'x/y', title: 't', recommended: true, needsReboot: false, needsInitramfs: false, warnings: [], steps: [{ kind: 'edit', path: '/etc/passwd', description: 'no', op: { type: 'append-lines', lines: ['evil'] } }] };
    await expect(prepare(fix, sysrootApplyIO(root))).rejects.toThrow(/not a boot or module configuration file/);
  });

  it('undo refuses when a file was edited after the change, so nobody loses work', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const io = sysrootApplyIO(root);
    const fix = await gpuFix('ubuntu-builtin-vfio');
    await applyPrepared(await prepare(fix, io), io, { now, version: 'test' });
    writeFileSync(join(root, 'etc/default/grub'), 'GRUB_CMDLINE_LINUX_DEFAULT="edited by hand"\n');
    expect((await planUndo(io)).changedSince).toEqual(['/etc/default/grub']);
  });
});
