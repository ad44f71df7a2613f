// `fix ID --apply`: guards, the exact diff against the files as they are now, confirmation, apply, and a re-check.
import type { Fix } from '../schema/fix';
import type { Args } from './args';
import { UsageError } from './args';
import type { CliIO } from './io';
import type { ResolvedSources } from './sources';
import { commandLine } from '../render/fix-text';
import { VERSION } from '../version';

export function refuseReason(fix: Fix, args: Args, src: ResolvedSources, euid: number | undefined): string | undefined {
  if (src.source.kind === 'bundle') return '--apply changes the machine it runs on, but this input is a bundle or paste from another machine; run vfio-doctor on that machine';
  if (src.source.kind === 'live' && euid !== 0) return `applying changes system files and needs root: run \`sudo vfio-doctor fix ${fix.id} --apply\` (vfio-doctor never calls sudo itself)`;
  if (fix.risk && !args.bootGpuOk)
    return fix.risk === 'boot-gpu'
      ? `${fix.id} hands your boot display to vfio-pci; the host would boot without a console on it. If another GPU drives the host (or you plan a single-GPU setup), add --boot-gpu-ok`
      : `${fix.id} hands the only GPU to vfio-pci; the host would boot without a display. If you have SSH access and plan a single-GPU setup, add --boot-gpu-ok`;
  return undefined;
}

export async function applyFlow(fix: Fix, args: Args, io: CliIO, src: ResolvedSources): Promise<number> {
  const [{ prepare, ApplyRefused }, { applyPrepared }, { liveApplyIO, sysrootApplyIO, WriteRefused }] = await Promise.all([
    import('../apply/prepare'),
    import('../apply/apply'),
    import('../apply/fs-io'),
  ]);
  const aio = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
  const refused = refuseReason(fix, args, src, aio.euid());
  if (refused) throw new UsageError(refused);
  let prepared;
  try {
    prepared = await prepare(fix, aio);
  } catch (e) {
    if (e instanceof ApplyRefused || e instanceof WriteRefused) throw new UsageError((e as Error).message);
    throw e;
  }
  const out = (s: string) => io.stdout(`${s}\n`);
  out(`${fix.title} [${fix.id}] on ${aio.label}`);
  for (const w of fix.warnings) out(`! ${w}`);
  if (prepared.changes.length === 0) out('Files: nothing to change (they already have this fix).');
  for (const c of prepared.changes) out(`\n${c.diff}`);
  if (prepared.commands.length) {
    out(args.root ? '\nCommands (listed, not run, on a sysroot):' : '\nCommands:');
    for (const c of prepared.commands) out(`  $ ${commandLine(c, false)}`);
  }
  for (const m of prepared.manual) out(`\nBy hand: ${m}`);
  if (prepared.changes.length === 0 && (prepared.commands.length === 0 || args.root)) {
    out('\nNothing was changed.');
    return 0;
  }
  if (!args.yes) {
    if (!io.stdinIsTTY || !io.ask) throw new UsageError('no changes made: there is no terminal to confirm on; run again with --yes to apply what is shown above');
    const answer = (await io.ask('\nApply these changes? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      out('Cancelled; nothing was changed.');
      return 0;
    }
  }
  const r = await applyPrepared(prepared, aio, { now: new Date(), version: VERSION, onOutput: (l) => io.stdout(`    ${l}\n`) });
  for (const l of r.log) out(l);
  if (!r.ok) {
    io.stderr(`vfio-doctor: ${fix.id} failed and was rolled back: ${r.failure}\n`);
    return 1;
  }
  if (r.notRun.length) {
    out('Run these on the system that boots from this root (they were not run):');
    for (const c of r.notRun) out(`  $ sudo ${commandLine(c, false)}`);
  }
  if (r.backupDir) out(`Undo with: vfio-doctor undo${args.root ? ` --root ${args.root}` : ''}`);
  // Look again: what the change settled in the configuration now waits only for the reboot.
  const { resolveSources } = await import('./sources');
  const { diagnose } = await import('../index');
  const again = diagnose((await resolveSources(args, io)).sources, { gpus: args.gpus, source: src.source, live: src.live });
  out('\nAfter the change:');
  if (!again.findings.length) out('  no findings');
  for (const f of again.findings) out(`  ${f.status === 'pending-reboot' ? 'applied, pending reboot' : f.severity.padEnd(23)}  ${f.title} [${f.id}]`);
  if (prepared.reboot) out('Reboot for it to take effect. If the screen stays black afterwards, pick the previous entry in the boot menu (or press e in GRUB to edit the command line), then run vfio-doctor undo.');
  return 0;
}
