// The default command: the chat on a terminal, otherwise a report of this host, a sysroot, a bundle or the demo.
import type { Args } from '../args';
import type { CliIO } from '../io';
import { resolveSources } from '../sources';
import { diagnoseFull } from '../../index';
import { printReport } from '../output';
import { UsageError, isInteractive } from '../args';
import { checkGpus, checkRuleIds } from '../validate';
import { tr } from '../../i18n/lang';

export async function liveCommand(args: Args, io: CliIO): Promise<number> {
  if (args.positional.length) throw new UsageError(tr(`unexpected argument "${args.positional[0]}"`, `多余的参数 "${args.positional[0]}"`));
  checkRuleIds(args);
  if (isInteractive(args, io)) {
    const { chatCommand } = await import('./chat');
    return chatCommand(args, io);
  }
  const r = await resolveSources(args, io);
  const { report, host } = diagnoseFull(r.sources, { gpus: args.gpus, only: args.only, ignore: args.ignore, source: r.source, live: r.live });
  checkGpus(args, host);
  if (!args.redact) return printReport(report, args, io);
  const { namesFor } = await import('../redaction');
  return printReport(report, args, io, await namesFor(args, r.sources, r.live));
}
