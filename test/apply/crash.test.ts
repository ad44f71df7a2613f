// Crash safety: an apply (or undo) killed at every file-system step, then `undo` — the original bytes come back every time.
import { describe, it, expect } from 'vitest';
import { readdirSync, lstatSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { diagnose } from '../../src/index';
import { prepare } from '../../src/apply/prepare';
import { applyPrepared } from '../../src/apply/apply';
import { sysrootApplyIO, TEMP_RE, LOCK_TEMP_RE } from '../../src/apply/fs-io';
import { planUndo, undo } from '../../src/apply/undo';
import { scanHistory } from '../../src/apply/history';
import { withSession } from '../../src/apply/session';
import type { ApplyIO } from '../../src/apply/io';
import type { Fix } from '../../src/schema/fix';
import { fixturePath } from '../harness';
import { copySysroot, snapshot } from './tree';
import { killAt, noSyncOps } from './kill-ops';
import { cli } from '../cli-helpers';

const HOSTS = ['seed-identical-3090ti', 'amd-nvidia-bound', 'proxmox-systemd-boot', 'ubuntu-builtin-vfio', 'fedora-grubby-dracut', 'arch-systemd-boot', 'virtual-machine', 'healthy-rx6800'];
const now = new Date('2026-11-25T12:00:00Z');
/** The killed run's pid: dead by the time the next run looks (the next run's own pid is this process's). */
const DEAD_PID = 999_999;
const pidAlive = (pid: number) => pid !== DEAD_PID;

async function fixesOf(host: string): Promise<Fix[]> {
  const r = diagnose(await collectHost({ root: fixturePath(`sysroots/${host}`) }), { live: true });
  return r.findings.flatMap((f) => f.fixes).filter((f) => f.steps.some((s) => s.kind === 'edit' && s.op));
}

/** One whole apply as the CLI does it: lock, recovery, read, write. */
async function applyOnce(fix: Fix, io: ApplyIO): Promise<void> {
  await withSession(io, { create: true, waitMs: 0 }, async () => {
    await applyPrepared(await prepare(fix, io), io, { now, version: 'test' });
  });
}

/** `vfio-doctor undo` as a library call: finish an interrupted run, else undo the last applied change. */
async function undoOnce(io: ApplyIO): Promise<void> {
  await withSession(io, { create: false, waitMs: 0 }, async (rec) => {
    if (rec.restored) return;
    const plan = await planUndo(io);
    if (plan.entry) await undo(io, plan.entry);
  });
}

/** Nothing left behind: no temporary file anywhere, no lock, every backup folder has a manifest in a final state. */
async function expectClean(root: string, io: ApplyIO, what: string) {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (lstatSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [n]));
  expect(walk(root).filter((n) => TEMP_RE.test(n) || LOCK_TEMP_RE.test(n) || n.startsWith('.lock')), what).toEqual([]);
  const h = await scanHistory(io);
  expect(h.problems, what).toEqual([]);
  for (const e of h.entries) expect(['rolled-back', 'undone'], what).toContain(e.manifest.state);
}

