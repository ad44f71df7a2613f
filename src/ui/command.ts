// What a line typed at the chat's prompt asks for, as data: a pure parser from text to a ChatCommand.
import { normalizeBdf } from '../pci/bdf';
import { VM_FORMATS, type VmFormat } from '../vm/generate';

/** A finding named by its number (with an optional fix variant) or by a rule or fix id. */
export type FindingRef = { kind: 'number'; n: number; variant?: number } | { kind: 'id'; id: string };

/** Which GPU `gpu …` asks for: list them, let the tool infer, one address, or something that is not an address. */
export type GpuChoice = { kind: 'list' } | { kind: 'auto' } | { kind: 'bdf'; bdf: string; text: string } | { kind: 'bad'; text: string };

export type ChatCommand =
  | { kind: 'blank' }
  /** Program output typed or pasted at the prompt without `paste` first. */
  | { kind: 'output' }
  | { kind: 'quit' }
  | { kind: 'help' }
  | { kind: 'findings' }
  | { kind: 'fix' | 'apply' | 'why'; ref?: FindingRef }
  | { kind: 'page'; table: 'groups' | 'devices'; page: number }
  | { kind: 'more' }
  | { kind: 'gpu'; choice: GpuChoice }
  | { kind: 'paste' }
  /** format undefined: the user did not say json or markdown. */
  | { kind: 'export'; format?: 'json' | 'markdown'; file: string }
  | { kind: 'rules' }
  | { kind: 'undo' }
  /** Walk through the findings' fixes in order: from the first (`restart`) or on from where the walk is. */
  | { kind: 'walk'; restart: boolean }
  /** What to add to a VM for the target's group: one format, or all (format undefined); `bad` is an unknown format. */
  | { kind: 'vm'; format?: VmFormat; bad?: string }
  | { kind: 'question'; text: string };

