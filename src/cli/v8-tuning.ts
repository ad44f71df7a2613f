// V8 flags for a report run from the code-cached core (dist/core.js), set once its cache was accepted: V8 checks the
// cache against its flags, so they cannot be set before. See scripts/bench.mjs for the figures.
import type { Args } from './args';
import { setV8Flags } from './v8-flags';

/**
 * Set the flags for this run.
 * - A report runs a few hundred regular expressions a few times each. V8 compiles each to bytecode and interprets it,
 *   then compiles it again to machine code on its second use; compiled once, straight to machine code, they cost
 *   ~6 ms less of an `analyze` run and ~3 ms of a live one, and a big log (few expressions, millions of runs) is as fast.
 * - Collecting a sysroot makes tens of thousands of short calls that run once each: optimising them costs more than it
 *   saves (a 2,000-function sysroot runs ~20% faster, same output).
 * Changing any flag also makes node compile its own modules loaded afterwards without their built-in code cache
 * (node:child_process with net and dgram, ~2.5 ms more): what the run will load is loaded first.
 */
export function tuneV8(args: Args | undefined): void {
  const collects = args?.command === 'chat' && !args.bundle && !args.demo;
  if (collects && !args.root) {
    // A live host: the kernel config may be gzipped (/proc/config.gz), and commands run. A sysroot rarely has a
    // /proc/config.gz (its /boot/config-* is read first): zlib is loaded only if one is read (~1.4 ms otherwise).
    process.getBuiltinModule('node:zlib');
    process.getBuiltinModule('node:child_process');
  }
  wanted = args?.root ? '--no-regexp-tier-up --no-opt' : '--no-regexp-tier-up';
  // A helper thread the launcher started for a big log (cli/lane-helper.ts) may still be starting: the flags wait
  // until it is done (its restore sets them).
  if ((globalThis as { vfioDoctorEarlyLane?: unknown }).vfioDoctorEarlyLane === undefined) apply(wanted);
}

/** The flags tuneV8 chose for this run, and those in effect (undefined: V8's defaults). */
let wanted: string | undefined;
let applied: string | undefined;
/** Whether regexp tier-up was put back for a thread (then apply() never turns it off again: defaultsForThread). */
let tierUpKept = false;

function apply(flags: string): void {
  if (tierUpKept) flags = flags.replace(/ ?--no-regexp-tier-up ?/, ' ').trim();
  if (flags) setV8Flags(flags);
  applied = flags;
}

/**
 * V8's defaults back while a helper thread (the log lane's, cli/lane-helper.ts) starts and runs; returns what sets this
 * run's flags again. A thread started with any flag off its default compiles node's own modules without their built-in
 * code cache (ready after ~90 ms instead of ~65 ms on a 50 MB log), and flags are the whole process's: under the
 * sysroot's --no-opt the thread's hot loop would never be optimised.
 * Regexp tier-up stays on from then on (the report's regexps start interpreted, a few ms): a regexp run once with it on
 * is bytecode behind the interpreter's trampoline, and once the flag is off V8's runtime calls that trampoline as
 * machine code (RegExpImpl::IrregexpExecRaw: ShouldProduceBytecode() is false): a segmentation fault, no report (a
 * 37 MB log whose 101,001st line was looked at once, test/perf/lane-flags.test.ts).
 */
export function defaultsForThread(): () => void {
  if (applied !== undefined) {
    if (applied) setV8Flags(applied.replaceAll('--no-', '--'));
    applied = undefined;
  }
  tierUpKept = true;
  return () => {
    if (wanted !== undefined && applied === undefined) apply(wanted);
  };
}

/**
 * V8's defaults back, before the core parses its command line: cli.ts started the core's modules without the
 * optimising compiler (their start-up runs once), and node's own modules (util.parseArgs, then what tuneV8 loads) must
 * be loaded with the defaults for their built-in code cache to apply.
 */
export function defaultV8(): void {
  setV8Flags('--opt');
}
