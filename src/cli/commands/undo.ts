// `vfio-doctor undo [--yes] [--list] [--force]`: restore the last applied change, or list the history.
import type { Args } from '../args';
import type { CliIO } from '../io';
import { commandLine } from '../../render/fix-text';
import { lockWaitMs } from '../apply-flow';

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
    if (!h.entries.length && !h.problems.length) out(`No change has been applied on ${aio.label}.`);
    for (const e of h.entries) out(`${e.manifest.createdAt}  ${e.manifest.state.padEnd(11)}  ${e.manifest.fixId}  (${[...e.manifest.files.map((f) => f.path), ...(e.manifest.domains ?? []).map((d) => `libvirt domain ${d.name}`)].join(', ')})`);
    for (const p of h.problems) out(`${p.dir}: ${p.problem}${p.kind === 'no-manifest' ? ' (the next apply or undo removes it)' : ''}`);
    return 0;
  }
  if (!args.root && aio.euid() !== 0) throw new Refusal('undo restores system files and needs root: run `sudo vfio-doctor undo`; nothing was changed');
  const done = await withSession(aio, { waitMs: lockWaitMs(io.env), create: false, force: args.force }, async (recovery) => {
    for (const l of recovery.lines) out(l);
    // An interrupted apply or undo put right is this undo: the change before it stays until undo is run again.
    if (recovery.restored) return recovery.commands;
    const { problems } = await scanHistory(aio);
    const plan = await planUndo(aio);
    // Undo never skips over a change it cannot read: a newer folder with a broken manifest stops it.
    const newer = problems.find((p) => p.kind === 'invalid' && (!plan.entry || p.dir > plan.entry.dir));
    if (newer) throw new Refusal(`not undoing: ${newer.dir}: ${newer.problem}; nothing was changed (move that folder away to undo older changes)`);
    if (!plan.entry) throw new Refusal(`nothing to undo: no applied change is recorded in ${aio.backupRoot}`);
    if (plan.problem) throw new Refusal(`not restoring from ${plan.entry.dir}: ${plan.problem}; nothing was changed`);
    const m = plan.entry.manifest;
    out(`Undo ${m.fixId} (applied ${m.createdAt}): restores ${[...m.files.map((f) => f.path), ...(m.domains ?? []).map((d) => `libvirt domain ${d.name}`)].join(', ')}`);
    if (plan.changedSince.length && !args.force)
      throw new Refusal(`${plan.changedSince.join(', ')} changed after ${m.fixId} was applied; undo would lose those edits, so nothing was changed (use --force to restore anyway: the edited copies are kept in ${plan.entry.dir})`);
    if (!args.yes) {
      if (!io.stdinIsTTY || !io.ask) throw new Refusal('nothing restored: there is no terminal to confirm on; run again with --yes');
      const a = (await io.ask('Restore these files? [y/N] ')).trim().toLowerCase();
      if (a !== 'y' && a !== 'yes') throw new Refusal('cancelled; nothing was changed');
    }
    for (const l of await undo(aio, plan.entry, { force: args.force })) out(l);
    return m.commands;
  });
  const regen = done.filter((c) => REGEN.test(c[0] ?? ''));
  if (regen.length) {
    out('Re-run these so the boot files match again:');
    for (const c of regen) out(`  $ sudo ${commandLine(c, false)}`);
  }
  return 0;
}