/** "how do I fix it", "fix all", "what next", "next": the user wants to be led, not to pick a number. */
const WALK_START = /^(?:how (?:do|can|should|would) (?:i|we) fix (?:it|this|that|them|these|everything|all(?: of (?:it|them|this))?|my (?:setup|host|problems?))|fix (?:all|everything|them all|it all|all of (?:it|them))|walk me through(?: it| them| the fixes)?|where do i start|what (?:do|should) i do)$/;
const WALK_ON = /^(?:next|next step|what(?:'s| is)? next|what now|then what|and then|ok(?:ay)? next|done,? next)$/;

/** The same in Chinese: 怎么修 / 如何修复 / 全部修复 / 一步步来 start the walk, 下一步 / 然后呢 go on. */
const WALK_START_ZH = /^(?:(?:我)?(?:该|要|应该)?(?:怎么|如何|怎样)(?:修|修复|解决|处理)(?:它|这些|这个|问题)?(?:呢|啊)?|(?:全部|都|一起)修复|修复(?:全部|所有|所有问题)|一步步来|带我(?:一步步)?修复|从哪(?:里|儿)?开始)$/;
const WALK_ON_ZH = /^(?:下一步|下一个|继续|然后呢|接下来(?:呢|做什么)?|好了?[,,]?下一步)$/;

/** Chinese words for the commands: 修复 2, 为什么 2, 应用 2 and the rest map to the English command words. */
const ZH_COMMANDS: Record<string, string> = {
  修复: 'fix',
  应用: 'apply',
  为什么: 'why',
  原因: 'why',
  帮助: 'help',
  退出: 'quit',
  再见: 'quit',
  问题: 'findings',
  问题列表: 'findings',
  分组: 'groups',
  设备: 'devices',
  显卡: 'gpu',
  粘贴: 'paste',
  导出: 'export',
  规则: 'rules',
  撤销: 'undo',
  更多: 'more',
};

/** "修复 2", "修复2", "为什么 #2" → "fix 2", "why #2"; anything else unchanged ("为什么我的显卡…" stays a question). */
function fromChinese(t: string): string {
  const m = /^([一-鿿]+)\s*(.*)$/.exec(t);
  if (!m) return t;
  const word = ZH_COMMANDS[m[1]!];
  if (!word) return t;
  const arg = m[2]!;
  // A command word alone, or followed by what a command takes (a number, an address, a format, a file); not prose.
  if (arg === '' || /^[#\[]?\d/.test(arg) || /^[!-~]/.test(arg)) return arg ? `${word} ${arg}` : word;
  return t;
}

/** A finding by number with an optional fix variant (2, #2, [2], 2.1, 2/1, "2 1"). */
const FINDING_REF = /^#?\[?(\d+)\]?(?:[./ ](\d+))?$/;

/** The words that start a command: a multi-line chunk starting with one is typed commands, not a paste. */
const COMMAND_WORDS = new Set(['fix', 'apply', 'why', 'findings', 'summary', 'groups', 'devices', 'gpu', 'paste', 'export', 'rules', 'help', 'more', 'quit', 'exit', 'q', 'bye', 'vm']);

/** A line that is obviously program output (dmesg, lspci, group listing, bundle), not something typed to us. */
export function looksLikeOutput(line: string): boolean {
  const t = line.trim();
  return (
    /^\[\s*\d+\.\d+\]/.test(t) ||
    // "Group 3" alone is the `group 3` command (page 3 of the groups table); a listing line says more after the number.
    /^IOMMU\s+Group\s+\d+\b|^Group\s+\d+\b\s*\S/i.test(t) ||
    /^([0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\s+\S/i.test(t) ||
    /^BOOT_IMAGE=|^# vfio-doctor support bundle|^=== .+ ===$/.test(t) ||
    /^\S+@\S+[:~].*[$#]\s/.test(t)
  );
}

/** Lines that arrived together (one stdin chunk) and read as a paste: two or more non-blank lines not starting with a command. */
export function isPastedChunk(lines: readonly string[]): boolean {
  return lines.length >= 2 && !COMMAND_WORDS.has(firstWord(lines[0]!)) && lines.filter((l) => l.trim()).length >= 2;
}

/**
 * Parse one typed line. `isFindingId` says whether a word names a finding of the current report (a rule or fix id):
 * "why is my GPU …" is a question, "why 2" and "why identical-gpus-id-collision" are commands.
 */
export function parseCommand(line: string, isFindingId: (id: string) => boolean = () => false): ChatCommand {
  const typed = line.trim();
  if (!typed) return { kind: 'blank' };
  if (looksLikeOutput(typed)) return { kind: 'output' };
  // Trailing punctuation ("why 1?", "next.", "为什么 1?") is how people type, not part of the command ("?" alone is help).
  const bare = typed.replace(/\s*[?!.,;:\uff1f\uff01\u3002\uff0c\uff1b\uff1a]+$/, '') || typed;
  const lower0 = bare.toLowerCase().replace(/\s+/g, ' ');
  if (WALK_START.test(lower0) || WALK_START_ZH.test(lower0)) return { kind: 'walk', restart: true };
  if (WALK_ON.test(lower0) || WALK_ON_ZH.test(lower0)) return { kind: 'walk', restart: false };
  const t = fromChinese(bare);
  const lower = t.toLowerCase().replace(/\s+/g, ' ');
  if (WALK_START.test(lower)) return { kind: 'walk', restart: true };
  if (WALK_ON.test(lower)) return { kind: 'walk', restart: false };
  if (/^\d+$/.test(t)) return { kind: 'fix', ref: { kind: 'number', n: Number(t) } };
  const [word0, ...rest] = t.split(/\s+/);
  const word = word0!.toLowerCase();
  const arg = rest.join(' ');
  switch (word) {
    case 'quit':
    case 'exit':
    case 'q':
    case 'bye':
      return { kind: 'quit' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'findings':
    case 'summary':
      return { kind: 'findings' };
    case 'fix':
    case 'apply':
    case 'why': {
      if (!arg) return { kind: word };
      const ref = findingRef(arg, isFindingId);
      return ref ? { kind: word, ref } : { kind: 'question', text: typed };
    }
    case 'groups':
    case 'group':
    case 'devices':
    case 'device':
    case 'lspci':
      return { kind: 'page', table: word.startsWith('group') ? 'groups' : 'devices', page: /^\d+$/.test(arg) ? Number(arg) - 1 : 0 };
    case 'more':
      return { kind: 'more' };
    case 'gpu':
    case 'target':
      return { kind: 'gpu', choice: gpuChoice(arg) };
    case 'paste':
      return { kind: 'paste' };
    case 'export':
    case 'save': {
      const fmt = (rest[0] ?? '').toLowerCase();
      const format = fmt === 'json' ? 'json' : fmt === 'markdown' || fmt === 'md' ? 'markdown' : undefined;
      const file = rest.slice(1).join(' ') || (format === 'json' ? 'vfio-doctor-report.json' : 'vfio-doctor-report.md');
      return { kind: 'export', format, file };
    }
    case 'rules':
      return { kind: 'rules' };
    case 'undo':
      return { kind: 'undo' };
    case 'vm': {
      const f = arg.toLowerCase();
      if (!f || f === 'all') return { kind: 'vm' };
      // "vm libvirt", "vm virt-install"; virtinstall and qm are what people also type.
      const alias: Record<string, VmFormat> = { virtinstall: 'virt-install', qm: 'proxmox', pve: 'proxmox', xml: 'libvirt', virsh: 'libvirt' };
      const format = (VM_FORMATS as readonly string[]).includes(f) ? (f as VmFormat) : alias[f];
      return format ? { kind: 'vm', format } : { kind: 'vm', bad: arg };
    }
    default:
      return { kind: 'question', text: typed };
  }
}

function findingRef(arg: string, isFindingId: (id: string) => boolean): FindingRef | undefined {
  const a = arg.trim();
  const m = FINDING_REF.exec(a);
  if (m) return { kind: 'number', n: Number(m[1]), ...(m[2] ? { variant: Number(m[2]) - 1 } : {}) };
  return isFindingId(a) ? { kind: 'id', id: a } : undefined;
}

function gpuChoice(arg: string): GpuChoice {
  if (!arg) return { kind: 'list' };
  if (/^(auto|infer|default)$/i.test(arg)) return { kind: 'auto' };
  const bdf = normalizeBdf(arg) ?? normalizeBdf(`${arg}.0`);
  return bdf ? { kind: 'bdf', bdf, text: arg } : { kind: 'bad', text: arg };
}

function firstWord(l: string): string {
  return (l.trim().split(/\s+/)[0] ?? '').toLowerCase();
}
