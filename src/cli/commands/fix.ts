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
import { shortBdf } from '../../parse/bdf';

export async function fixCommand(args: Args, io: CliIO): Promise<number> {
  const id = args.positional[0];
  if (!id) throw new UsageError('fix needs a FIX-ID (the "fix id:" line under each finding, e.g. intel-iommu-not-enabled/grub)');
  const r = await resolveSources(args, io);
  const { report } = diagnoseFull(r.sources, { gpus: args.gpus, source: r.source, live: r.live });
  const all = report.findings.flatMap((f) => f.fixes.map((x) => ({ f, x })));
  const hit = all.find((p) => p.x.id === id);
  if (!hit) {
    const known = all.map((p) => p.x.id);
    throw new UsageError(`no fix "${id}" for ${r.source.kind === 'live' ? 'this host' : r.source.path ?? 'this input'}${known.length ? `; available: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}` : ' (no finding offers a fix)'}`);
  }
  // Per-candidate report: the same fix id for two candidate GPUs is two different plans; the user must say which GPU.
  const cands = [...new Set(all.filter((p) => p.x.id === id && p.f.candidate).map((p) => shortBdf(p.f.candidate!)))];
  if (cands.length > 1) throw new UsageError(`fix "${id}" depends on which GPU you pass; add --gpu ${cands.join(' or --gpu ')}`);
  if (args.apply) {
    const { applyFlow } = await import('../apply-flow');
    return applyFlow(hit.x, args, io, r);
  }
  const s = makeStyle(wantsColor(args, io));
  const width = textWidth(io);
  // A title can quote a device name from the host: escaped like the plan below it (text/sanitize.ts).
  io.stdout(`${s.bold(escapeLine(hit.f.title))} [${hit.f.id}] — dry run: nothing is changed.\n\n${fixLines(hit.x, width, s, '').join('\n')}\n`);
  return 0;
}
