// An adversary's review of apply/undo: things planted beside the files or in the backups that must not wedge, hang or
// turn a refusal into "internal error".
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../cli-helpers';
import { fixturePath } from '../harness';
import { copySysroot, snapshot } from './tree';
import { noSyncOps } from './kill-ops';
import type { FsOps } from '../../src/apply/fs-ops';
import { sysrootApplyIO } from '../../src/apply/fs-io';
import { withSession } from '../../src/apply/session';
import { prepare } from '../../src/apply/prepare';
import { applyPrepared } from '../../src/apply/apply';
import { Refusal, Unfinished } from '../../src/apply/refusal';
import { collectHost } from '../../src/collect/index';
import { diagnose } from '../../src/index';
import { sha256 } from '../../src/apply/manifest';
import { planUndo, undo } from '../../src/apply/undo';
import { ErrorReport } from '../../src/schema/error-report';

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

/** The real calls, but `call` on a path matching `where` fails with `code` (a full disk, a read-only mount, EACCES). */
function failing(call: 'create' | 'readFile' | 'mkdir' | 'rename', where: RegExp, code: string): FsOps {
  return {
    ...noSyncOps,
    [call]: async (p: string, ...rest: unknown[]) => {
      if (where.test(p)) throw Object.assign(new Error(`${code}: simulated, ${call} '${p}'`), { code });
      return (noSyncOps[call] as (...a: unknown[]) => unknown)(p, ...rest);
    },
  };
}

async function applyVia(root: string, ops: FsOps): Promise<unknown> {
  const fix = diagnose(await collectHost({ root }), { live: true })
    .findings.flatMap((f) => f.fixes)
    .find((f) => f.id === FIX)!;
  expect(fix).toBeDefined();
  const io = sysrootApplyIO(root, { ops });
  return withSession(io, { create: true, waitMs: 0 }, async () => {
    const r = await applyPrepared(await prepare(fix, io), io, { now: new Date(), version: 'test' });
    if (!r.ok) throw new Refusal(r.failure!);
  }).then(
    () => undefined,
    (e) => e,
  );
}

describe('a file-system error is a failed apply (exit 3, nothing changed), not "internal error"', () => {
  const cases: [string, FsOps][] = [
    ['the disk fills while the backup is saved', failing('create', /vfio-doctor\/2\d+T.*\.etc__default__grub\.vfio-doctor-/, 'ENOSPC')],
    ['the manifest cannot be written', failing('rename', /\.manifest\.json\.vfio-doctor-/, 'EIO')],
    ['the backups folder is on a read-only mount', failing('mkdir', /var\/backups\/vfio-doctor$/, 'EROFS')],
    ['the file to edit cannot be read', failing('readFile', /etc\/default\/grub$/, 'EACCES')],
  ];
  for (const [name, ops] of cases) {
    it(name, async () => {
      const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
      const before = snapshot(root);
      const e = await applyVia(root, ops);
      expect(e, name).toBeInstanceOf(Refusal);
      expect((e as Error).message).toMatch(/nothing (was|is) changed/);
      expect(snapshot(root)).toEqual(before);
      // and the next run is not disturbed by what the failed one left
      expect(await applyVia(root, noSyncOps)).toBeUndefined();
    });
  }

  it('the last manifest write fails after the files were written: exit 2 with the way out, and undo restores', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    let manifests = 0;
    const ops: FsOps = {
      ...noSyncOps,
      rename: async (a, b) => {
        if (b.endsWith('manifest.json') && ++manifests === 2) throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
        return noSyncOps.rename(a, b);
      },
    };
    const e = await applyVia(root, ops);
    expect(e).toBeInstanceOf(Unfinished);
    expect((e as Error).message).toMatch(/vfio-doctor undo/);
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.code).toBe(0);
    expect(readFileSync(join(root, 'etc/default/grub'))).toEqual(original);
  });
});

