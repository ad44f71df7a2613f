// Command-line parsing with node:util parseArgs: argv → a typed request, or a usage error with a one-line reason.
import { parseArgs as parseArgv } from 'node:util';
import type { CliIO } from './io';
import { didYouMean } from './did-you-mean';
import { isLangValue } from '../i18n/locale';

export type Command = 'chat' | 'analyze' | 'collect' | 'rules' | 'fix' | 'undo' | 'schema' | 'vm' | 'help' | 'version';

export interface Args {
  command: Command;
  /** analyze: FILE or "-"; fix: FIX-ID */
  positional: string[];
  json: boolean;
  markdown: boolean;
  root?: string;
  gpus: string[];
  color?: boolean;
  bundle?: string;
  demo: boolean;
  ignore: string[];
  only: string[];
  output?: string;
  /** --redact / --no-redact; unset: bundles are redacted, reports are not. */
  redact?: boolean;
  yes: boolean;
  apply: boolean;
  list: boolean;
  debug: boolean;
  allFixes: boolean;
  /** `COMMAND --help`: whose help to show. */
  helpFor?: Command;
  /** Every rule that could not run, with its reason (the short block groups them). */
  verbose: boolean;
  force: boolean;
  bootGpuOk: boolean;
  /** --lang as given (zh, zh-CN, zh_CN, en); unset: the locale variables decide. */
  lang?: string;
}

export class UsageError extends Error {}

/** Every option of every command (node 20's parseArgs has no --no-X negation: those are options of their own). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  md: { type: 'boolean' },
  root: { type: 'string' },
  gpu: { type: 'string', multiple: true },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'no-colour': { type: 'boolean' },
  debug: { type: 'boolean' },
  bundle: { type: 'string' },
  demo: { type: 'boolean' },
  ignore: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
  'all-fixes': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  redact: { type: 'boolean' },
  'no-redact': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  apply: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'boot-gpu-ok': { type: 'boolean' },
  list: { type: 'boolean' },
  force: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

type Option = keyof typeof OPTIONS;

/** Options every command takes: --json also asks for the JSON error document, whatever the command. */
const GLOBAL: readonly Option[] = ['help', 'version', 'json', 'debug', 'color', 'no-color', 'no-colour', 'root', 'gpu', 'lang'];

/** What each command takes besides the global options; anything else is a usage error naming whose option it is. */
const PER_COMMAND: Record<Command, readonly Option[]> = {
  chat: ['markdown', 'md', 'bundle', 'demo', 'only', 'ignore', 'all-fixes', 'verbose', 'redact', 'no-redact'],
  analyze: ['markdown', 'md', 'only', 'ignore', 'all-fixes', 'verbose', 'redact', 'no-redact'],
  collect: ['output', 'redact', 'no-redact'],
  rules: [],
  fix: ['bundle', 'demo', 'apply', 'yes', 'boot-gpu-ok'],
  undo: ['yes', 'list', 'force'],
  schema: [],
  vm: ['bundle', 'demo'],
  help: [],
  version: [],
};

const COMMANDS = new Set<string>(['analyze', 'collect', 'rules', 'fix', 'undo', 'schema', 'vm', 'help']);
/** Other spellings people type (the tool's own prose says "analyse"). */
const ALIASES: Record<string, Command> = { analyse: 'analyze' };

const isOption = (name: string): name is Option => Object.hasOwn(OPTIONS, name);
const commandName = (c: Command) => (c === 'chat' ? 'vfio-doctor without a command' : c);

