// `fix ID --apply` and `undo` from the command line, on a sysroot copy: confirmation, guards, re-check, history.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli-helpers';
import { fixturePath } from '../harness';
import { copySysroot, snapshot } from './tree';

const FIX = 'vfio-pci-builtin-modprobe-ignored/grub';

describe('fix --apply', () => {
  it('shows the diff, asks, applies, re-checks and offers undo', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const r = await cli(['fix', FIX, '--apply', '--root', root], { tty: true, answers: ['y'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on iommu=pt vfio-pci.ids=10de:1b80,10de:10f0"');
    expect(r.stderr).toContain('Apply these changes? [y/N]');
    expect(r.stdout).toMatch(/Backed up 1 file to \/var\/backups\/vfio-doctor\/\d{8}T\d{6}\.\d{3}Z-000-vfio-pci-builtin-modprobe-ignored_grub/);
    expect(r.stdout).toContain('$ sudo update-grub');
    expect(r.stdout).toMatch(/applied, pending reboot\s+The passthrough GPU is owned by a host driver/);
    expect(r.stdout).toContain(`Undo with: vfio-doctor undo --root ${root}`);
    expect(readFileSync(join(root, 'etc/default/grub'), 'utf8')).toContain('vfio-pci.ids=10de:1b80,10de:10f0');

    const again = await cli(['fix', FIX, '--apply', '--yes', '--root', root]);
    expect(again.stdout).toContain('Files: nothing to change');
    expect(again.stdout).toContain('Nothing was changed.');

    const list = await cli(['undo', '--list', '--root', root]);
    expect(list.stdout).toMatch(/applied\s+vfio-pci-builtin-modprobe-ignored\/grub\s+\(\/etc\/default\/grub\)/);
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('Restored /etc/default/grub');
    expect(u.stdout).toContain('$ sudo update-grub');
    expect(snapshot(root)).toEqual(snapshot(fixturePath('sysroots/ubuntu-builtin-vfio')));
    const none = await cli(['undo', '--yes', '--root', root]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/nothing to undo/);
  });

  it('changes nothing when the answer is no, or when there is no terminal and no --yes: exit 3, one line', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const before = snapshot(root);
    const no = await cli(['fix', FIX, '--apply', '--root', root], { tty: true, answers: ['n'] });
    expect(no.code).toBe(3);
    expect(no.stderr).toMatch(/vfio-doctor: cancelled; nothing was changed\n$/);
    const pipe = await cli(['fix', FIX, '--apply', '--root', root]);
    expect(pipe.code).toBe(3);
    expect(pipe.stderr).toMatch(/no changes made: there is no terminal to confirm on; run again with --yes/);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses to apply a bundle from another machine', async () => {
    const r = await cli(['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--apply', '--yes', '--bundle', fixturePath('pastes/seed-identical-3090ti.txt')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/this input is a bundle or paste from another machine/);
  });

  it('asks for --boot-gpu-ok before handing the boot display to vfio-pci', async () => {
    const root = copySysroot(fixturePath('sysroots/seed-identical-3090ti'));
    const r = await cli(['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--apply', '--yes', '--root', root, '--gpu', '05:00.0']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/hands your boot display to vfio-pci.*--boot-gpu-ok/);
    const ok = await cli(['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--apply', '--yes', '--boot-gpu-ok', '--root', root, '--gpu', '05:00.0']);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(root, 'etc/initramfs-tools/scripts/init-top/00-vfio-override'), 'utf8')).toContain('for dev in 0000:05:00.0 0000:05:00.1; do');
  });
});
