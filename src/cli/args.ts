// Command-line parsing with node:util parseArgs: argv → a typed request, or a usage error with a one-line reason.
import { parseArgs as parseArgv } from 'node:util';
import type { CliIO } from './io';
import { didYouMean } from './did-you-mean';
import { isLangValue } from '../i18n/locale';
import { getLang, joinList, tr } from '../i18n/lang';

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
export const OPTIONS = {
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
const commandName = (c: Command) => (c === 'chat' ? tr('vfio-doctor without a command', '不带命令的 vfio-doctor') : c);

/** The commands an option belongs to, for the message when it is given to another. */
function ownersOf(o: Option): string {
  const names = (Object.keys(PER_COMMAND) as Command[]).filter((c) => PER_COMMAND[c].includes(o)).map(commandName);
  return joinList(names);
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
        throw new UsageError(tr(`unknown command "${arg}"${near ? `; did you mean "${near}"?` : ''} (commands: analyze, collect, rules, fix, undo, schema, vm)`, `未知命令 "${arg}"${near ? `；你是想输入 "${near}" 吗？` : ''}（可用命令：analyze、collect、rules、fix、undo、schema、vm）`));
      }
      else a.positional.push(arg);
      continue;
    }
    const raw = t.rawName;
    if (!isOption(t.name)) {
      const near = didYouMean(t.name, Object.keys(OPTIONS));
      throw new UsageError(tr(`unknown option ${raw}${near ? ` (did you mean --${near}?)` : ' (see vfio-doctor --help)'}`, `未知选项 ${raw}${near ? `（你是想输入 --${near} 吗？）` : '（见 vfio-doctor --help）'}`));
    }
    const spec = OPTIONS[t.name];
    let value: string | undefined;
    if (spec.type === 'string') {
      // "--gpu --json": the next word is another option, not the value (a lone "-" is a value: standard input).
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value !== '-')) throw new UsageError(tr(`${raw} needs a value`, `${raw} 需要一个值`));
      value = t.value;
    } else if (t.value !== undefined) throw new UsageError(tr(`${raw} takes no value`, `${raw} 不接受值`));
    if (!allowed.has(t.name)) {
      misplaced ??= tr(`${raw} is an option of ${ownersOf(t.name)}, not of ${commandName(word ?? 'chat')} (see vfio-doctor --help)`, `${raw} 是 ${ownersOf(t.name)} 的选项，不能用于${commandName(word ?? 'chat')}（见 vfio-doctor --help）`);
      continue;
    }
    set(a, t.name, value);
  }
  if (misplaced) throw new UsageError(misplaced);
  if (word && a.command === 'help' && word !== 'help') a.helpFor = word;
  if (word && a.command !== 'help' && a.command !== 'version') a.command = word;
  if (a.json && a.markdown) throw new UsageError(tr('choose one of --json and --markdown', '--json 和 --markdown 只能选一个'));
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
      if (!isLangValue(v)) throw new UsageError(tr(`--lang ${v}: not a language vfio-doctor speaks (choose zh or en)`, `--lang ${v}：vfio-doctor 不支持这种语言（可选 zh 或 en）`));
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

/** The same help in Chinese (commands, options and the paste commands stay as typed), ≤ 80 display columns. */
export const HELP_ZH = `vfio-doctor —— 诊断并修复 KVM/VFIO 显卡直通问题

用法：
  vfio-doctor                     在本机上对话（输出到管道时打印文本报告）
  vfio-doctor --json|--markdown   分析本机，报告输出到 stdout
  vfio-doctor analyze [FILE|-]    分析诊断包或粘贴的输出（- 表示标准输入）
  vfio-doctor --bundle FILE       对一个诊断包对话，而不是本机
  vfio-doctor --demo              对自带的示例宿主机对话
  vfio-doctor collect [-o FILE]   生成诊断包（已脱敏）
  vfio-doctor rules [--json]      列出所有规则
  vfio-doctor fix ID              显示修复方案的具体步骤（预演）；--apply 执行
  vfio-doctor undo [--yes|--list] 恢复上一次修复改动的文件
  vfio-doctor schema              --json 报告的 JSON Schema
  vfio-doctor vm [libvirt|proxmox|qemu] [FILE|-]
                                  虚拟机要为直通目标的 IOMMU 组添加的配置
  vfio-doctor COMMAND --help      某个命令的选项

选项：
  --json, --markdown  机器可读的输出，或可直接贴到论坛的输出
  --root DIR          读取某个系统根目录（修复也应用到那里），而不是本机
  --gpu BDF           要直通的显卡（可重复）；不指定则自动推断
  --ignore ID         不运行某条规则（可重复）；--only ID 只运行这条规则
  --all-fixes         在文本报告中完整显示每个修复方案
  -v, --verbose       列出每条无法运行的规则，以及需要粘贴什么
  --redact            替换主机名、用户名、MAC、序列号、UUID 和 IP 地址
                      (诊断包默认脱敏，除非加 --no-redact)
  --no-color          不使用颜色（也可设 NO_COLOR=1）
  --lang zh|en        语言（默认看 LC_ALL、LC_MESSAGES、LANG）
  --debug             内部错误时显示调用栈
  -h, --help          显示本帮助；-V, --version 显示版本

退出码：0 没有发现错误，1 至少有一个错误级别的问题，2 用法错误或输入无法
读取，3 应用或撤销没有做任何改动（被拒绝、被取消或已回滚）。

需要粘贴的内容：cat /proc/cmdline;sudo dmesg;lspci -nnk 的输出，
以及 IOMMU 组列表：
for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do
  echo "IOMMU Group \${g##*/} $(lspci -nns \${d##*/})"; done; done
`;

