// The default command: the chat on a terminal, otherwise a report of this host, a sysroot, a bundle or the demo.
// Everything is imported on use, so the chat's first frame loads only what it draws.
import type { Args } from '../args';
import type { CliIO } from '../io';
import { UsageError, isInteractive } from '../args';
import { tr } from '../../i18n/lang';

export async function liveCommand(args: Args, io: CliIO): Promise<number> {
  if (args.positional.length) throw new UsageError(tr(`unexpected argument "${args.positional[0]}"`, `多余的参数 "${args.positional[0]}"`));
  if (isInteractive(args, io)) {
    // The chat's first frame does not wait for the rules, the parsers and the renderers: they load after it, and the
    // rule ids are checked first only when there are some.
    if (args.only.length || args.ignore.length) (await import('../validate')).checkRuleIds(args);
    const { chatCommand } = await import('./chat');
    return chatCommand(args, io);
  }
  const [{ resolveSources }, { diagnoseFull }, { printReport }, { checkGpus, checkRuleIds }] = await Promise.all([import('../sources'), import('../../index'), import('../output'), import('../validate')]);
  checkRuleIds(args);
  const r = await resolveSources(args, io);
  const { report, host } = diagnoseFull(r.sources, { gpus: args.gpus, only: args.only, ignore: args.ignore, source: r.source, live: r.live });
  checkGpus(args, host);
  if (!args.redact) return printReport(report, args, io);
  const { namesFor } = await import('../redaction');
  return printReport(report, args, io, await namesFor(args, r.sources, r.live));
}
