// Entry point (dist/cli.js). The report paths (analyze, rules, --root/--bundle/--demo reports) run from dist/core.js,
// one script compiled from the V8 code cache the build made (dist/core.cache), so start-up skips parsing and compiling;
// everything else (the chat, collect, fix, undo, live runs) loads the ESM chunks. Both are built from the same sources.
import { createRequire } from 'node:module';

// Built-ins through require(): an ESM import of node:fs builds a facade of every export (and loads fs streams).
const req = createRequire(import.meta.url);
const { readFileSync } = req('node:fs') as typeof import('node:fs');
const { Script } = req('node:vm') as typeof import('node:vm');
const { fileURLToPath } = req('node:url') as typeof import('node:url');

interface Core {
  mainIfReportPath(argv: string[]): boolean;
}

/** dist/core.js with its code cache; undefined when it is missing or cannot load (then the ESM chunks do all). */
function loadCore(): Core | undefined {
  if (process.env.VFIO_DOCTOR_NO_CORE) return undefined;
  try {
    const file = fileURLToPath(new URL('./core.js', import.meta.url));
    const source = readFileSync(file, 'utf8');
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(fileURLToPath(new URL('./core.cache', import.meta.url)));
    } catch {
      cachedData = undefined; // no cache: V8 compiles the script as usual
    }
    // A cache made by another Node or V8 version is rejected by V8 itself, and the script is compiled instead.
    const script = new Script(source, { filename: file, cachedData });
    return (script.runInThisContext() as (req: NodeRequire) => Core)(req);
  } catch {
    return undefined;
  }
}

const argv = process.argv.slice(2);
// On a terminal without these words it is the chat: do not load the core only for it to say no.
const REPORT_WORDS = new Set(['analyze', 'rules', '--json', '--markdown', '--md', '--help', '-h', '--version', '-V']);
const maybeReport = !(process.stdout.isTTY && process.stdin.isTTY) || argv.some((a) => REPORT_WORDS.has(a));
if (!(maybeReport && loadCore()?.mainIfReportPath(argv))) {
  void import('./cli/run').then(({ main }) => main(argv));
}
