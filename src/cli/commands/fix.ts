// `vfio-doctor fix FIX-ID`: the exact plan of one fix for this host (dry run); applying comes with apply/.
import { textWidth } from '../output';
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { resolveSources } from '../sources';
import { diagnoseFull } from '../../index';
import { shellWord } from '../../text/shell-word';
import { fixLines } from '../../render/fix-text';
import { makeStyle } from '../../render/style';
import { wantsColor } from '../output';
import { escapeLine } from '../../text/sanitize';
import { shortBdf } from '../../pci/bdf';
import { checkGpus, suggest } from '../validate';
import { tr } from '../../i18n/lang';

/** The last line of a dry run: the exact command that applies this plan, or why it cannot be applied from here. */
function applyHint(fixId: string, args: Args, kind: string): string {
  if (kind === 'bundle') return tr('To apply it, run on that machine: sudo vfio-doctor fix ' + fixId + ' --apply', `要应用它，请在那台机器上运行：sudo vfio-doctor fix ${fixId} --apply`);
  const extra = [...args.gpus.flatMap((g) => ['--gpu', g]), ...(args.root ? ['--root', args.root] : [])];
  const cmd = ['vfio-doctor', 'fix', fixId, ...extra, '--apply'].map(shellWord).join(' ');
  return `${tr('To apply it: ', '要应用它：')}${kind === 'live' ? 'sudo ' : ''}${cmd}`;
}

export async function fixCommand(args: Args, io: CliIO): Promise<number> {
  const id = args.positional[0];
  if (!id) throw new UsageError(tr('fix needs a FIX-ID (the "fix id:" line under each finding, e.g. intel-iommu-not-enabled/grub)', 'fix 需要一个 FIX-ID（每个问题下面“修复方案 ID：”那一行，例如 intel-iommu-not-enabled/grub）'));
  const r = await resolveSources(args, io);
  const { report, host } = diagnoseFull(r.sources, { gpus: args.gpus, source: r.source, live: r.live });
  checkGpus(args, host);
  const all = report.findings.flatMap((f) => f.fixes.map((x) => ({ f, x })));
  const where = r.source.kind === 'live' ? tr('this host', '本机') : args.demo ? tr(r.source.path ?? '', '演示宿主机') : (r.source.path ?? tr('this input', '这份输入'));
  // A rule id names its fix when the rule offers exactly one here; with several, the user picks a variant.
  const byRule = [...new Set(all.filter((p) => p.f.id === id).map((p) => p.x.id))];
  if (byRule.length > 1 && !all.some((p) => p.x.id === id)) throw new UsageError(tr(`${id} has ${byRule.length} fixes here; choose one: ${byRule.map((x) => `vfio-doctor fix ${x}`).join(', ')}`, `${id} 在这里有 ${byRule.length} 个修复方案；请选一个：${byRule.map((x) => `vfio-doctor fix ${x}`).join('、')}`));
  const fixId = byRule.length === 1 ? byRule[0]! : id;
  const hit = all.find((p) => p.x.id === fixId);
  if (!hit) {
    const known = [...new Set(all.map((p) => p.x.id))];
    const hint = suggest(id, [...known, ...new Set(all.map((p) => p.f.id))]);
    throw new UsageError(
      tr(
        `no fix "${id}" for ${where}${hint}${known.length ? `; available: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}` : ' (no finding offers a fix)'}`,
        `${where}${/[\x21-\x7e]$/.test(where) ? ' ' : ''}没有修复方案 "${id}"${hint}${known.length ? `；可用的有：${known.slice(0, 8).join('、')}${known.length > 8 ? '…' : ''}` : '（没有哪个问题提供修复方案）'}`,
      ),
    );
  }
  // Per-candidate report: the same fix id for two candidate GPUs is two different plans; the user must say which GPU.
  const cands = [...new Set(all.filter((p) => p.x.id === id && p.f.candidate).map((p) => shortBdf(p.f.candidate!)))];
  if (cands.length > 1) throw new UsageError(tr(`fix "${fixId}" depends on which GPU you pass; add --gpu ${cands.join(' or --gpu ')}`, `修复方案 "${fixId}" 取决于直通哪张显卡；请加上 --gpu ${cands.join(' 或 --gpu ')}`));
  if (args.apply) {
    const { applyFlow } = await import('../apply-flow');
    return applyFlow(hit.x, args, io, r);
  }
  const s = makeStyle(wantsColor(args, io));
  const width = textWidth(io);
  // A title can quote a device name from the host: escaped like the plan below it (text/sanitize.ts).
  io.stdout(`${s.bold(escapeLine(hit.f.title))} [${hit.f.id}] ${tr('— dry run: nothing is changed.', '—— 预演（不写入）：不会做任何改动。')}\n\n${fixLines(hit.x, width, s, '').join('\n')}\n\n${applyHint(hit.x.id, args, r.source.kind)}\n`);
  return 0;
}
