// `vfio-doctor undo [--yes] [--list] [--force]`: restore the last applied change, or list the history.
import type { Args } from './args';
import { UsageError } from './args';
import type { CliIO } from './io';
import { commandLine } from '../render/fix-text';

export async function undoCommand(args: Args, io: CliIO): Promise<number> {
  const [{ liveApplyIO, sysrootApplyIO }, { readHistory }, { planUndo, undo }] = await Promise.all([import('../apply/fs-io'), import('../apply/history'), import('../apply/undo')]);
  const aio = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
  const out = (s: string) => io.stdout(`${s}\n`);
  if (args.list) {
    const h = await readHistory(aio);
    if (!h.length) out(`No change has been applied on ${aio.label}.`);
    for (const e of h) out(`${e.manifest.createdAt}  ${e.manifest.state.padEnd(11)}  ${e.manifest.fixId}  (${e.manifest.files.map((f) => f.path).join(', ')})`);
    return 0;
  }
  if (!args.root && aio.euid() !== 0) throw new UsageError('undo restores system files and needs root: run `sudo vfio-doctor undo`');
  const plan = await planUndo(aio);
  if (!plan.entry) throw new UsageError(`nothing to undo: no applied change is recorded in ${aio.backupRoot}`);
  const m = plan.entry.manifest;
  out(`Undo ${m.fixId} (applied ${m.createdAt}): restores ${m.files.map((f) => f.path).join(', ')}`);
  if (plan.changedSince.length && !args.force)
    throw new UsageError(`${plan.changedSince.join(', ')} changed after ${m.fixId} was applied; undo would lose those edits (use --force to restore anyway, from ${plan.entry.dir})`);
  if (!args.yes) {
    if (!io.stdinIsTTY || !io.ask) throw new UsageError('nothing restored: there is no terminal to confirm on; run again with --yes');
    const a = (await io.ask('Restore these files? [y/N] ')).trim().toLowerCase();
    if (a !== 'y' && a !== 'yes') {
      out('Cancelled; nothing was changed.');
      return 0;
    }
  }
  for (const l of await undo(aio, plan.entry)) out(l);
  const regen = m.commands.filter((c) => /^(update-grub|grub2?-mkconfig|update-initramfs|mkinitcpio|dracut|proxmox-boot-tool|kernel-install|\/usr\/lib\/booster)/.test(c[0] ?? ''));
  if (regen.length) {
    out('Re-run these so the boot files match again:');
    for (const c of regen) out(`  $ sudo ${commandLine(c, false)}`);
  }
  return 0;
}
