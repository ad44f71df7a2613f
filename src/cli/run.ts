// Dispatches a parsed command line to its command; returns the exit code (cli.ts is the only place that exits).
import { parseArgs, isInteractive, helpText, UsageError, type Args } from './args';
import type { CliIO } from './io';
import { processIO } from './process-io';
import { VERSION } from '../version';
import { PASTE_COMMANDS } from './paste-hints';
import { Refusal, Unfinished } from '../apply/refusal';
import { errorMessage } from '../text/error-message';
import { setLang, tr } from '../i18n/lang';
import { resolveLang } from '../i18n/locale';
import { defaultV8, tuneV8 } from './v8-tuning';

/**
 * Run the command line as the process: the exit code is set here, nothing exits early. `parsed`: argv, already read.
 * `exitWhenDone`: a report path, whose output is written synchronously and which leaves nothing running: the process
 * ends as soon as the command returns. Left to the event loop, V8 first finished the garbage collection it had begun
 * (a 2,000-function sysroot: ~8 ms of a 230 ms run, for memory freed the moment after).
 */
export function main(argv: string[], io: CliIO = processIO(), parsed?: Args, exitWhenDone = false): void {
  run(argv, io, parsed).then(
    (code) => {
      process.exitCode = code;
      if (exitWhenDone) process.exit(code);
    },
    (e) => {
      io.stderr(`vfio-doctor: ${tr('internal error: ', '内部错误：')}${errorMessage(e)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Does this command line stay on the report paths (no terminal UI, nothing written; a live report runs only the
 * read-only commands collection needs, through node:child_process)?
 * Those are what dist/core.js, loaded from a V8 code cache, answers; everything else loads the ESM chunks.
 */
function reportPathOnly(args: Args | undefined, io: Pick<CliIO, 'stdoutIsTTY' | 'stdinIsTTY'>): boolean {
  if (!args) return true; // a usage error: one line on stderr, from either program
  switch (args.command) {
    case 'help':
    case 'version':
    case 'analyze':
    case 'rules':
      return true;
    case 'chat':
      // Reports of this host too: collection reads files and runs commands through node's own modules.
      return !isInteractive(args, io);
    default:
      return false;
  }
}

/** dist/core.js's entry (cli.ts, once the code cache was accepted): runs the command line when it is a report path; false (nothing done) otherwise. */
export function mainIfReportPath(argv: string[]): boolean {
  defaultV8();
  const io = processIO();
  let args: Args | undefined;
  try {
    args = parseArgs(argv);
  } catch {
    args = undefined;
  }
  if (!reportPathOnly(args, io)) return false;
  tuneV8(args);
  main(argv, io, args, true);
  return true;
}

const NO_ARGS = new Set(['rules', 'schema', 'collect', 'undo']);

export async function run(argv: string[], io: CliIO, parsed?: Args): Promise<number> {
  let args: Args;
  // The locale speaks before the arguments are read, so a usage error is in the reader's language too.
  setLang(resolveLang(undefined, io.env));
  try {
    args = parsed ?? parseArgs(argv);
    setLang(resolveLang(args.lang, io.env));
  } catch (e) {
    if (argv.includes('--json')) printJsonError(io, 'usage', e);
    return fail(e, io, false);
  }
  try {
    // Commands without arguments: a stray word is a typo (`rules list`, `collect out.txt`), not something to ignore.
    if (NO_ARGS.has(args.command) && args.positional.length) throw new UsageError(tr(`unexpected argument "${args.positional[0]}" for ${args.command}${args.command === 'collect' ? ' (write to a file with -o FILE)' : ''}`, `${args.command} 不接受参数 "${args.positional[0]}"${args.command === 'collect' ? '（要写入文件请用 -o FILE）' : ''}`));
    switch (args.command) {
      case 'help':
        io.stdout(helpText(args.helpFor));
        return 0;
      case 'version':
        io.stdout(`vfio-doctor ${VERSION}\n`);
        return 0;
      // Loaded on use like the rest: the chat's first frame does not wait for the parsers, the rules and the renderers.
      case 'analyze':
        return (await import('./commands/analyze')).analyzeCommand(args, io);
      case 'rules':
        return (await import('./commands/rules')).rulesCommand(args, io);
      case 'collect': {
        const { collectCommand } = await import('./commands/collect');
        return await collectCommand(args, io);
      }
      case 'fix': {
        const { fixCommand } = await import('./commands/fix');
        return await fixCommand(args, io);
      }
      case 'undo': {
        const { undoCommand } = await import('./commands/undo');
        return await undoCommand(args, io);
      }
      case 'vm': {
        const { vmCommand } = await import('./commands/vm');
        return await vmCommand(args, io);
      }
      case 'schema': {
        const { schemaCommand } = await import('./commands/schema');
        return await schemaCommand(io);
      }
      default: {
        const { liveCommand } = await import('./commands/live');
        return await liveCommand(args, io);
      }
    }
  } catch (e) {
    if (args.json) printJsonError(io, e instanceof UsageError ? 'input' : e instanceof Refusal ? 'refused' : e instanceof Unfinished ? 'unfinished' : 'internal', e);
    return fail(e, io, args.debug || !!io.env.VFIO_DOCTOR_DEBUG);
  }
}

/** With --json, stdout carries a valid document even when there is no report (schema: src/schema/error-report.ts). */
function printJsonError(io: CliIO, code: 'usage' | 'input' | 'refused' | 'unfinished' | 'internal', e: unknown): void {
  const message = errorMessage(e);
  const doc = { schemaVersion: 1, tool: { name: 'vfio-doctor', version: VERSION }, error: { code, message, whatToPaste: PASTE_COMMANDS } };
  try {
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  } catch {
    // stdout itself is what failed (a full disk): the stderr line is all that can be said
  }
}

function fail(e: unknown, io: CliIO, debug: boolean): number {
  if (e instanceof UsageError) {
    io.stderr(`vfio-doctor: ${errorMessage(e)}\n`);
    return 2;
  }
  // An apply or undo that was refused, declined or rolled back (3), or stopped half-way with the way to finish (2).
  if (e instanceof Refusal || e instanceof Unfinished) {
    io.stderr(`vfio-doctor: ${errorMessage(e)}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  io.stderr(`vfio-doctor: ${tr('internal error: ', '内部错误：')}${errorMessage(e)}${debug ? '' : tr(' (run with --debug for details)', '（加 --debug 可查看详情）')}\n`);
  if (debug && err?.stack) io.stderr(`${err.stack}\n`);
  return 2;
}
