// An adversary's review of apply/undo: things planted beside the files or in the backups that must not wedge, hang or
// turn a refusal into "internal error".
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../cli-helpers';
import { fixturePath } from '../harness';
import { copySysroot, snapshot } from './tree';

const FIX = 'vfio-pci-builtin-modprobe-ignored/grub';

let template: string | undefined;
/** A sysroot with one applied change (a copy of one made once). */
async function applied(): Promise<string> {
  if (!template) {
    template = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const r = await cli(['fix', FIX, '--apply', '--yes', '--root', template]);
    expect(r.code).toBe(0);
  }
  return copySysroot(template);
}
const original = readFileSync(fixturePath('sysroots/ubuntu-builtin-vfio/etc/default/grub'));
const entryDir = (root: string) => {
  const b = join(root, 'var/backups/vfio-doctor');
  return join(b, readdirSync(b).filter((n) => !n.startsWith('.'))[0]!);
};

describe('things named like our temporary files that are not ours to remove', () => {
  it('a folder named like a temp file beside the target: undo restores, leaves it alone, and does not wedge', async () => {
    const root = await applied();
    const planted = join(root, 'etc/default/.grub.vfio-doctor-deadbeef');
    mkdirSync(planted);
    writeFileSync(join(planted, 'keep'), 'x');
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.stderr).toBe('');
    expect(u.code).toBe(0);
    expect(readFileSync(join(root, 'etc/default/grub'))).toEqual(original);
    expect(readFileSync(join(entryDir(root), 'manifest.json'), 'utf8')).toMatch(/"state": "undone"/);
    expect(existsSync(join(planted, 'keep'))).toBe(true);
    // and the next apply is not blocked by it
    expect((await cli(['fix', FIX, '--apply', '--yes', '--root', root])).code).toBe(0);
  });

  it('a FIFO named like a temp file in the backups folder: neither opened (no hang) nor blocking every apply and undo', async () => {
    const root = await applied();
    const fifo = join(root, 'var/backups/vfio-doctor/.x.vfio-doctor-deadbeef');
    execFileSync('mkfifo', [fifo]);
    const before = snapshot(root);
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.stderr).toBe('');
    expect(u.code).toBe(0);
    expect(readFileSync(join(root, 'etc/default/grub'))).toEqual(original);
    expect(snapshot(root)).not.toEqual(before);
    expect(readdirSync(join(root, 'var/backups/vfio-doctor'))).toContain('.x.vfio-doctor-deadbeef');
  });
});
