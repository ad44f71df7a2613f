// Undo trusts nothing it reads back: every edit of a manifest (or its folder) that could make root write or delete
// elsewhere is refused with one line and exit 3, and nothing changes.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, chmodSync, chownSync, symlinkSync, rmSync, mkdtempSync, readdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli-helpers';
import { fixturePath } from '../harness';
import { copySysroot, snapshot } from './tree';
import { sha256 } from '../../src/apply/manifest';

const FIX = 'vfio-pci-builtin-modprobe-ignored/grub';
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\n';

let template: string | undefined;

/** A sysroot with one applied change (a copy of one made once); returns its backup folder and manifest path. */
async function applied(): Promise<{ root: string; dir: string; manifest: string; edit: (f: (m: any) => void) => void; before: Map<string, string> }> {
  if (!template) {
    template = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    writeFileSync(join(template, 'etc/passwd'), PASSWD);
    const r = await cli(['fix', FIX, '--apply', '--yes', '--root', template]);
    expect(r.code).toBe(0);
  }
  const root = copySysroot(template);
  const backups = join(root, 'var/backups/vfio-doctor');
  const dir = join(backups, readdirSync(backups).filter((n) => !n.startsWith('.'))[0]!);
  const manifest = join(dir, 'manifest.json');
  const edit = (f: (m: any) => void) => {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    f(m);
    writeFileSync(manifest, JSON.stringify(m));
  };
  return { root, dir, manifest, edit, before: snapshot(root) };
}

async function expectRefused(root: string, before: Map<string, string>, why: RegExp) {
  const u = await cli(['undo', '--yes', '--root', root]);
  expect(u.code).toBe(3);
  expect(u.stderr).toMatch(why);
  expect(u.stderr.trim().split('\n')).toHaveLength(1);
  expect(u.stderr).not.toMatch(/internal error/);
  expect(snapshot(root)).toEqual(before);
  expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toBe(PASSWD);
}

