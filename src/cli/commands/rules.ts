// `vfio-doctor rules [--json]`: the rule catalogue.
import { textWidth } from '../output';
import type { Args } from '../args';
import type { CliIO } from '../io';
import { RULES } from '../../../rules/index';
import { wrapText } from '../../render/style';

export function rulesCommand(args: Args, io: CliIO): number {
  const list = RULES.map((r) => ({ id: r.meta.id, catalogue: r.meta.catalogue ?? null, severity: r.meta.severity, category: r.meta.category, title: r.meta.title, summary: r.meta.summary, docs: r.meta.docs, liveOnly: !!r.meta.liveOnly }));
  if (args.json) {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const width = textWidth(io);
  const out: string[] = [`${list.length} rules (severity is the default; a finding may be raised or lowered by what it sees):`, ''];
  for (const r of list) {
    out.push(`${r.id}  [${r.severity}, ${r.category}${r.catalogue ? `, ${r.catalogue}` : ''}${r.liveOnly ? ', live only' : ''}]`);
    out.push(...wrapText(`${r.title}. ${r.summary}`, width, '    '));
  }
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}
