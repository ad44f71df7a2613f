// Two runs at once: the lock (wait, or say who holds it; stale ones taken over), re-checks before writing, backup names.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { diagnose } from '../../src/index';
import { prepare } from '../../src/apply/prepare';
import { applyPrepared } from '../../src/apply/apply';
import { sysrootApplyIO } from '../../src/apply/fs-io';
import { readHistory, nextEntryName, makeEntryDir } from '../../src/apply/history';
import { acquireLock } from '../../src/apply/lock';
import { Refusal } from '../../src/apply/refusal';
import type { CliIO } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import type { Fix } from '../../src/schema/fix';
import { fixturePath } from '../harness';
import { cli } from '../cli-helpers';
import { copySysroot, snapshot } from './tree';

const now = new Date('2026-11-25T12:00:00Z');
const GRUB = 'vfio-pci-builtin-modprobe-ignored/grub';

async function fixesOf(host: string): Promise<Fix[]> {
  return diagnose(await collectHost({ root: fixturePath(`sysroots/${host}`) }), { live: true }).findings.flatMap((f) => f.fixes);
}

/** A terminal whose answer the test gives later: the run sits at its prompt, holding the lock, until then. */
function heldAtPrompt(): { io: CliIO; asked: Promise<void>; answer: (a: string) => void; out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  let answer!: (a: string) => void;
  let asked!: () => void;
  const askedP = new Promise<void>((r) => (asked = r));
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: () => Buffer.alloc(0),
    stdoutIsTTY: true,
    stdinIsTTY: true,
    columns: 100,
    env: {},
    ask: () => {
      asked();
      return new Promise<string>((r) => (answer = r));
    },
  };
  return { io, asked: askedP, answer: (a) => answer(a), out: () => stdout, err: () => stderr };
}

