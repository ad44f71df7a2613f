// Explicit modes whatever the umask: folders 0755, backups 0700 (files 0600), files exactly as the plan says.
import { describe, it, expect, afterEach } from 'vitest';
import { statSync, readdirSync, chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli-helpers';
import { fixturePath } from '../harness';
import { copySysroot, snapshot } from './tree';
import { liveApplyIO } from '../../src/apply/fs-io';

const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');
let saved: number | undefined;
afterEach(() => {
  if (saved !== undefined) process.umask(saved);
  saved = undefined;
});

describe('modes with umask 000', () => {
  it('the folders and files an apply creates, and the backups, have exactly their modes', async () => {
    saved = process.umask(0);
    const root = copySysroot(fixturePath('sysroots/seed-identical-3090ti'));
    const r = await cli(['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--apply', '--yes', '--boot-gpu-ok', '--root', root, '--gpu', '05:00.0']);
    expect(r.code).toBe(0);
    // Folders the fix made (init-top did not exist) and the backups.
    expect(mode(join(root, 'etc/initramfs-tools/scripts'))).toBe('0755');
    expect(mode(join(root, 'etc/initramfs-tools/scripts/init-top'))).toBe('0755');
    expect(mode(join(root, 'etc/initramfs-tools/scripts/init-top/00-vfio-override'))).toBe('0755');
    expect(mode(join(root, 'var/backups'))).toBe('0755');
    const backups = join(root, 'var/backups/vfio-doctor');
    expect(mode(backups)).toBe('0700');
    const [dir, ...rest] = readdirSync(backups);
    expect(rest).toEqual([]);
    expect(mode(join(backups, dir!))).toBe('0700');
    for (const f of readdirSync(join(backups, dir!))) expect(mode(join(backups, dir!, f)), f).toBe('0600');
    // Edited files keep their mode.
    expect(mode(join(root, 'etc/default/grub'))).toBe('0644');
    // And undo, also under umask 000, puts back the modes it saved.
    expect((await cli(['undo', '--yes', '--root', root])).code).toBe(0);
    expect(mode(join(root, 'etc/default/grub'))).toBe('0644');
  });

  it('the live I/O writes by descriptor: mode exact, folders 0755, nothing but the file left in its folder', async () => {
    saved = process.umask(0);
    const base = mkdtempSync(join(tmpdir(), 'vfd-live-'));
    const io = liveApplyIO();
    await io.writeAtomic(`${base}/new/deeper/file.conf`, Buffer.from('x\n'), 0o644);
    expect(mode(`${base}/new`)).toBe('0755');
    expect(mode(`${base}/new/deeper`)).toBe('0755');
    expect(mode(`${base}/new/deeper/file.conf`)).toBe('0644');
    await io.writeAtomic(`${base}/new/deeper/file.conf`, Buffer.from('y\n'), 0o755);
    expect(mode(`${base}/new/deeper/file.conf`)).toBe('0755');
    expect(readFileSync(`${base}/new/deeper/file.conf`, 'utf8')).toBe('y\n');
    expect(readdirSync(`${base}/new/deeper`)).toEqual(['file.conf']);
    // Undo's check walks every folder from /: the world-writable /tmp on the way is reported (no allowed path has one).
    expect(await io.checkPath(`${base}/new/deeper/file.conf`, (uid) => uid === 0)).toMatch(/the folder \/tmp is writable by group or others \(mode 1777\)$/);
    expect(await io.checkPath('/etc/hostname', (uid) => uid === 0)).toBeUndefined();
  });
});

describe('apply refuses files whose mode undo could not restore', () => {
  it('a group-writable /etc/default/grub: exit 3, one line, nothing changed', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    chmodSync(join(root, 'etc/default/grub'), 0o664);
    const before = snapshot(root);
    const r = await cli(['fix', 'vfio-pci-builtin-modprobe-ignored/grub', '--apply', '--yes', '--root', root]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('vfio-doctor: /etc/default/grub has mode 0664 (set-id, sticky or writable by group or others); vfio-doctor does not edit it — check who can write it (chmod 0644 /etc/default/grub), then apply again; nothing was changed\n');
    expect(snapshot(root)).toEqual(before);
  });
});