/** `vfio-doctor COMMAND --help` in Chinese. */
export const COMMAND_HELP_ZH: Partial<Record<Command, string>> = {
  analyze: `用法：vfio-doctor analyze [FILE|-] [选项]   (也可写作 analyse)

分析诊断包或粘贴的输出(dmesg、lspci -nnk、/proc/cmdline、IOMMU 组列表、
QEMU 报错);- 或管道表示从标准输入读取。

  --json, --markdown  机器可读的输出，或可直接贴到论坛的输出
  --gpu BDF           要直通的显卡（可重复）；不指定则自动推断
  --only ID, --ignore ID   只运行这条规则 / 不运行它（可重复）
  --all-fixes         完整显示每个修复方案
  -v, --verbose       列出每条无法运行的规则，以及需要粘贴什么
  --redact            替换报告中的名称和地址
`,
  fix: `用法：vfio-doctor fix ID [--apply [--yes] [--boot-gpu-ok]] [选项]

显示某个修复方案在本机上的具体步骤（预演：不做任何改动）。ID 是修复方案 ID
（每个问题下面“修复方案 ID：”那一行），或者在这里只有一个修复方案的规则 ID。
预演的最后一行是应用它的命令。

  --apply         应用修复（需要 root，或 --root DIR）；每个文件都会先备份
  --yes           应用前不再询问
  --boot-gpu-ok   允许绑定宿主机启动用的显卡（或唯一的显卡）
  --bundle FILE, --demo   为诊断包或演示宿主机生成步骤（不会应用）
  --root DIR      为某个系统根目录生成步骤（并应用到那里）
  --gpu BDF       要直通的显卡
`,
  undo: `用法：vfio-doctor undo [--yes] [--list] [--force] [--root DIR]

用备份恢复上一次应用的修复改动过的文件。

  --list    列出所有已应用的改动，最新的在最后
  --yes     恢复前不再询问
  --force   即使文件之后又被编辑过也恢复（编辑过的副本会保留）
  --root DIR  在某个系统根目录中撤销
`,
  collect: `用法：vfio-doctor collect [-o FILE|-] [--no-redact] [--root DIR]

生成本机的诊断包：vfio-doctor 读取的全部内容，放在一个文本文件里，可以附在
论坛帖子或 issue 中。不加 -o 时文件名带日期和时间
（vfio-doctor-bundle-DATE-TIME.txt）；输出到管道时写到 stdout。
主机名、用户名、MAC、序列号、UUID 和 IP 地址默认会被替换，除非加 --no-redact。
`,
  rules: `用法：vfio-doctor rules [--json]

列出 vfio-doctor 检查的每条规则及其 ID（用于 --only 和 --ignore）。
`,
  schema: `用法：vfio-doctor schema

打印 --json 报告的 JSON Schema。
`,
  vm: `用法：vfio-doctor vm [libvirt|proxmox|qemu] [FILE|-] [选项]

打印虚拟机需要添加的配置，让它拿到直通目标的显卡及其 IOMMU 组的每个功能：
libvirt 的 <hostdev> 元素（同一个虚拟机插槽，multifunction）、一行 Proxmox
qm set，或 QEMU 的 -device 参数。

读取 FILE（- 表示标准输入）、--bundle FILE、--demo、--root DIR 或本机。
  --gpu BDF   要直通的显卡，有多张可能时指定
  --json      以 JSON 输出生成的配置
`,
};

/** The help for the run's language: `vfio-doctor --help`, or one command's. */
export function helpText(command?: Command): string {
  const zh = getLang() === 'zh';
  const each = zh ? COMMAND_HELP_ZH : COMMAND_HELP;
  return (command && each[command]) ?? (zh ? HELP_ZH : HELP);
}