describe('undo refuses a manifest it cannot trust', () => {
  it('a path off the allow-list (/etc/passwd, mode 04777): not written', async () => {
    const { root, edit, before } = await applied();
    edit((m) => {
      m.files[0].path = '/etc/passwd';
      m.files[0].mode = 0o4777;
      m.files[0].sha256After = sha256(PASSWD);
    });
    await expectRefused(root, before, /^vfio-doctor: not restoring from \/var\/backups\/vfio-doctor\/\S+: \/etc\/passwd is not a boot or module configuration file vfio-doctor edits; nothing was changed\n$/);
  });

  it('existed:false naming a file that is not the change\'s: not deleted', async () => {
    const { root, edit, before } = await applied();
    edit((m) => {
      m.files = [{ path: '/etc/passwd', existed: false, mode: 0o644, sha256After: sha256(PASSWD) }];
    });
    await expectRefused(root, before, /\/etc\/passwd is not a boot or module configuration file/);
  });

  it('".." in a path, or a path that is not plain', async () => {
    for (const p of ['/etc/modprobe.d/../../etc/passwd.conf', '/etc/modprobe.d/./x.conf', '/etc//modprobe.d/x.conf', 'etc/modprobe.d/x.conf']) {
      const { root, edit, before } = await applied();
      edit((m) => {
        m.files[0].path = p;
      });
      await expectRefused(root, before, /is not a plain absolute path|is not a boot or module configuration file/);
    }
  });

  it('modes apply never writes: set-id, sticky, group/other-writable', async () => {
    for (const mode of [0o4755, 0o2755, 0o1755, 0o666, 0o775, 0o4777]) {
      const { root, edit, before } = await applied();
      edit((m) => {
        m.files[0].mode = mode;
      });
      await expectRefused(root, before, new RegExp(`/etc/default/grub has mode ${mode.toString(8).padStart(4, '0')}; apply only writes modes`));
    }
  });

  it('a backup name that is not a plain file name, an owner that is not root', async () => {
    for (const [change, why] of [
      [(m: any) => (m.files[0].backup = '../../../../etc/shadow'), /manifest\.json is not valid \(files\.0\.backup/],
      [(m: any) => (m.files[0].backup = '..'), /manifest\.json is not valid \(files\.0\.backup/],
      [(m: any) => (m.files[0].uid = 1000), /would be given to uid 1000, not root/],
      [(m: any) => (m.files[0].sha256Before = 'x'), /manifest\.json is not valid \(files\.0\.sha256Before/],
      [(m: any) => (m.extra = 1), /manifest\.json is not valid/],
    ] as const) {
      const { root, edit, before } = await applied();
      edit(change);
      await expectRefused(root, before, why);
    }
  });

  it('the manifest or its folder writable by others or owned by someone else; the target a link', async () => {
    const cases: [string, (x: Awaited<ReturnType<typeof applied>>) => void, RegExp][] = [
      ['manifest 0666', (x) => chmodSync(x.manifest, 0o666), /manifest\.json is writable by group or others \(mode 0666\)/],
      ['manifest owned by uid 1000', (x) => chownSync(x.manifest, 1000, 1000), /manifest\.json belongs to uid 1000, not root/],
      ['folder 0777', (x) => chmodSync(x.dir, 0o777), /is writable by group or others \(mode 0777\)/],
      ['backups root 0777', (x) => chmodSync(join(x.root, 'var/backups/vfio-doctor'), 0o777), /not using \/var\/backups\/vfio-doctor for backups: .* is writable by group or others/],
      ['/etc/default 0777', (x) => chmodSync(join(x.root, 'etc/default'), 0o777), /the folder \/etc\/default is writable by group or others/],
      [
        'the file a link out of the root',
        (x) => {
          const out = join(mkdtempSync(join(tmpdir(), 'vfd-out-')), 'grub');
          renameSync(join(x.root, 'etc/default/grub'), out);
          symlinkSync(out, join(x.root, 'etc/default/grub'));
        },
        /\/etc\/default\/grub is a symbolic link/,
      ],
      [
        'the backup a link',
        (x) => {
          const b = join(x.dir, 'etc__default__grub');
          rmSync(b);
          symlinkSync('/etc/hostname', b);
        },
        /the backup .*etc__default__grub is a symbolic link/,
      ],
    ];
    for (const [name, spoil, why] of cases) {
      const x = await applied();
      spoil(x);
      const before = snapshot(x.root);
      const u = await cli(['undo', '--yes', '--root', x.root]);
      expect(u.code, name).toBe(3);
      expect(u.stderr, name).toMatch(why);
      expect(u.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(snapshot(x.root), name).toEqual(before);
    }
  });

  it('an untouched manifest still undoes, and a folder without a manifest is explained, then removed', async () => {
    const { root, dir } = await applied();
    const stray = join(root, 'var/backups/vfio-doctor/20261125T110000.000Z-000-killed_early');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(stray, { mode: 0o700 });
    writeFileSync(join(stray, 'etc__default__grub'), 'copy\n');
    const list = await cli(['undo', '--list', '--root', root]);
    expect(list.stdout).toContain(`${'/var/backups/vfio-doctor/20261125T110000.000Z-000-killed_early'}: no manifest.json: an apply stopped before it changed any file (the next apply or undo removes it)`);
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/Removed \/var\/backups\/vfio-doctor\/20261125T110000\.000Z-000-killed_early: an apply stopped there before it changed any file \(it had saved 1 backup\(s\), no manifest yet\)/);
    expect(u.stdout).toContain('Restored /etc/default/grub');
    expect(readdirSync(join(root, 'var/backups/vfio-doctor'))).toEqual([dir.split('/').pop()]);
    expect(statSync(join(root, 'var/backups/vfio-doctor')).mode & 0o777).toBe(0o700);
  });
});
