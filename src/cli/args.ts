// Command-line parsing: argv → a typed request, or a usage error with a one-line reason.
import type { CliIO } from './io';

export type Command = 'chat' | 'analyze' | 'collect' | 'rules' | 'fix' | 'undo' | 'schema' | 'help' | 'version';

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
  force: boolean;
  bootGpuOk: boolean;
}

export class UsageError extends Error {}

const COMMANDS = new Set(['analyze', 'collect', 'rules', 'fix', 'undo', 'schema', 'help']);
const WITH_VALUE = new Set(['--root', '--gpu', '--bundle', '--ignore', '--only', '--output', '-o']);

export function parseArgs(argv: string[]): Args {
  const a: Args = { command: 'chat', positional: [], json: false, markdown: false, gpus: [], demo: false, ignore: [], only: [], yes: false, apply: false, list: false, debug: false, allFixes: false, force: false, bootGpuOk: false };
  let i = 0;
  let commandSet = false;
  while (i < argv.length) {
    let arg = argv[i]!;
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const takeValue = () => {
      if (value !== undefined) return value;
      const v = argv[++i];
      if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (WITH_VALUE.has(arg)) {
      const v = takeValue();
      if (arg === '--root') a.root = v;
      else if (arg === '--gpu') a.gpus.push(v);
      else if (arg === '--bundle') a.bundle = v;
      else if (arg === '--ignore') a.ignore.push(v);
      else if (arg === '--only') a.only.push(v);
      else a.output = v;
    } else if (arg === '--json') a.json = true;
    else if (arg === '--markdown' || arg === '--md') a.markdown = true;
    else if (arg === '--no-color' || arg === '--no-colour') a.color = false;
    else if (arg === '--color') a.color = true;
    else if (arg === '--demo') a.demo = true;
    else if (arg === '--no-redact') a.redact = false;
    else if (arg === '--redact') a.redact = true;
    else if (arg === '--yes' || arg === '-y') a.yes = true;
    else if (arg === '--apply') a.apply = true;
    else if (arg === '--list') a.list = true;
    else if (arg === '--debug') a.debug = true;
    else if (arg === '--all-fixes') a.allFixes = true;
    else if (arg === '--force') a.force = true;
    else if (arg === '--boot-gpu-ok') a.bootGpuOk = true;
    else if (arg === '--help' || arg === '-h') a.command = 'help';
    else if (arg === '--version' || arg === '-V') a.command = 'version';
    else if (arg === '-') a.positional.push(arg);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (see vfio-doctor --help)`);
    else if (!commandSet && a.positional.length === 0 && COMMANDS.has(arg)) {
      if (a.command !== 'help' && a.command !== 'version') a.command = arg as Command;
      commandSet = true;
    } else if (!commandSet) throw new UsageError(`unknown command "${arg}" (commands: analyze, collect, rules, fix, undo, schema)`);
    else a.positional.push(arg);
    i++;
  }
  if (a.json && a.markdown) throw new UsageError('choose one of --json and --markdown');
  return a;
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
  vfio-doctor                      chat assistant on this host (text report when not on a terminal)
  vfio-doctor --json | --markdown  analyse this host, report on stdout
  vfio-doctor analyze [FILE|-]     analyse a support bundle or pasted output (stdin with -)
  vfio-doctor --bundle FILE        chat assistant on a bundle instead of this host
  vfio-doctor --demo               chat assistant on a shipped example host
  vfio-doctor collect [-o FILE]    write a support bundle (redacted; --no-redact to keep names)
  vfio-doctor rules [--json]       list every rule
  vfio-doctor fix FIX-ID           show a fix's exact plan (dry run); --apply to execute it (root, or --root DIR),
                                   --yes to skip the question, --boot-gpu-ok when it binds your boot/only GPU
  vfio-doctor undo [--yes|--list]  restore the files the last applied fix changed (--force if edited since)
  vfio-doctor schema               JSON Schema of the --json report

Options:
  --json, --markdown   machine-readable or forum-ready output
  --root DIR           read (and apply fixes to) a sysroot instead of this host
  --gpu BDF            the GPU to pass through (repeatable); inferred when absent
  --ignore ID          silence a rule (repeatable); --only ID runs just that rule
  --all-fixes          show every fix variant in full in the text report
  --redact             replace host and user names, MACs, serials, UUIDs and IP addresses in the report
                       (bundles from collect are redacted unless --no-redact)
  --no-color           no colour (also NO_COLOR=1)
  --debug              show stack traces of internal errors
  -h, --help           this help; -V, --version the version

Exit codes: 0 no error found, 1 at least one error finding, 2 bad usage or unreadable input,
3 an apply or undo that changed nothing (refused, declined or rolled back).
What to paste: the output of  cat /proc/cmdline;  sudo dmesg;  lspci -nnk;  and the IOMMU group listing
(for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do echo "IOMMU Group \${g##*/} $(lspci -nns \${d##*/})"; done; done).
`;
