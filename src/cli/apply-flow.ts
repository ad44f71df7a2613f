// `fix ID --apply`: guards, the exact diff against the files as they are now, confirmation, apply, and a re-check.
import type { Fix } from '../schema/fix';
import type { Args } from './args';
import type { CliIO } from './io';
import type { ResolvedSources } from './sources';
import { commandLine } from '../render/fix-text';
import { recoveryAdvice } from '../render/recovery';
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

/** How long to wait for another apply or undo (VFIO_DOCTOR_LOCK_WAIT_MS overrides it, for tests and scripts). */
export function lockWaitMs(env: Record<string, string | undefined>): number | undefined {
  const v = Number(env.VFIO_DOCTOR_LOCK_WAIT_MS);
  return env.VFIO_DOCTOR_LOCK_WAIT_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}

export async function applyFlow(fix: Fix, args: Args, io: CliIO, src: ResolvedSources): Promise<number> {
  const [{ prepare }, { applyPrepared }, { liveApplyIO, sysrootApplyIO }, { withSession }, { Refusal }] = await Promise.all([
    import('../apply/prepare'),
    import('../apply/apply'),
    import('../apply/fs-io'),
    import('../apply/session'),
    import('../apply/refusal'),
  ]);
  const aio = args.root ? sysrootApplyIO(args.root) : liveApplyIO();
  const refused = refuseReason(fix, args, src, aio.euid());
  if (refused) throw new Refusal(`${refused}; nothing was changed`);
  const out = (s: string) => io.stdout(`${s}\n`);
  // The lock is held from reading the files (the diff) through the question to the last write: a second run waits.
  const applied = await withSession(aio, { waitMs: lockWaitMs(io.env), create: true }, async (recovery) => {
    for (const l of recovery.lines) out(l);
    const prepared = await prepare(fix, aio);
    out(`${fix.title} [${fix.id}] on ${aio.label}`);
    for (const w of fix.warnings) out(`! ${w}`);
    if (prepared.changes.length === 0 && prepared.domains.length === 0) out('Files: nothing to change (they already have this fix).');
    for (const c of prepared.changes) out(`\n${c.diff}`);
    for (const d of prepared.domains) {
      out(`\nlibvirt domain ${d.name} (read from ${d.from}; it is saved, validated and defined, never edited in /etc/libvirt/qemu):\n${d.diff}`);
      out(`  $ virt-xml-validate BACKUP/libvirt-${d.name}.new.xml domain\n  $ virsh define BACKUP/libvirt-${d.name}.new.xml${args.root ? '   (listed, not run, on a sysroot)' : ''}`);
    }
    if (prepared.commands.length) {
      out(args.root ? '\nCommands (listed, not run, on a sysroot):' : '\nCommands:');
      for (const c of prepared.commands) out(`  $ ${commandLine(c, false)}`);
    }
    for (const m of prepared.manual) out(`\nBy hand: ${m}`);
    if (prepared.changes.length === 0 && prepared.domains.length === 0 && (prepared.commands.length === 0 || args.root)) {
      out('\nNothing was changed.');
      return undefined;
    }
    if (!args.yes) {
      if (!io.stdinIsTTY || !io.ask) throw new Refusal('no changes made: there is no terminal to confirm on; run again with --yes to apply what is shown above');
      const answer = (await io.ask('\nApply these changes? [y/N] ')).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') throw new Refusal('cancelled; nothing was changed');
    }
    const r = await applyPrepared(prepared, aio, { now: new Date(), version: VERSION, onOutput: (l) => io.stdout(`    ${l}\n`) });
    for (const l of r.log) out(l);
    if (!r.ok) throw new Refusal(`${fix.id} was not applied: ${r.failure}; ${r.backupDir ? 'the files were rolled back, nothing is changed' : 'nothing was changed'}`);
    return { r, prepared };
  });
  if (!applied) return 0;
  const { r, prepared } = applied;
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
  if (prepared.reboot) out(recoveryAdvice(fix));
  return 0;
}
