// The chat's `apply N`, after the user said yes there: the same guards, lock, backup and rollback as `fix ID --apply`.
import type { Args } from './args';
import type { ApplyFix, UndoLast } from '../ui/types';
import { refuseReason } from './apply-flow';
import { commandLine } from '../render/fix-text';
import { recoveryAdvice } from '../render/recovery';
import { VERSION } from '../version';
import { errorMessage } from '../text/error-message';

export function chatApplier(args: Args): ApplyFix {
  return async (fix, ctx) => {
    const [{ prepare }, { applyPrepared }, { liveApplyIO, sysrootApplyIO }, { withSession }] = await Promise.all([import('../apply/prepare'), import('../apply/apply'), import('../apply/fs-io'), import('../apply/session')]);
    const io = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
    const source = { sources: [], source: ctx.report.source.kind === 'bundle' ? { kind: 'bundle' as const } : { kind: ctx.report.source.kind }, live: ctx.live };
    const refused = refuseReason(fix, args, source, io.euid());
    if (refused) return { ok: false, lines: [`Nothing was changed: ${refused.replace(/--boot-gpu-ok/, '--boot-gpu-ok on the command line (vfio-doctor fix ID --apply --boot-gpu-ok)')}`] };
    try {
      return await withSession(io, { create: true }, async (recovery) => {
        const p = await prepare(fix, io);
        const output: string[] = [];
        const r = await applyPrepared(p, io, { now: new Date(), version: VERSION, onOutput: (l) => output.push(l) });
        const lines = [...recovery.lines, ...r.log, ...output.slice(-5).map((l) => `  ${l}`)];
        if (!r.ok) lines.push(`Not applied: ${r.failure}; ${r.backupDir ? 'the files were rolled back, nothing is changed' : 'nothing was changed'}.`);
        if (r.notRun.length) lines.push(`Not run on a sysroot: ${r.notRun.map((c) => commandLine(c, true)).join('; ')}`);
        if (r.ok && r.backupDir) lines.push(`Backup: ${r.backupDir} — undo with: vfio-doctor undo${args.root ? ` --root ${args.root}` : ''}`);
        if (r.ok && p.reboot) lines.push(recoveryAdvice(fix));
        return { ok: r.ok, lines };
      });
    } catch (e) {
      const { Unfinished } = await import('../apply/refusal');
      return { ok: false, lines: [e instanceof Unfinished ? errorMessage(e) : `Nothing was changed: ${errorMessage(e)}`] };
    }
  };
}

/**
 * The chat's `undo`, after the user said yes there: `vfio-doctor undo --yes` (never --force: files edited since the
 * change are not overwritten from the chat), its lines for the transcript.
 */
export function chatUndoer(args: Args): UndoLast {
  return async () => {
    const [{ liveApplyIO, sysrootApplyIO }, { scanHistory }, { planUndo, undo }, { withSession }] = await Promise.all([import('../apply/fs-io'), import('../apply/history'), import('../apply/undo'), import('../apply/session')]);
    const io = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
    if (!args.root && io.euid() !== 0) return { ok: false, lines: ['Nothing was changed: undo restores system files and needs root; run sudo vfio-doctor undo'] };
    try {
      return await withSession(io, { create: false }, async (recovery) => {
        const lines = [...recovery.lines];
        if (recovery.restored) return { ok: true, lines };
        const { problems } = await scanHistory(io);
        const plan = await planUndo(io);
        const newer = problems.find((p) => p.kind === 'invalid' && (!plan.entry || p.dir > plan.entry.dir));
        if (newer) return { ok: false, lines: [...lines, `Not undoing: ${newer.dir}: ${newer.problem}; nothing was changed.`] };
        if (!plan.entry) return { ok: false, lines: [...lines, `Nothing to undo: no applied change is recorded in ${io.backupRoot}.`] };
        if (plan.problem) return { ok: false, lines: [...lines, `Not restoring from ${plan.entry.dir}: ${plan.problem}; nothing was changed.`] };
        const m = plan.entry.manifest;
        if (plan.changedSince.length) return { ok: false, lines: [...lines, `${plan.changedSince.join(', ')} changed after ${m.fixId} was applied; nothing was changed (sudo vfio-doctor undo --force restores anyway).`] };
        lines.push(`Undo ${m.fixId} (applied ${m.createdAt}): ${[...m.files.map((f) => f.path), ...(m.domains ?? []).map((d) => `libvirt domain ${d.name}`)].join(', ')}`, ...(await undo(io, plan.entry, { force: false })));
        const regen = m.commands.filter((c) => /^(update-grub|grub2?-mkconfig|update-initramfs|mkinitcpio|dracut|proxmox-boot-tool|kernel-install)/.test(c[0] ?? ''));
        if (regen.length) lines.push(`Re-run so the boot files match again: ${regen.map((c) => `sudo ${commandLine(c, false)}`).join('; ')}`);
        return { ok: true, lines };
      });
    } catch (e) {
      return { ok: false, lines: [`Nothing was changed: ${errorMessage(e)}`] };
    }
  };
}