describe('apply refuses what undo would refuse', () => {
  it('a folder on the way that others can write (/etc/default 0777): exit 3, one line, nothing changed — not applied then never undoable', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    chmodSync(join(root, 'etc/default'), 0o777);
    const before = snapshot(root);
    const r = await cli(['fix', FIX, '--apply', '--yes', '--root', root]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^vfio-doctor: .*\/etc\/default is writable by group or others.*nothing was changed\n$/);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('the folders above the backups', () => {
  it('/var/backups writable by others (someone could swap the backups folder): apply and undo refuse, one line, exit 3', async () => {
    const root = await applied();
    chmodSync(join(root, 'var/backups'), 0o777);
    const before = snapshot(root);
    for (const argv of [['undo', '--yes', '--root', root], ['fix', 'vfio-pci-builtin-modprobe-ignored/grub', '--apply', '--yes', '--root', root]]) {
      const r = await cli(argv);
      expect(r.code, argv[0]).toBe(3);
      expect(r.stderr, argv[0]).toMatch(/^vfio-doctor: .*\/var\/backups is writable by group or others.*\n$/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshot(root)).toEqual(before);
  });
});

describe('an undo that stops half-way, with --json', () => {
  it('says "unfinished" (exit 2) with the way out, not "internal"', async () => {
    const root = await applied();
    const dir = entryDir(root);
    const created = '/etc/modprobe.d/zz-test.conf';
    writeFileSync(join(root, created), 'options vfio-pci ids=10de:1b80\n');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.state = 'in-progress';
    m.files.push({ path: created, existed: false, mode: 0o644, uid: 0, gid: 0, sha256After: sha256(readFileSync(join(root, created))) });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    writeFileSync(join(dir, m.files[0].backup), 'tampered\n'); // restored last: the created file is removed first
    const r = await cli(['undo', '--yes', '--json', '--root', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    const doc = ErrorReport.parse(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))));
    expect(doc.error.code).toBe('unfinished');
    expect(doc.error.message).toMatch(/does not match its checksum.*vfio-doctor undo/);
  });
});

describe('a lock left by a run the machine was rebooted under', () => {
  it('is stale even when its pid now belongs to another live process (pids are reused after a reboot)', async () => {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const lock = (root: string) => join(root, 'var/backups/vfio-doctor/.lock');
    const env = { VFIO_DOCTOR_LOCK_WAIT_MS: '0' };
    // The live pid of this test process, recorded in a boot that is not this one: taken over, undo goes on.
    const root = await applied();
    writeFileSync(lock(root), JSON.stringify({ pid: process.pid, since: '2026-11-25T11:00:00.000Z', nonce: 'old', boot: 'an-earlier-boot' }), { mode: 0o600 });
    const u = await cli(['undo', '--yes', '--root', root], { env });
    expect(u.stderr).toBe('');
    expect(u.code).toBe(0);
    expect(readFileSync(join(root, 'etc/default/grub'))).toEqual(original);
    // The same pid in this boot: still a live holder, waited for, then refused.
    const again = await applied();
    writeFileSync(lock(again), JSON.stringify({ pid: process.pid, since: '2026-11-25T11:00:00.000Z', nonce: 'live', boot: bootId }), { mode: 0o600 });
    const w = await cli(['undo', '--yes', '--root', again], { env });
    expect(w.code).toBe(3);
    expect(w.stderr).toMatch(new RegExp(`another vfio-doctor \\(pid ${process.pid}`));
  });
});

describe('undo --root with a typo', () => {
  it('says the folder does not exist (exit 2), not "nothing to undo"', async () => {
    for (const argv of [['undo', '--yes', '--root', '/nonexistent-vfd-root'], ['undo', '--list', '--root', '/nonexistent-vfd-root']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toBe('vfio-doctor: /nonexistent-vfd-root: no such directory\n');
    }
  });
});

describe('undo re-checks each file just before it writes it', () => {
  it('an edit that lands while undo runs (after it looked) is not overwritten', async () => {
    const root = await applied();
    const grub = join(root, 'etc/default/grub');
    const edited = `${readFileSync(grub, 'utf8')}GRUB_TIMEOUT=7\n`;
    let manifests = 0;
    // Someone saves the file right after undo has marked the change "undoing" (it had read the file before that).
    const ops: FsOps = {
      ...noSyncOps,
      rename: async (a, b) => {
        await noSyncOps.rename(a, b);
        if (b.endsWith('manifest.json') && ++manifests === 1) writeFileSync(grub, edited);
      },
    };
    const io = sysrootApplyIO(root, { ops });
    const e = await withSession(io, { create: false, waitMs: 0 }, async () => {
      const plan = await planUndo(io);
      await undo(io, plan.entry!);
    }).then(
      () => undefined,
      (x) => x,
    );
    expect(readFileSync(grub, 'utf8')).toBe(edited);
    expect(e).toBeInstanceOf(Refusal);
  });
});

describe('a huge manifest', () => {
  it('is not read into memory: named too large, undo refuses in one line (exit 3)', async () => {
    const root = await applied();
    const file = join(entryDir(root), 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.title = 'x'.repeat(2 * 1024 * 1024);
    writeFileSync(file, JSON.stringify(m));
    const l = await cli(['undo', '--list', '--root', root]);
    expect(l.stdout).toMatch(/manifest\.json is too large/);
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.code).toBe(3);
    expect(u.stderr).toMatch(/^vfio-doctor: not undoing: .*manifest\.json is too large.*\n$/);
  });
});