/** The commands an option belongs to, for the message when it is given to another. */
function ownersOf(o: Option): string {
  const names = (Object.keys(PER_COMMAND) as Command[]).filter((c) => PER_COMMAND[c].includes(o)).map(commandName);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { command: 'chat', positional: [], json: false, markdown: false, gpus: [], demo: false, ignore: [], only: [], yes: false, apply: false, list: false, debug: false, allFixes: false, verbose: false, force: false, bootGpuOk: false };
  // Not strict: unknown options, missing values and values that look like options are said here in our words.
  const { tokens } = parseArgv({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  // The command word is the first word, wherever the options are; the options are checked against it.
  const firstWord = tokens.find((t) => t.kind === 'positional');
  const first = firstWord ? (ALIASES[firstWord.value] ?? firstWord.value) : undefined;
  const word = first && COMMANDS.has(first) ? (first as Command) : undefined;
  const allowed = new Set([...GLOBAL, ...PER_COMMAND[word ?? 'chat']]);
  // An option of another command is said after an unknown command or option: those are the likelier typo.
  let misplaced: string | undefined;
  let commandSet = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      const arg = t.value;
      if (!commandSet && (ALIASES[arg] ?? arg) === word && a.positional.length === 0) commandSet = true;
      else if (!commandSet && arg !== '-') {
        // A command word in the wrong place ("- analyze") is not a typo: nothing to suggest.
        const near = COMMANDS.has(ALIASES[arg] ?? arg) ? undefined : didYouMean(arg, [...COMMANDS, ...Object.keys(ALIASES)]);
        throw new UsageError(`unknown command "${arg}"${near ? `; did you mean "${near}"?` : ''} (commands: analyze, collect, rules, fix, undo, schema, vm)`);
      }
      else a.positional.push(arg);
      continue;
    }
    const raw = t.rawName;
    if (!isOption(t.name)) {
      const near = didYouMean(t.name, Object.keys(OPTIONS));
      throw new UsageError(`unknown option ${raw}${near ? ` (did you mean --${near}?)` : ' (see vfio-doctor --help)'}`);
    }
    const spec = OPTIONS[t.name];
    let value: string | undefined;
    if (spec.type === 'string') {
      // "--gpu --json": the next word is another option, not the value (a lone "-" is a value: standard input).
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value !== '-')) throw new UsageError(`${raw} needs a value`);
      value = t.value;
    } else if (t.value !== undefined) throw new UsageError(`${raw} takes no value`);
    if (!allowed.has(t.name)) {
      misplaced ??= `${raw} is an option of ${ownersOf(t.name)}, not of ${commandName(word ?? 'chat')} (see vfio-doctor --help)`;
      continue;
    }
    set(a, t.name, value);
  }
  if (misplaced) throw new UsageError(misplaced);
  if (word && a.command === 'help' && word !== 'help') a.helpFor = word;
  if (word && a.command !== 'help' && a.command !== 'version') a.command = word;
  if (a.json && a.markdown) throw new UsageError('choose one of --json and --markdown');
  return a;
}

/** One option into the request; `value` is set for the options that take one. */
function set(a: Args, name: Option, value: string | undefined): void {
  const v = value!;
  switch (name) {
    // The last of --help and --version wins, as it always has.
    case 'help':
      a.command = 'help';
      return;
    case 'version':
      a.command = 'version';
      return;
    case 'json':
      a.json = true;
      return;
    case 'markdown':
    case 'md':
      a.markdown = true;
      return;
    case 'root':
      a.root = v;
      return;
    case 'gpu':
      a.gpus.push(v);
      return;
    case 'lang':
      if (!isLangValue(v)) throw new UsageError(`--lang ${v}: not a language vfio-doctor speaks (choose zh or en)`);
      a.lang = v;
      return;
    case 'color':
      a.color = true;
      return;
    case 'no-color':
    case 'no-colour':
      a.color = false;
      return;
    case 'debug':
      a.debug = true;
      return;
    case 'bundle':
      a.bundle = v;
      return;
    case 'demo':
      a.demo = true;
      return;
    case 'ignore':
      a.ignore.push(v);
      return;
    case 'only':
      a.only.push(v);
      return;
    case 'all-fixes':
      a.allFixes = true;
      return;
    case 'verbose':
      a.verbose = true;
      return;
    case 'redact':
      a.redact = true;
      return;
    case 'no-redact':
      a.redact = false;
      return;
    case 'output':
      a.output = v;
      return;
    case 'apply':
      a.apply = true;
      return;
    case 'yes':
      a.yes = true;
      return;
    case 'boot-gpu-ok':
      a.bootGpuOk = true;
      return;
    case 'list':
      a.list = true;
      return;
    case 'force':
      a.force = true;
      return;
  }
}

/**
 * Does the default command open the chat? Only with a terminal on both ends and no machine-readable format asked for.
 * The order matters: on the real process stdinIsTTY is a getter that may create the stdin stream, so it is asked
 * only once stdout is known to be a terminal.
 */
export function isInteractive(args: Pick<Args, 'json' | 'markdown'>, io: Pick<CliIO, 'stdoutIsTTY' | 'stdinIsTTY'>): boolean {
  return io.stdoutIsTTY && io.stdinIsTTY && !args.json && !args.markdown;
}

