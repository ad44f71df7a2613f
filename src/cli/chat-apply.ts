// The chat's `apply N`, after the user said yes there: the same guards, lock, backup and rollback as `fix ID --apply`.
import type { Args } from './args';
import type { ApplyFix } from '../ui/types';
import { refuseReason } from './apply-flow';
import { commandLine } from '../render/fix-text';
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
        if (r.ok && p.reboot) lines.push('Reboot for it to take effect; if the screen stays black, pick the previous boot entry and run vfio-doctor undo.');
        return { ok: r.ok, lines };
      });
    } catch (e) {
      const { Unfinished } = await import('../apply/refusal');
      return { ok: false, lines: [e instanceof Unfinished ? errorMessage(e) : `Nothing was changed: ${errorMessage(e)}`] };
    }
  };
}
