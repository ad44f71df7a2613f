// `vfio-doctor analyze FILE|-`: offline diagnosis of a bundle or a loose paste.
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { readInput, WHAT_TO_PASTE } from '../input';
import { diagnoseFull } from '../../index';
import { hasAnyFacts } from '../../facts/empty';
import { printReport } from '../output';
import { checkGpus, checkRuleIds } from '../validate';
import { namesIn } from '../../collect/redact';

export function analyzeCommand(args: Args, io: CliIO): number {
  const file = args.positional[0] ?? (io.stdinIsTTY ? undefined : '-');
  if (!file) throw new UsageError(`analyze needs a FILE, or - to read standard input; ${WHAT_TO_PASTE}`);
  if (args.positional.length > 1) throw new UsageError('analyze takes one FILE (concatenate several pastes into one file)');
  checkRuleIds(args);
  const { text, name, lineNos, skipped } = readInput(file, io.stdin, io.stdinRead);
  const label = name === '-' ? 'standard input' : name;
  if (!text.trim()) throw new UsageError(`${label} is empty; ${WHAT_TO_PASTE}`);
  const { report, host } = diagnoseFull([{ source: 'pasted text', text, lineNos, skipped }], { gpus: args.gpus, only: args.only, ignore: args.ignore, source: { kind: 'bundle', path: name }, live: false });
  if (!hasAnyFacts(host.facts)) throw new UsageError(`nothing in ${label} looks like VFIO diagnostics; ${WHAT_TO_PASTE}`);
  checkGpus(args, host);
  return printReport(report, args, io, args.redact ? namesIn(text) : undefined);
}