describe('killed at every file-system step', () => {
  it('apply: undo afterwards restores the original bytes every time, and leaves nothing behind', async () => {
    let tried = 0;
    let fixes = 0;
    // Three fixes hold every kind of step the others take (one file edited; two created in a folder made for them; two
    // edited and a 0755 script created in two new folders); VFIO_DOCTOR_CRASH_ALL=1 runs every fix of every host.
    const SHAPES = /^(vfio-pci-builtin-modprobe-ignored\/grub|gpu-bound-to-host-driver\/modprobe-mkinitcpio|identical-gpus-id-collision\/override-initramfs-tools)$/;
    for (const host of process.env.VFIO_DOCTOR_CRASH_ALL ? HOSTS : ['seed-identical-3090ti', 'ubuntu-builtin-vfio', 'arch-systemd-boot']) {
      for (const fix of (await fixesOf(host)).filter((f) => process.env.VFIO_DOCTOR_CRASH_ALL || SHAPES.test(f.id))) {
        const root = copySysroot(fixturePath(`sysroots/${host}`));
        const original = snapshot(root);
        const count = killAt(Infinity);
        await applyOnce(fix, sysrootApplyIO(root, { ops: count.ops }));
        const steps = count.steps();
        fixes++;
        await undoOnce(sysrootApplyIO(root, { ops: noSyncOps }));
        rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
        // Every step of the run, until k is past its last one (the run then completes: undo it like the others).
        for (let k = 1; ; k++) {
          const killer = killAt(k);
          const dying = sysrootApplyIO(root, { ops: killer.ops, pid: DEAD_PID, pidAlive });
          const done = await applyOnce(fix, dying).then(
            () => true,
            (e) => {
              expect(killer.killed(), `${fix.id} k=${k}: ${(e as Error).message}`).toBe(true);
              return false;
            },
          );
          const io = sysrootApplyIO(root, { ops: noSyncOps, pidAlive });
          await undoOnce(io);
          const what = `${host} ${fix.id}: killed at step ${k} of ${steps} (${killer.trace[k - 1]})`;
          expect(snapshot(root), what).toEqual(original);
          await expectClean(root, io, what);
          rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
          if (done) break;
          tried++;
        }
        rmSync(root, { recursive: true, force: true });
      }
    }
    console.log(`crash test: ${tried} kill points over ${fixes} fixes, all survived`);
    expect(fixes).toBeGreaterThanOrEqual(3);
    expect(tried).toBeGreaterThan(150);
  }, 240_000);

  it('undo: killed at every step, the next undo finishes it', async () => {
    let tried = 0;
    for (const host of process.env.VFIO_DOCTOR_CRASH_ALL ? HOSTS : ['seed-identical-3090ti', 'ubuntu-builtin-vfio']) {
      for (const fix of (await fixesOf(host)).filter((f) => process.env.VFIO_DOCTOR_CRASH_ALL || /override-initramfs-tools|vfio-pci-builtin-modprobe-ignored\/grub$/.test(f.id))) {
        const root = copySysroot(fixturePath(`sysroots/${host}`));
        const original = snapshot(root);
        await applyOnce(fix, sysrootApplyIO(root, { ops: noSyncOps }));
        const applied = snapshot(root);
        const count = killAt(Infinity);
        await undoOnce(sysrootApplyIO(root, { ops: count.ops }));
        const steps = count.steps();
        expect(snapshot(root)).toEqual(original);
        for (let k = 1; k <= steps; k++) {
          rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
          await applyOnce(fix, sysrootApplyIO(root, { ops: noSyncOps }));
          expect(snapshot(root)).toEqual(applied);
          const killer = killAt(k);
          await expect(undoOnce(sysrootApplyIO(root, { ops: killer.ops, pid: DEAD_PID, pidAlive }))).rejects.toBeInstanceOf(Error);
          const io = sysrootApplyIO(root, { ops: noSyncOps, pidAlive });
          await undoOnce(io);
          const what = `${host} ${fix.id}: undo killed at step ${k} of ${steps} (${killer.trace[k - 1]})`;
          expect(snapshot(root), what).toEqual(original);
          await expectClean(root, io, what);
          tried++;
        }
        rmSync(root, { recursive: true, force: true });
      }
    }
    console.log(`crash test: ${tried} undo kill points, all survived`);
    expect(tried).toBeGreaterThan(20);
  }, 240_000);

  it('the CLI says what it recovered: an apply killed after its first file, then `undo`', async () => {
    const root = copySysroot(fixturePath('sysroots/seed-identical-3090ti'));
    const original = snapshot(root);
    const fix = (await fixesOf('seed-identical-3090ti')).find((f) => f.id === 'identical-gpus-id-collision/override-initramfs-tools')!;
    const count = killAt(Infinity);
    const io0 = sysrootApplyIO(root, { ops: count.ops });
    await applyOnce(fix, io0);
    const k = count.trace.findIndex((s) => s.startsWith('rename') && !s.includes('backups')) + 2; // just after the first target file is in place
    await undoOnce(sysrootApplyIO(root, { ops: noSyncOps }));
    rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
    await expect(applyOnce(fix, sysrootApplyIO(root, { ops: killAt(k).ops, pid: DEAD_PID, pidAlive }))).rejects.toBeInstanceOf(Error);
    expect(snapshot(root)).not.toEqual(original);
    const list = await cli(['undo', '--list', '--root', root]);
    expect(list.stdout).toMatch(/in-progress\s+identical-gpus-id-collision\/override-initramfs-tools/);
    const u = await cli(['undo', '--yes', '--root', root]);
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/The apply of identical-gpus-id-collision\/override-initramfs-tools \(.*\) was interrupted; its files are back as they were before it:/);
    expect(u.stdout).toContain('$ sudo update-initramfs -u -k all');
    expect(snapshot(root)).toEqual(original);
    expect(existsSync(join(root, 'var/backups/vfio-doctor/.lock'))).toBe(false);
  });

  it('the next apply, too, first rolls back an apply that was killed half-way, then applies', async () => {
    const root = copySysroot(fixturePath('sysroots/ubuntu-builtin-vfio'));
    const original = snapshot(root);
    const fix = (await fixesOf('ubuntu-builtin-vfio')).find((f) => f.id === 'vfio-pci-builtin-modprobe-ignored/grub')!;
    const count = killAt(Infinity);
    await applyOnce(fix, sysrootApplyIO(root, { ops: count.ops }));
    await undoOnce(sysrootApplyIO(root));
    rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
    // Killed just after the edited grub was renamed into place, before the manifest said "applied".
    const k = count.trace.findIndex((s) => s.startsWith('rename') && s.endsWith('/etc/default/grub')) + 2;
    await expect(applyOnce(fix, sysrootApplyIO(root, { ops: killAt(k).ops, pid: DEAD_PID, pidAlive }))).rejects.toBeInstanceOf(Error);
    expect(snapshot(root)).not.toEqual(original);
    const r = await cli(['fix', 'vfio-pci-builtin-modprobe-ignored/grub', '--apply', '--yes', '--root', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^The apply of vfio-pci-builtin-modprobe-ignored\/grub \(\/var\/backups\/vfio-doctor\/\S+\) was interrupted; its files are back as they were before it:\n  Restored \/etc\/default\/grub\n/);
    expect(r.stdout).toContain('Edited /etc/default/grub');
    const states = (await scanHistory(sysrootApplyIO(root))).entries.map((e) => [e.manifest.state, e.manifest.note]);
    expect(states).toEqual([
      ['rolled-back', 'the apply of vfio-pci-builtin-modprobe-ignored/grub was interrupted; finished by a later run'],
      ['applied', undefined],
    ]);
    expect((await cli(['undo', '--yes', '--root', root])).code).toBe(0);
    expect(snapshot(root)).toEqual(original);
  });

  it('killed twice: an apply killed half-way, then the run recovering it killed at every step; the third run restores', async () => {
    const root = copySysroot(fixturePath('sysroots/seed-identical-3090ti'));
    const original = snapshot(root);
    const fix = (await fixesOf('seed-identical-3090ti')).find((f) => f.id === 'identical-gpus-id-collision/override-initramfs-tools')!;
    // Once first, so the folders the fix makes exist (undo leaves them) and every later run takes the same steps.
    await applyOnce(fix, sysrootApplyIO(root, { ops: noSyncOps }));
    await undoOnce(sysrootApplyIO(root, { ops: noSyncOps }));
    rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
    const count = killAt(Infinity);
    await applyOnce(fix, sysrootApplyIO(root, { ops: count.ops }));
    await undoOnce(sysrootApplyIO(root, { ops: noSyncOps }));
    rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
    // Killed after its first file was in place (VFIO_DOCTOR_CRASH_ALL=1: also after its last, before "applied").
    const renames = count.trace.flatMap((s, i) => (s.startsWith('rename') ? [i + 2] : []));
    let tried = 0;
    for (const k of process.env.VFIO_DOCTOR_CRASH_ALL ? [renames[renames.length - 4]!, renames[renames.length - 2]!] : [renames[renames.length - 4]!]) {
      for (let j = 1; ; j++) {
        await expect(applyOnce(fix, sysrootApplyIO(root, { ops: killAt(k).ops, pid: DEAD_PID, pidAlive }))).rejects.toBeInstanceOf(Error);
        const second = killAt(j);
        const survived = await undoOnce(sysrootApplyIO(root, { ops: second.ops, pid: DEAD_PID, pidAlive })).then(() => true, () => false);
        const io = sysrootApplyIO(root, { ops: noSyncOps, pidAlive });
        await undoOnce(io);
        const what = `apply killed at ${k} (${count.trace[k - 1]}), recovery killed at ${j} (${second.trace[j - 1]})`;
        expect(snapshot(root), what).toEqual(original);
        await expectClean(root, io, what);
        rmSync(join(root, 'var/backups/vfio-doctor'), { recursive: true, force: true });
        if (survived) break;
        tried++;
      }
    }
    console.log(`crash test: ${tried} recovery kill points after a killed apply, all survived`);
    expect(tried).toBeGreaterThan(30);
  }, 120_000);
});
