// Command-line parsing, table-driven: argv → the parsed request, or the one-line usage error.
import { describe, it, expect } from 'vitest';
import { parseArgs, UsageError, type Args } from '../../src/cli/args';

const base: Args = { command: 'chat', positional: [], json: false, markdown: false, gpus: [], demo: false, ignore: [], only: [], yes: false, apply: false, list: false, debug: false, allFixes: false, verbose: false, force: false, bootGpuOk: false };

const PARSED: [string[], Partial<Args>][] = [
  [[], {}],
  // commands
  [['analyze'], { command: 'analyze' }],
  [['analyze', 'paste.txt'], { command: 'analyze', positional: ['paste.txt'] }],
  [['analyze', '-'], { command: 'analyze', positional: ['-'] }],
  [['collect'], { command: 'collect' }],
  [['rules'], { command: 'rules' }],
  [['fix', 'intel-iommu-not-enabled/grub'], { command: 'fix', positional: ['intel-iommu-not-enabled/grub'] }],
  [['undo'], { command: 'undo' }],
  [['schema'], { command: 'schema' }],
  [['help'], { command: 'help' }],
  [['fix', 'fix'], { command: 'fix', positional: ['fix'] }],
  // options before the command, and after its argument
  [['--json', 'analyze', 'f.txt'], { command: 'analyze', json: true, positional: ['f.txt'] }],
  [['analyze', 'f.txt', '--json'], { command: 'analyze', json: true, positional: ['f.txt'] }],
  // global options
  [['--json'], { json: true }],
  [['--root', '/mnt'], { root: '/mnt' }],
  [['--root=/mnt'], { root: '/mnt' }],
  [['--root', '/a', '--root', '/b'], { root: '/b' }],
  [['--gpu', '01:00.0', '--gpu=02:00.0'], { gpus: ['01:00.0', '02:00.0'] }],
  [['--color'], { color: true }],
  [['--no-color'], { color: false }],
  [['--no-colour'], { color: false }],
  [['--debug'], { debug: true }],
  [['rules', '--json'], { command: 'rules', json: true }],
  [['undo', '--json', '--root', '/r'], { command: 'undo', json: true, root: '/r' }],
  [['collect', '--gpu', '01:00.0'], { command: 'collect', gpus: ['01:00.0'] }],
  // help and version win over the command; the last of the two wins
  [['--help'], { command: 'help' }],
  [['-h'], { command: 'help' }],
  [['--version'], { command: 'version' }],
  [['-V'], { command: 'version' }],
  [['analyze', '--help'], { command: 'help', helpFor: 'analyze' }],
  [['--help', 'fix', 'x'], { command: 'help', helpFor: 'fix', positional: ['x'] }],
  [['--help', '--version'], { command: 'version' }],
  [['--version', '--help'], { command: 'help' }],
  // the report and the chat
  [['--markdown'], { markdown: true }],
  [['--md'], { markdown: true }],
  [['--bundle', 'b.txt'], { bundle: 'b.txt' }],
  [['--bundle', '-'], { bundle: '-' }],
  [['--demo'], { demo: true }],
  [['--only', 'a', '--only', 'b', '--ignore', 'c'], { only: ['a', 'b'], ignore: ['c'] }],
  [['--all-fixes'], { allFixes: true }],
  [['--redact'], { redact: true }],
  [['--no-redact'], { redact: false }],
  [['-'], { positional: ['-'] }],
  // analyze
  [['analyze', '-', '--markdown', '--redact', '--all-fixes', '--only', 'x'], { command: 'analyze', positional: ['-'], markdown: true, redact: true, allFixes: true, only: ['x'] }],
  // collect
  [['collect', '-o', 'out.txt'], { command: 'collect', output: 'out.txt' }],
  [['collect', '--output', '-'], { command: 'collect', output: '-' }],
  [['collect', '-o', '-', '--no-redact', '--root', '/r'], { command: 'collect', output: '-', redact: false, root: '/r' }],
  // fix
  [['fix', 'a/b', '--apply', '--yes', '--boot-gpu-ok'], { command: 'fix', positional: ['a/b'], apply: true, yes: true, bootGpuOk: true }],
  [['fix', 'a/b', '-y', '--apply'], { command: 'fix', positional: ['a/b'], apply: true, yes: true }],
  [['fix', 'a/b', '--bundle', 'f', '--demo'], { command: 'fix', positional: ['a/b'], bundle: 'f', demo: true }],
  // undo
  [['undo', '--yes', '--list', '--force'], { command: 'undo', yes: true, list: true, force: true }],
  // after --, words that start with a dash are arguments
  [['analyze', '--', '-weird.txt'], { command: 'analyze', positional: ['-weird.txt'] }],
];

describe('parseArgs: what is parsed', () => {
  it.each(PARSED)('%j', (argv, want) => {
    expect(parseArgs(argv)).toEqual({ ...base, ...want });
  });
});

const ERRORS: [string[], string][] = [
  [['--frobnicate'], 'unknown option --frobnicate (see vfio-doctor --help)'],
  [['analyze', '--bogus', '--json'], 'unknown option --bogus (see vfio-doctor --help)'],
  [['-x'], 'unknown option -x (see vfio-doctor --help)'],
  [['--frob=1'], 'unknown option --frob (see vfio-doctor --help)'],
  [['bogus'], 'unknown command "bogus" (commands: analyze, collect, rules, fix, undo, schema, vm)'],
  [['--json', 'extra'], 'unknown command "extra" (commands: analyze, collect, rules, fix, undo, schema, vm)'],
  [['-', 'analyze'], 'unknown command "analyze" (commands: analyze, collect, rules, fix, undo, schema, vm)'],
  [['analyze', 'f', '--root'], '--root needs a value'],
  [['--gpu'], '--gpu needs a value'],
  [['--gpu', '--json'], '--gpu needs a value'],
  [['collect', '-o'], '-o needs a value'],
  [['collect', '-o', '--no-redact'], '-o needs a value'],
  [['--bundle'], '--bundle needs a value'],
  [['--only'], '--only needs a value'],
  [['--ignore', '-y'], '--ignore needs a value'],
  [['--json=yes'], '--json takes no value'],
  [['--json', '--markdown'], 'choose one of --json and --markdown'],
  [['analyze', 'f', '--json', '--md'], 'choose one of --json and --markdown'],
  // an option of another command
  [['analyze', 'f', '--apply'], '--apply is an option of fix, not of analyze (see vfio-doctor --help)'],
  [['rules', '--markdown'], '--markdown is an option of vfio-doctor without a command and analyze, not of rules (see vfio-doctor --help)'],
  [['--yes'], '--yes is an option of fix and undo, not of vfio-doctor without a command (see vfio-doctor --help)'],
  [['collect', '--demo'], '--demo is an option of vfio-doctor without a command, fix and vm, not of collect (see vfio-doctor --help)'],
  [['undo', '-o', 'x'], '-o is an option of collect, not of undo (see vfio-doctor --help)'],
  [['fix', 'a/b', '--list'], '--list is an option of undo, not of fix (see vfio-doctor --help)'],
  [['schema', '--redact'], '--redact is an option of vfio-doctor without a command, analyze and collect, not of schema (see vfio-doctor --help)'],
  // an unknown word or option is the likelier typo, so it is said first
  [['--apply', 'bogus'], 'unknown command "bogus" (commands: analyze, collect, rules, fix, undo, schema, vm)'],
];

describe('parseArgs: one-line usage errors', () => {
  it.each(ERRORS)('%j', (argv, message) => {
    let err: unknown;
    try {
      parseArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(message);
  });
});
