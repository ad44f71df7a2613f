// The default command: the chat on a terminal, otherwise a report of this host, a sysroot, a bundle or the demo.
import type { Args } from './args';
import type { CliIO } from './io';
import { resolveSources } from './sources';
import { diagnoseFull } from '../index';
import { printReport } from './output';
import { UsageError, isInteractive } from './args';
import type { RedactOptions } from '../collect/redact';

export async function liveCommand(args: Args, io: CliIO): Promise<number> {
  if (args.positional.length) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  if (isInteractive(args, io)) {
    const { chatCommand } = await import('./chat');
    return chatCommand(args, io);
  }
  const r = await resolveSources(args, io);
  const { report } = diagnoseFull(r.sources, { gpus: args.gpus, only: args.only, ignore: args.ignore, source: r.source, live: r.live });
  return printReport(report, args, io, args.redact ? await namesOf(args, r.sources, r.live) : undefined);
}

/** Names to redact: the host's own (live or sysroot) and any a bundle or paste shows. */
async function namesOf(args: Args, sources: { text: string }[], live: boolean): Promise<RedactOptions> {
  const { namesIn, mergeNames } = await import('../collect/redact');
  const seen = sources.map((s) => namesIn(s.text));
  if (!live) return mergeNames(...seen);
  const { identity } = await import('../collect/identity');
  const { liveIO } = await import('../collect/live-io');
  const { sysrootIO } = await import('../collect/sysroot-io');
  return mergeNames(await identity(args.root ? sysrootIO(args.root) : liveIO()), ...seen);
}
