// Dispatches a parsed command line to its command; returns the exit code (cli.ts is the only place that exits).
import { parseArgs, HELP, UsageError, type Args } from './args';
import type { CliIO } from './io';
import { analyzeCommand } from './analyze';
import { rulesCommand } from './rules-command';
import { VERSION } from '../version';

const NO_ARGS = new Set(['rules', 'schema', 'collect', 'undo']);

export async function run(argv: string[], io: CliIO): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    return fail(e, io, false);
  }
  try {
    // Commands without arguments: a stray word is a typo (`rules list`, `collect out.txt`), not something to ignore.
    if (NO_ARGS.has(args.command) && args.positional.length) throw new UsageError(`unexpected argument "${args.positional[0]}" for ${args.command}${args.command === 'collect' ? ' (write to a file with -o FILE)' : ''}`);
    switch (args.command) {
      case 'help':
        io.stdout(HELP);
        return 0;
      case 'version':
        io.stdout(`vfio-doctor ${VERSION}\n`);
        return 0;
      case 'analyze':
        return analyzeCommand(args, io);
      case 'rules':
        return rulesCommand(args, io);
      case 'collect': {
        const { collectCommand } = await import('./collect-command');
        return await collectCommand(args, io);
      }
      case 'fix': {
        const { fixCommand } = await import('./fix-command');
        return await fixCommand(args, io);
      }
      case 'undo': {
        const { undoCommand } = await import('./undo-command');
        return await undoCommand(args, io);
      }
      case 'schema':
        {
          // zod is only needed here: loading it lazily keeps it off the report paths' start-up.
          const [{ z }, { Report }] = await Promise.all([import('zod'), import('../schema/report')]);
          io.stdout(`${JSON.stringify(z.toJSONSchema(Report), null, 2)}\n`);
        }
        return 0;
      default: {
        const { liveCommand } = await import('./live');
        return await liveCommand(args, io);
      }
    }
  } catch (e) {
    return fail(e, io, args.debug || !!io.env.VFIO_DOCTOR_DEBUG);
  }
}

function fail(e: unknown, io: CliIO, debug: boolean): number {
  if (e instanceof UsageError) {
    io.stderr(`vfio-doctor: ${e.message}\n`);
    return 2;
  }
  const err = e as Error;
  io.stderr(`vfio-doctor: internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err?.stack) io.stderr(`${err.stack}\n`);
  return 2;
}