export const HELP = `vfio-doctor — diagnose KVM/VFIO GPU passthrough problems and fix them

Usage:
  vfio-doctor                     chat on this host (a text report when piped)
  vfio-doctor --json|--markdown   analyse this host, report on stdout
  vfio-doctor analyze [FILE|-]    analyse a bundle or pasted output (- = stdin)
  vfio-doctor --bundle FILE       chat on a bundle instead of this host
  vfio-doctor --demo              chat on a shipped example host
  vfio-doctor collect [-o FILE]   write a support bundle (redacted)
  vfio-doctor rules [--json]      list every rule
  vfio-doctor fix ID              a fix's exact plan (dry run); --apply runs it
  vfio-doctor undo [--yes|--list] restore the files the last fix changed
  vfio-doctor schema              JSON Schema of the --json report
  vfio-doctor vm [libvirt|proxmox|qemu|virt-install] [FILE|-]
                                  what to add to a VM for the target's group
  vfio-doctor COMMAND --help      the options of one command

Options:
  --json, --markdown  machine-readable or forum-ready output
  --root DIR          read (and apply fixes to) a sysroot instead of this host
  --gpu BDF           the GPU to pass through (repeatable); else inferred
  --ignore ID         silence a rule (repeatable); --only ID runs just that rule
  --all-fixes         show every fix variant in full in the text report
  -v, --verbose       list every rule that could not run, with what to paste
  --redact            replace host and user names, MACs, serials, UUIDs and
                      IP addresses (bundles are redacted unless --no-redact)
  --no-color          no colour (also NO_COLOR=1)
  --lang zh|en        language (else LC_ALL, LC_MESSAGES, LANG); 中文： --lang zh
  --debug             show stack traces of internal errors
  -h, --help          this help; -V, --version the version

Exit codes: 0 no error found, 1 at least one error finding, 2 bad usage or
unreadable input, 3 an apply or undo that changed nothing (refused, declined
or rolled back).

What to paste: the output of  cat /proc/cmdline;  sudo dmesg;  lspci -nnk;
and the IOMMU group listing:
for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do
  echo "IOMMU Group \${g##*/} $(lspci -nns \${d##*/})"; done; done
`;

/** `vfio-doctor COMMAND --help`: what that command does and takes, ≤ 80 columns. */
export const COMMAND_HELP: Partial<Record<Command, string>> = {
  analyze: `Usage: vfio-doctor analyze [FILE|-] [options]   (also: analyse)

Analyse a support bundle or pasted output (dmesg, lspci -nnk, /proc/cmdline,
the IOMMU group listing, QEMU errors); - or a pipe reads standard input.

  --json, --markdown  machine-readable or forum-ready output
  --gpu BDF           the GPU to pass through (repeatable); else inferred
  --only ID, --ignore ID   run just that rule / silence it (repeatable)
  --all-fixes         show every fix variant in full
  -v, --verbose       list every rule that could not run, with what to paste
  --redact            replace names and addresses in the report
`,
  fix: `Usage: vfio-doctor fix ID [--apply [--yes] [--boot-gpu-ok]] [options]

Show the exact plan of a fix for this host (a dry run: nothing is changed).
ID is a fix id (the "fix id:" line under a finding) or a rule id when that
rule has one fix here. The dry run ends with the command that applies it.

  --apply         apply it (needs root, or --root DIR); backs up every file
  --yes           do not ask before applying
  --boot-gpu-ok   allow binding the GPU the host boots on (or its only GPU)
  --bundle FILE, --demo   plan for a bundle or the demo host (not applied)
  --root DIR      plan for (and apply to) a sysroot
  --gpu BDF       the GPU to pass through
`,
  undo: `Usage: vfio-doctor undo [--yes] [--list] [--force] [--root DIR]

Restore the files the last applied fix changed, from its backup.

  --list    show every applied change, newest last
  --yes     do not ask before restoring
  --force   restore even files edited since (the edited copies are kept)
  --root DIR  undo in a sysroot
`,
  collect: `Usage: vfio-doctor collect [-o FILE|-] [--no-redact] [--root DIR]

Write a support bundle of this host: what vfio-doctor reads, in one text file
to attach to a forum post or issue. Without -o it is named with the date and
time (vfio-doctor-bundle-DATE-TIME.txt), or goes to stdout in a pipe.
Host and user names, MACs, serials, UUIDs and IP addresses are redacted
unless --no-redact.
`,
  rules: `Usage: vfio-doctor rules [--json]

List every rule vfio-doctor checks, with its id (for --only and --ignore).
`,
  schema: `Usage: vfio-doctor schema

Print the JSON Schema of the --json report.
`,
  vm: `Usage: vfio-doctor vm [libvirt|proxmox|qemu|virt-install] [FILE|-] [options]

Print what to add to a VM so it gets the passthrough target's card and every
function of its IOMMU group: libvirt <hostdev> elements (one guest slot,
multifunction), a Proxmox qm set line, QEMU -device arguments, or
virt-install --hostdev options.

Reads FILE (or - for stdin), --bundle FILE, --demo, --root DIR, or this host.
  --gpu BDF   the card to pass through, when several could be meant
  --json      the generated lines as JSON
`,
};
