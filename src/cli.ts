// Entry point (dist/cli.cjs, a CommonJS script: node starts those faster than ES modules). The report paths (analyze,
// rules, reports of this host, a sysroot, a bundle or the demo) run from dist/core.js, one script compiled from the V8
// code cache the build made (dist/core.cache), so start-up skips parsing and compiling; everything else (the chat,
// collect, fix, undo) loads the ESM program dist/main.js and its chunks. Both are built from the same sources.
// Built-ins through require(): this file is bundled as CommonJS, and the core is handed the same require.
const { readFileSync } = require('node:fs') as typeof import('node:fs');
const { Script } = require('node:vm') as typeof import('node:vm');
const { join } = require('node:path') as typeof import('node:path');
const { pathToFileURL } = require('node:url') as typeof import('node:url');
// The project modules the launcher imports: they need only node's.
import { mayBeTerminal } from './cli/tty';
import { startEarly } from './cli/lane-helper';
import { setV8Flags } from './cli/v8-flags';

interface Core {
  mainIfReportPath(argv: string[]): boolean;
}

/**
 * dist/core.js with its code cache; undefined when it is missing or cannot load (then the ESM chunks do all).
 * `noOpt`: load it without the optimising compiler (not while a helper thread starts: it needs V8's defaults).
 */
function loadCore(noOpt: boolean): Core | undefined {
  if (process.env.VFIO_DOCTOR_NO_CORE) return undefined;
  let noOptSet = false;
  try {
    const file = join(__dirname, 'core.js');
    // ASCII (the build escapes every other character; test/perf/core.test.ts checks): read without UTF-8 decoding.
    const source = readFileSync(file, 'latin1');
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(join(__dirname, 'core.cache'));
    } catch {
      cachedData = undefined; // no cache: V8 compiles the script as usual
    }
    // A cache made by another Node or V8 version is rejected by V8 itself, and the script is compiled instead.
    const script = new Script(source, { filename: file, cachedData });
    // The core's modules start up (the rules, tables, the log lane's lists) without V8's optimising compiler: that
    // code runs once, and optimising it cost ~3 ms of every run (more on a busy machine). The cache was checked
    // already; the core puts V8's defaults back, then sets the run's own flags (cli/v8-tuning.ts).
    if (noOpt) {
      setV8Flags('--no-opt');
      noOptSet = true;
    }
    return (script.runInThisContext() as (req: NodeRequire) => Core)(require);
  } catch {
    if (noOptSet) setV8Flags('--opt'); // the ESM program runs with V8's defaults
    return undefined;
  }
}

// Where the shipped files are, for the helper thread that reads big files (dist/lane-worker.cjs).
(globalThis as { vfioDoctorDist?: string }).vfioDoctorDist = __dirname;

const argv = process.argv.slice(2);
// On a terminal without these words it is the chat: do not load the core only for it to say no.
const REPORT_WORDS = new Set(['analyze', 'rules', '--json', '--markdown', '--md', '--help', '-h', '--version', '-V']);
// Both descriptors are checked before either stream is created (isTerminal(1) && isTerminal(0) would create
// process.stdout on a terminal even when stdin is a pipe).
const maybeReport = !(mayBeTerminal(1) && mayBeTerminal(0) && process.stdout.isTTY && process.stdin.isTTY) || argv.some((a) => REPORT_WORDS.has(a));
// A big log for `analyze`: its helper thread starts now, while the core loads (cli/lane-helper.ts).
const early = maybeReport && startEarly(argv);
const core = maybeReport ? loadCore(!early) : undefined;
// The core sets its V8 flags itself (cli/v8-tuning.ts), once it knows the command.
if (!core?.mainIfReportPath(argv)) {
  // A path the bundler leaves alone: dist/main.js is built separately, with its chunks.
  const program = pathToFileURL(join(__dirname, 'main.js')).href;
  void import(/* @vite-ignore */ program);
}