describe('two runs at once', () => {
  it('two applies of different fixes at the same time: one waits, both land, the history is in order, undo unwinds both', async () => {
    // Two fixes that both write files (arch-systemd-boot's IOMMU fix is a manual loader-entry edit since it boots a
    // hand-written entry), touching different files of one host.
    const root = copySysroot(fixturePath('sysroots/amd-nvidia-bound'));
    const original = snapshot(root);
    const [a, b] = await Promise.all([
      cli(['fix', 'amd-iommu-on-noop/grub', '--apply', '--yes', '--root', root]),
      cli(['fix', 'gpu-bound-to-host-driver/modprobe-mkinitcpio', '--apply', '--yes', '--root', root]),
    ]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const h = await readHistory(sysrootApplyIO(root));
    expect(h.map((e) => e.manifest.state)).toEqual(['applied', 'applied']);
    expect(h.map((e) => e.manifest.fixId).sort()).toEqual(['amd-iommu-on-noop/grub', 'gpu-bound-to-host-driver/modprobe-mkinitcpio']);
    // No lost update: both changes are in the files.
    expect(readFileSync(join(root, 'etc/default/grub'), 'utf8')).not.toContain('amd_iommu=on');
    expect(existsSync(join(root, 'etc/modprobe.d/vfio.conf'))).toBe(true);
    for (let i = 0; i < 2; i++) expect((await cli(['undo', '--yes', '--root', root])).code).toBe(0);
    expect(snapshot(root)).toEqual(original);
  });

  it('the same fix twice at once: one applies, the other finds nothing to change', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const rs = await Promise.all([1, 2, 3].map(() => cli(['fix', GRUB, '--apply', '--yes', '--root', root])));
    expect(rs.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, ''], [0, '']]);
    expect(rs.filter((r) => r.stdout.includes('Edited /etc/default/grub'))).toHaveLength(1);
    expect(rs.filter((r) => r.stdout.includes('Nothing was changed.'))).toHaveLength(2);
    expect((await readHistory(sysrootApplyIO(root))).map((e) => e.manifest.state)).toEqual(['applied']);
  });

  it('a run waiting at its prompt holds the lock: a second one says who holds it (exit 3), then the first goes on', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const first = heldAtPrompt();
    const p = run(['fix', GRUB, '--apply', '--root', root], first.io);
    await first.asked;
    const second = await cli(['undo', '--yes', '--root', root], { env: { VFIO_DOCTOR_LOCK_WAIT_MS: '200' } });
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(new RegExp(`^vfio-doctor: another vfio-doctor \\(pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) is applying or undoing a change on ${root}; nothing was changed — try again when it has finished\\n$`));
    const third = await cli(['fix', GRUB, '--apply', '--yes', '--root', root], { env: { VFIO_DOCTOR_LOCK_WAIT_MS: '100' } });
    expect(third.code).toBe(3);
    first.answer('y');
    expect(await p).toBe(0);
    expect(first.out()).toContain('Edited /etc/default/grub');
    expect((await readHistory(sysrootApplyIO(root))).map((e) => e.manifest.state)).toEqual(['applied']);
  });

  it('a lock left by a dead process (or unreadable) is taken over; a live one is waited for', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    mkdirSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, mode: 0o700 });
    const lock = join(root, 'var/backups/vfio-doctor/.lock');
    writeFileSync(lock, JSON.stringify({ pid: 999_999, since: '2026-11-25T11:00:00.000Z', nonce: 'dead' }));
    const io = sysrootApplyIO(root, { pidAlive: (pid) => pid !== 999_999 });
    const l = await acquireLock(io, { waitMs: 0 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await expect(acquireLock(io, { waitMs: 50 })).rejects.toBeInstanceOf(Refusal);
    await l.release();
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, 'garbage');
    const l2 = await acquireLock(io, { waitMs: 0 });
    await l2.release();
    expect(readdirSync(join(root, 'var/backups/vfio-doctor'))).toEqual([]);
  });

  it('a file edited between reading and writing is not overwritten: the apply is rolled back (exit 3)', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const io = sysrootApplyIO(root);
    const fix = (await fixesOf('ubuntu-builtin-vfio')).find((f) => f.id === GRUB)!;
    const p = await prepare(fix, io);
    writeFileSync(join(root, 'etc/default/grub'), 'GRUB_CMDLINE_LINUX_DEFAULT="edited meanwhile"\n');
    const r = await applyPrepared(p, io, { now, version: 'test' });
    expect(r.ok).toBe(false);
    expect(r.failure).toBe('/etc/default/grub changed after it was read (someone edited it meanwhile)');
    expect(readFileSync(join(root, 'etc/default/grub'), 'utf8')).toBe('GRUB_CMDLINE_LINUX_DEFAULT="edited meanwhile"\n');
    expect((await readHistory(io)).pop()?.manifest.state).toBe('rolled-back');
    // The same through the command line: edited while the question is asked.
    const root2 = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const t = heldAtPrompt();
    const run2 = run(['fix', GRUB, '--apply', '--root', root2], t.io);
    await t.asked;
    writeFileSync(join(root2, 'etc/default/grub'), 'GRUB_CMDLINE_LINUX_DEFAULT="edited meanwhile"\n');
    t.answer('y');
    expect(await run2).toBe(3);
    expect(t.err()).toMatch(/vfio-doctor: vfio-pci-builtin-modprobe-ignored\/grub was not applied: \/etc\/default\/grub changed after it was read \(someone edited it meanwhile\); the files were rolled back, nothing is changed\n$/);
    expect(t.err()).not.toMatch(/internal error/);
  });
});

describe('backup folder names', () => {
  it('are unique and sort in time order, even in the same millisecond or when the clock goes back', async () => {
    const a = nextEntryName([], now, 'x/y');
    expect(a).toBe('20261125T120000.000Z-000-x_y');
    const b = nextEntryName([a], now, 'a/b');
    expect(b).toBe('20261125T120000.000Z-001-a_b');
    const c = nextEntryName([a, b], new Date('2026-11-25T11:00:00Z'), 'z');
    expect(c).toBe('20261125T120000.000Z-002-z');
    const d = nextEntryName([a, b, c], new Date('2026-11-25T12:00:00.001Z'), 'z');
    expect([a, b, c, d]).toEqual([a, b, c, d].sort());
    expect(new Set([a, b, c, d]).size).toBe(4);
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const io = sysrootApplyIO(root);
    await io.mkdir(io.backupRoot, 0o700);
    const dirs = [];
    for (let i = 0; i < 5; i++) dirs.push(await makeEntryDir(io, now, 'same/fix'));
    expect(new Set(dirs).size).toBe(5);
    expect([...dirs].sort()).toEqual(dirs);
    // A folder someone made meanwhile under the next name is not reused, and an existing folder is not an error.
    mkdirSync(join(root, io.backupRoot, nextEntryName(readdirSync(join(root, io.backupRoot)), now, 'same/fix')));
    expect(await io.mkdir(io.backupRoot, 0o700)).toBe(false);
    const next = await makeEntryDir(io, now, 'same/fix');
    expect(readdirSync(join(root, io.backupRoot)).sort().pop()).toBe(next.split('/').pop());
  });
});
