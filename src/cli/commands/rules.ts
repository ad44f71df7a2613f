// `vfio-doctor rules [--json]`: the rule catalogue.
import { textWidth } from '../output';
import type { Args } from '../args';
import type { CliIO } from '../io';
import { RULES } from '../../../rules/index';
import { wrapText } from '../../render/style';
import { titleOf, summaryOf } from '../../engine/rule';
import { tr } from '../../i18n/lang';

export function rulesCommand(args: Args, io: CliIO): number {
  const list = RULES.map((r) => ({ id: r.meta.id, catalogue: r.meta.catalogue ?? null, severity: r.meta.severity, category: r.meta.category, title: titleOf(r.meta), summary: summaryOf(r.meta), docs: r.meta.docs, liveOnly: !!r.meta.liveOnly }));
  if (args.json) {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const width = textWidth(io);
  const out: string[] = [tr(`${list.length} rules (severity is the default; a finding may be raised or lowered by what it sees):`, `共 ${list.length} 条规则（级别是默认值；问题的级别会按实际看到的情况升高或降低）：`), ''];
  for (const r of list) {
    out.push(`${r.id}  [${r.severity}, ${r.category}${r.catalogue ? `, ${r.catalogue}` : ''}${r.liveOnly ? tr(', live only', '， 仅限本机') : ''}]`);
    out.push(...wrapText(tr(`${r.title}. ${r.summary}`, `${r.title}。${r.summary}`), width, '    '));
  }
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}
