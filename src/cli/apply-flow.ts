// `fix ID --apply`: guards, the exact diff against the files as they are now, confirmation, apply, and a re-check.
import type { Fix } from '../schema/fix';
import type { Args } from './args';
import type { CliIO } from './io';
import type { ResolvedSources } from './sources';
import { commandLine } from '../render/fix-text';
import { recoveryAdvice } from '../render/recovery';
import { VERSION } from '../version';
import { tr } from '../i18n/lang';

/** A severity in the reader's words (the enum value stays English in the JSON). */
const severityWord = (s: string) => tr(s, ({ error: '错误', warning: '警告', info: '提示' } as Record<string, string>)[s] ?? s);

export function refuseReason(fix: Fix, args: Args, src: ResolvedSources, euid: number | undefined): string | undefined {
  if (src.source.kind === 'bundle') return tr('--apply changes the machine it runs on, but this input is a bundle or paste from another machine; run vfio-doctor on that machine', '--apply 改动的是运行它的机器，但这份输入是另一台机器的诊断包或粘贴内容；请在那台机器上运行 vfio-doctor');
  if (src.source.kind === 'live' && euid !== 0) return tr(`applying changes system files and needs root: run \`sudo vfio-doctor fix ${fix.id} --apply\` (vfio-doctor never calls sudo itself)`, `应用修复要改系统文件，需要 root：请运行 \`sudo vfio-doctor fix ${fix.id} --apply\`（vfio-doctor 自己从不调用 sudo）`);
  if (fix.risk && !args.bootGpuOk)
    return fix.risk === 'boot-gpu'
      ? tr(`${fix.id} hands your boot display to vfio-pci; the host would boot without a console on it. If another GPU drives the host (or you plan a single-GPU setup), add --boot-gpu-ok`, `${fix.id} 会把启动显卡交给 vfio-pci，宿主机启动后这张卡上就没有控制台了。如果宿主机用另一张显卡显示（或者你打算单显卡直通），请加 --boot-gpu-ok`)
      : tr(`${fix.id} hands the only GPU to vfio-pci; the host would boot without a display. If you have SSH access and plan a single-GPU setup, add --boot-gpu-ok`, `${fix.id} 会把唯一的显卡交给 vfio-pci，宿主机启动后将没有显示输出。如果你能通过 SSH 登录并打算单显卡直通，请加 --boot-gpu-ok`);
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
  if (refused) throw new Refusal(`${refused}${tr('; ', '；')}${tr('nothing was changed', '没有做任何改动')}`);
  const out = (s: string) => io.stdout(`${s}\n`);
  // The lock is held from reading the files (the diff) through the question to the last write: a second run waits.
  const applied = await withSession(aio, { waitMs: lockWaitMs(io.env), create: true }, async (recovery) => {
    for (const l of recovery.lines) out(l);
    const prepared = await prepare(fix, aio);
    out(tr(`${fix.title} [${fix.id}] on ${aio.label}`, `${fix.title} [${fix.id}]，目标：${aio.label}`));
    for (const w of fix.warnings) out(`! ${w}`);
    if (prepared.changes.length === 0 && prepared.domains.length === 0) out(tr('Files: nothing to change (they already have this fix).', '文件：无需改动（已经包含这个修复）。'));
    for (const c of prepared.changes) out(`\n${c.diff}`);
    for (const d of prepared.domains) {
      out(`\nlibvirt domain ${d.name} (read from ${d.from}; it is saved, validated and defined, never edited in /etc/libvirt/qemu):\n${d.diff}`);
      out(`  $ virt-xml-validate BACKUP/libvirt-${d.name}.new.xml domain\n  $ virsh define BACKUP/libvirt-${d.name}.new.xml${args.root ? '   (listed, not run, on a sysroot)' : ''}`);
    }
    if (prepared.commands.length) {
      out(args.root ? tr('\nCommands (listed, not run, on a sysroot):', '\n命令（系统根目录上只列出，不运行）：') : tr('\nCommands:', '\n命令：'));
      for (const c of prepared.commands) out(`  $ ${commandLine(c, false)}`);
    }
    for (const m of prepared.manual) out(`\n${tr('By hand: ', '需手动：')}${m}`);
    if (prepared.changes.length === 0 && prepared.domains.length === 0 && (prepared.commands.length === 0 || args.root)) {
      out(tr('\nNothing was changed.', '\n没有做任何改动。'));
      return undefined;
    }
    if (!args.yes) {
      if (!io.stdinIsTTY || !io.ask) throw new Refusal(tr('no changes made: there is no terminal to confirm on; run again with --yes to apply what is shown above', '没有做任何改动：没有可以确认的终端；要应用上面列出的改动，请加 --yes 再运行一次'));
      const answer = (await io.ask(tr('\nApply these changes? [y/N] ', '\n应用这些改动吗？[y/N] '))).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') throw new Refusal(tr('cancelled; nothing was changed', '已取消；没有做任何改动'));
    }
    const r = await applyPrepared(prepared, aio, { now: new Date(), version: VERSION, onOutput: (l) => io.stdout(`    ${l}\n`) });
    for (const l of r.log) out(l);
    if (!r.ok) throw new Refusal(tr(`${fix.id} was not applied: ${r.failure}; ${r.backupDir ? 'the files were rolled back, nothing is changed' : 'nothing was changed'}`, `${fix.id} 没有应用：${r.failure}；${r.backupDir ? '文件已回滚，什么都没变' : '没有做任何改动'}`));
    return { r, prepared };
  });
  if (!applied) return 0;
  const { r, prepared } = applied;
  if (r.notRun.length) {
    out(tr('Run these on the system that boots from this root (they were not run):', '请在从这个根目录启动的系统上运行下面的命令（它们没有被运行）：'));
    for (const c of r.notRun) out(`  $ sudo ${commandLine(c, false)}`);
  }
  if (r.backupDir) out(`${tr('Undo with: ', '撤销：')}vfio-doctor undo${args.root ? ` --root ${args.root}` : ''}`);
  // Look again: what the change settled in the configuration now waits only for the reboot.
  const { resolveSources } = await import('./sources');
  const { diagnose } = await import('../index');
  const again = diagnose((await resolveSources(args, io)).sources, { gpus: args.gpus, source: src.source, live: src.live, applied: [fix] });
  out(tr('\nAfter the change:', '\n改动之后：'));
  if (!again.findings.length) out(tr('  no findings', '  没有发现问题'));
  for (const f of again.findings) out(`  ${f.status === 'pending-reboot' ? tr('applied, pending reboot', '已应用，等待重启'.padEnd(15)) : tr(f.severity.padEnd(23), severityWord(f.severity).padEnd(21))}  ${f.title} [${f.id}]`);
  if (prepared.reboot) out(recoveryAdvice(fix));
  return 0;
}
