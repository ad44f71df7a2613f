// The chat's `apply N`, after the user said yes there: the same guards, lock, backup and rollback as `fix ID --apply`.
import type { Args } from './args';
import type { ApplyFix, UndoLast } from '../ui/types';
import { refuseReason } from './apply-flow';
import { commandLine } from '../render/fix-text';
import { recoveryAdvice } from '../render/recovery';
import { VERSION } from '../version';
import { errorMessage } from '../text/error-message';
import { tr } from '../i18n/lang';

export function chatApplier(args: Args): ApplyFix {
  return async (fix, ctx) => {
    const [{ prepare }, { applyPrepared }, { liveApplyIO, sysrootApplyIO }, { withSession }] = await Promise.all([import('../apply/prepare'), import('../apply/apply'), import('../apply/fs-io'), import('../apply/session')]);
    const io = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
    const source = { sources: [], source: ctx.report.source.kind === 'bundle' ? { kind: 'bundle' as const } : { kind: ctx.report.source.kind }, live: ctx.live };
    const refused = refuseReason(fix, args, source, io.euid());
    if (refused) return { ok: false, lines: [tr(`Nothing was changed: ${refused.replace(/--boot-gpu-ok/, '--boot-gpu-ok on the command line (vfio-doctor fix ID --apply --boot-gpu-ok)')}`, `没有做任何改动：${refused.replace(/--boot-gpu-ok/, '--boot-gpu-ok(在命令行：vfio-doctor fix ID --apply --boot-gpu-ok)')}`)] };
    try {
      return await withSession(io, { create: true }, async (recovery) => {
        const p = await prepare(fix, io);
        const output: string[] = [];
        const r = await applyPrepared(p, io, { now: new Date(), version: VERSION, onOutput: (l) => output.push(l) });
        const lines = [...recovery.lines, ...r.log, ...output.slice(-5).map((l) => `  ${l}`)];
        if (!r.ok) lines.push(tr(`Not applied: ${r.failure}; ${r.backupDir ? 'the files were rolled back, nothing is changed' : 'nothing was changed'}.`, `没有应用：${r.failure}；${r.backupDir ? '文件已回滚，什么都没变' : '没有做任何改动'}。`));
        if (r.notRun.length) lines.push(`${tr('Not run on a sysroot: ', '系统根目录上没有运行：')}${r.notRun.map((c) => commandLine(c, true)).join('; ')}`);
        if (r.ok && r.backupDir) lines.push(`${tr('Backup: ', '备份：')}${r.backupDir}${tr(' — undo with: ', '；撤销：')}vfio-doctor undo${args.root ? ` --root ${args.root}` : ''}`);
        if (r.ok && p.reboot) lines.push(recoveryAdvice(fix));
        return { ok: r.ok, lines };
      });
    } catch (e) {
      const { Unfinished } = await import('../apply/refusal');
      return { ok: false, lines: [e instanceof Unfinished ? errorMessage(e) : `${tr('Nothing was changed: ', '没有做任何改动：')}${errorMessage(e)}`] };
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
    if (!args.root && io.euid() !== 0) return { ok: false, lines: [tr('Nothing was changed: undo restores system files and needs root; run sudo vfio-doctor undo', '没有做任何改动：撤销要恢复系统文件，需要 root；请运行 sudo vfio-doctor undo')] };
    try {
      return await withSession(io, { create: false }, async (recovery) => {
        const lines = [...recovery.lines];
        if (recovery.restored) return { ok: true, lines };
        const { problems } = await scanHistory(io);
        const plan = await planUndo(io);
        const newer = problems.find((p) => p.kind === 'invalid' && (!plan.entry || p.dir > plan.entry.dir));
        if (newer) return { ok: false, lines: [...lines, tr(`Not undoing: ${newer.dir}: ${newer.problem}; nothing was changed.`, `不撤销：${newer.dir}：${newer.problem}；没有做任何改动。`)] };
        if (!plan.entry) return { ok: false, lines: [...lines, tr(`Nothing to undo: no applied change is recorded in ${io.backupRoot}.`, `没有可撤销的改动：${io.backupRoot} 中没有记录任何已应用的改动。`)] };
        if (plan.problem) return { ok: false, lines: [...lines, tr(`Not restoring from ${plan.entry.dir}: ${plan.problem}; nothing was changed.`, `不从 ${plan.entry.dir} 恢复：${plan.problem}；没有做任何改动。`)] };
        const m = plan.entry.manifest;
        if (plan.changedSince.length) return { ok: false, lines: [...lines, tr(`${plan.changedSince.join(', ')} changed after ${m.fixId} was applied; nothing was changed (sudo vfio-doctor undo --force restores anyway).`, `${plan.changedSince.join('、')} 在应用 ${m.fixId} 之后又被改过；没有做任何改动（sudo vfio-doctor undo --force 可强制恢复）。`)] };
        const what = [...m.files.map((f) => f.path), ...(m.domains ?? []).map((d) => tr(`libvirt domain ${d.name}`, `libvirt 域 ${d.name}`))];
        lines.push(tr(`Undo ${m.fixId} (applied ${m.createdAt}): ${what.join(', ')}`, `撤销 ${m.fixId}（应用于 ${m.createdAt}）：${what.join('、')}`), ...(await undo(io, plan.entry, { force: false })));
        const regen = m.commands.filter((c) => /^(update-grub|grub2?-mkconfig|update-initramfs|mkinitcpio|dracut|proxmox-boot-tool|kernel-install)/.test(c[0] ?? ''));
        if (regen.length) lines.push(`${tr('Re-run so the boot files match again: ', '请重新运行，让引导文件与配置重新一致：')}${regen.map((c) => `sudo ${commandLine(c, false)}`).join('; ')}`);
        return { ok: true, lines };
      });
    } catch (e) {
      return { ok: false, lines: [`Nothing was changed: ${errorMessage(e)}`] };
    }
  };
}
