// `vfio-doctor undo [--yes] [--list] [--force]`: restore the last applied change, or list the history.
import type { Args } from '../args';
import type { CliIO } from '../io';
import { commandLine } from '../../render/fix-text';
import { lockWaitMs } from '../apply-flow';
import { tr } from '../../i18n/lang';

const REGEN = /^(update-grub|grub2?-mkconfig|update-initramfs|mkinitcpio|dracut|proxmox-boot-tool|kernel-install|\/usr\/lib\/booster)/;

export async function undoCommand(args: Args, io: CliIO): Promise<number> {
  const [{ liveApplyIO, sysrootApplyIO }, { scanHistory }, { planUndo, undo }, { withSession }, { Refusal }] = await Promise.all([
    import('../../apply/fs-io'),
    import('../../apply/history'),
    import('../../apply/undo'),
    import('../../apply/session'),
    import('../../apply/refusal'),
  ]);
  // A typo in --root must not read as "nothing to undo".
  if (args.root) (await import('../sources')).checkRoot(args.root);
  const aio = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
  const out = (s: string) => io.stdout(`${s}\n`);
  if (args.list) {
    const h = await scanHistory(aio);
    if (!h.entries.length && !h.problems.length) out(tr(`No change has been applied on ${aio.label}.`, `${aio.label} 上没有应用过任何改动。`));
    for (const e of h.entries) out(`${e.manifest.createdAt}  ${e.manifest.state.padEnd(11)}  ${e.manifest.fixId}  (${[...e.manifest.files.map((f) => f.path), ...(e.manifest.domains ?? []).map((d) => `libvirt domain ${d.name}`)].join(', ')})`);
    for (const p of h.problems) out(`${p.dir}: ${p.problem}${p.kind === 'no-manifest' ? tr(' (the next apply or undo removes it)', '（下一次应用或撤销时会删除它）') : ''}`);
    return 0;
  }
  if (!args.root && aio.euid() !== 0) throw new Refusal(tr('undo restores system files and needs root: run `sudo vfio-doctor undo`; nothing was changed', '撤销要恢复系统文件，需要 root：请运行 `sudo vfio-doctor undo`；没有做任何改动'));
  const done = await withSession(aio, { waitMs: lockWaitMs(io.env), create: false, force: args.force }, async (recovery) => {
    for (const l of recovery.lines) out(l);
    // An interrupted apply or undo put right is this undo: the change before it stays until undo is run again.
    if (recovery.restored) return recovery.commands;
    const { problems } = await scanHistory(aio);
    const plan = await planUndo(aio);
    // Undo never skips over a change it cannot read: a newer folder with a broken manifest stops it.
    const newer = problems.find((p) => p.kind === 'invalid' && (!plan.entry || p.dir > plan.entry.dir));
    if (newer) throw new Refusal(tr(`not undoing: ${newer.dir}: ${newer.problem}; nothing was changed (move that folder away to undo older changes)`, `不撤销：${newer.dir}：${newer.problem}；没有做任何改动（把那个目录移走才能撤销更早的改动）`));
    if (!plan.entry) throw new Refusal(tr(`nothing to undo: no applied change is recorded in ${aio.backupRoot}`, `没有可撤销的改动：${aio.backupRoot} 中没有记录任何已应用的改动`));
    if (plan.problem) throw new Refusal(tr(`not restoring from ${plan.entry.dir}: ${plan.problem}; nothing was changed`, `不从 ${plan.entry.dir} 恢复：${plan.problem}；没有做任何改动`));
    const m = plan.entry.manifest;
    const what = [...m.files.map((f) => f.path), ...(m.domains ?? []).map((d) => tr(`libvirt domain ${d.name}`, `libvirt 域 ${d.name}`))];
    out(tr(`Undo ${m.fixId} (applied ${m.createdAt}): restores ${what.join(', ')}`, `撤销 ${m.fixId}（应用于 ${m.createdAt}）：恢复 ${what.join('、')}`));
    if (plan.changedSince.length && !args.force)
      throw new Refusal(
        tr(
          `${plan.changedSince.join(', ')} changed after ${m.fixId} was applied; undo would lose those edits, so nothing was changed (use --force to restore anyway: the edited copies are kept in ${plan.entry.dir})`,
          `${plan.changedSince.join('、')} 在应用 ${m.fixId} 之后又被改过；撤销会丢掉这些修改，所以没有做任何改动（用 --force 可强制恢复：改过的副本会保留在 ${plan.entry.dir}）`,
        ),
      );
    if (!args.yes) {
      if (!io.stdinIsTTY || !io.ask) throw new Refusal(tr('nothing restored: there is no terminal to confirm on; run again with --yes', '没有恢复任何文件：没有可以确认的终端；请加 --yes 再运行一次'));
      const a = (await io.ask(tr('Restore these files? [y/N] ', '恢复这些文件吗？[y/N] '))).trim().toLowerCase();
      if (a !== 'y' && a !== 'yes') throw new Refusal(tr('cancelled; nothing was changed', '已取消；没有做任何改动'));
    }
    for (const l of await undo(aio, plan.entry, { force: args.force })) out(l);
    return m.commands;
  });
  const regen = done.filter((c) => REGEN.test(c[0] ?? ''));
  if (regen.length) {
    out(tr('Re-run these so the boot files match again:', '请重新运行下面的命令，让引导文件与配置重新一致：'));
    for (const c of regen) out(`  $ sudo ${commandLine(c, false)}`);
  }
  return 0;
}
