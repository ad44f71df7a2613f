// `vfio-doctor analyze FILE|-`: offline diagnosis of a bundle or a loose paste.
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { readInput, whatToPaste } from '../input';
import { tr } from '../../i18n/lang';
import { diagnoseFull } from '../../index';
import { hasAnyFacts } from '../../facts/empty';
import { printReport } from '../output';
import { checkGpus, checkRuleIds } from '../validate';
import { namesIn } from '../../collect/redact';

export function analyzeCommand(args: Args, io: CliIO): number {
  const file = args.positional[0] ?? (io.stdinIsTTY ? undefined : '-');
  if (!file) throw new UsageError(tr(`analyze needs a FILE, or - to read standard input; ${whatToPaste()}`, `analyze 需要一个 FILE，或用 - 从标准输入读取；${whatToPaste()}`));
  if (args.positional.length > 1) throw new UsageError(tr('analyze takes one FILE (concatenate several pastes into one file)', 'analyze 只接受一个 FILE（多段粘贴请合并到一个文件里）'));
  checkRuleIds(args);
  const { text, name, lineNos, skipped } = readInput(file, io.stdin, io.stdinRead);
  const label = name === '-' ? tr('standard input', '标准输入') : name;
  if (!text.trim()) throw new UsageError(tr(`${label} is empty; ${whatToPaste()}`, `${label} 是空的；${whatToPaste()}`));
  const { report, host } = diagnoseFull([{ source: 'pasted text', text, lineNos, skipped }], { gpus: args.gpus, only: args.only, ignore: args.ignore, source: { kind: 'bundle', path: name }, live: false });
  if (!hasAnyFacts(host.facts)) throw new UsageError(tr(`nothing in ${label} looks like VFIO diagnostics; ${whatToPaste()}`, `${label} 中没有看起来像 VFIO 诊断信息的内容；${whatToPaste()}`));
  checkGpus(args, host);
  return printReport(report, args, io, args.redact ? namesIn(text) : undefined);
}
