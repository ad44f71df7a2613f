// `vfio-doctor fix FIX-ID`: the exact plan of one fix for this host (dry run); applying comes with apply/.
import { textWidth } from '../output';
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { resolveSources } from '../sources';
import { diagnoseFull } from '../../index';
import { fixLines } from '../../render/fix-text';
import { makeStyle } from '../../render/style';
import { wantsColor } from '../output';
import { escapeLine } from '../../text/sanitize';
import { shortBdf } from '../../pci/bdf';
import { checkGpus, suggest } from '../validate';

/** The last line of a dry run: the exact command that applies this plan, or why it cannot be applied from here. */
function applyHint(fixId: string, args: Args, kind: string): string {
  if (kind === 'bundle') return 'To apply it, run on that machine: sudo vfio-doctor fix ' + fixId + ' --apply';
  const extra = [...args.gpus.flatMap((g) => ['--gpu', g]), ...(args.root ? ['--root', args.root] : [])];
  const cmd = ['vfio-doctor', 'fix', fixId, ...extra, '--apply'].map(shellWord).join(' ');
  return `To apply it: ${kind === 'live' ? 'sudo ' : ''}${cmd}`;
}

/** A word as a shell reads it back: quoted only when it has characters the shell would act on. */
const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

export async function fixCommand(args: Args, io: CliIO): Promise<number> {
  const id = args.positional[0];
  if (!id) throw new UsageError('fix needs a FIX-ID (the "fix id:" line under each finding, e.g. intel-iommu-not-enabled/grub)');
  const r = await resolveSources(args, io);
  const { report, host } = diagnoseFull(r.sources, { gpus: args.gpus, source: r.source, live: r.live });
  checkGpus(args, host);
  const all = report.findings.flatMap((f) => f.fixes.map((x) => ({ f, x })));
  const where = r.source.kind === 'live' ? 'this host' : (r.source.path ?? 'this input');
  // A rule id names its fix when the rule offers exactly one here; with several, the user picks a variant.
  const byRule = [...new Set(all.filter((p) => p.f.id === id).map((p) => p.x.id))];
  if (byRule.length > 1 && !all.some((p) => p.x.id === id)) throw new UsageError(`${id} has ${byRule.length} fixes here; choose one: ${byRule.map((x) => `vfio-doctor fix ${x}`).join(', ')}`);
  const fixId = byRule.length === 1 ? byRule[0]! : id;
  const hit = all.find((p) => p.x.id === fixId);
  if (!hit) {
    const known = [...new Set(all.map((p) => p.x.id))];
    const hint = suggest(id, [...known, ...new Set(all.map((p) => p.f.id))]);
    throw new UsageError(`no fix "${id}" for ${where}${hint}${known.length ? `; available: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}` : ' (no finding offers a fix)'}`);
  }
  // Per-candidate report: the same fix id for two candidate GPUs is two different plans; the user must say which GPU.
  const cands = [...new Set(all.filter((p) => p.x.id === id && p.f.candidate).map((p) => shortBdf(p.f.candidate!)))];
  if (cands.length > 1) throw new UsageError(`fix "${fixId}" depends on which GPU you pass; add --gpu ${cands.join(' or --gpu ')}`);
  if (args.apply) {
    const { applyFlow } = await import('../apply-flow');
    return applyFlow(hit.x, args, io, r);
  }
  const s = makeStyle(wantsColor(args, io));
  const width = textWidth(io);
  // A title can quote a device name from the host: escaped like the plan below it (text/sanitize.ts).
  io.stdout(`${s.bold(escapeLine(hit.f.title))} [${hit.f.id}] — dry run: nothing is changed.\n\n${fixLines(hit.x, width, s, '').join('\n')}\n\n${applyHint(hit.x.id, args, r.source.kind)}\n`);
  return 0;
}
