// The short "could not check" block: only rules that can apply to this host, grouped by what the user could paste.
//
// The full list stays in --verbose and in the JSON (report.unableToCheck, unchanged); this is what a first-time reader
// sees after the findings, so it must stay a few lines however little was pasted.
import type { Report } from '../schema/report';
import type { UnableToCheck } from '../schema/finding';
import { tr, trN } from '../i18n/lang';

/**
 * Rules that only concern one CPU family or architecture. Kept here (presentation) rather than in rule metadata so the
 * rules stay untouched while their inputs are being declared; the ids are the rules' own (rules/<id>/).
 */
const ONLY_FOR: Record<string, 'intel' | 'amd' | 'arm'> = {
  'intel-iommu-not-enabled': 'intel',
  'intel-iommu-platform-optin': 'intel',
  'intel-rmrr-ineligible': 'intel',
  'vtx-disabled-by-bios': 'intel',
  'amd-iommu-on-noop': 'amd',
  'amd-iommu-sme-conflict': 'amd',
  'amd-ivrs-ioapic-bug': 'amd',
  'svm-disabled-by-bios': 'amd',
  'arm-hyp-mode-unavailable': 'arm',
};

/** Can this rule apply to the host? An unknown CPU keeps every rule: unknown is not "does not apply". */
export function canApply(id: string, cpuVendor: string | null): boolean {
  const only = ONLY_FOR[id];
  if (!only || !cpuVendor) return true;
  if (only === 'arm') return cpuVendor !== 'intel' && cpuVendor !== 'amd';
  // 'other' is neither x86 vendor (an Arm or other host): Intel- and AMD-only rules cannot apply to it.
  return cpuVendor === only;
}

export interface UnableGroup {
  /** What to paste (the parenthesised part of the reasons), or the whole reason when it names nothing to paste. */
  what: string;
  /** True when `what` is something to paste or run, false when it is a whole reason. */
  paste: boolean;
  items: UnableToCheck[];
}

/**
 * What to paste, from a reason's last parenthesised part: "no kernel log was given (sudo dmesg | grep DMAR)" →
 * "sudo dmesg". Only the first input named is kept (before a pipe, a comma, "or", "and", "after"), so rules that
 * want the same output group together; the full wording stays in --verbose.
 */
export function whatToPaste(reason: string): string | undefined {
  const s = reason.trimEnd();
  if (!s.endsWith(')')) return undefined;
  // Walk back to the opening parenthesis that matches the final one (a command may hold parentheses of its own).
  let depth = 0;
  let inner: string | undefined;
  for (let i = s.length - 1; i >= 0 && inner === undefined; i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(' && --depth === 0) inner = s.slice(i + 1, -1).trim();
  }
  // An aside in parentheses ("(or its time is unknown)") names nothing to paste.
  if (!inner || /^(?:no|see|or|and|if|only|which|whether)\b/i.test(inner) || inner.includes('; ')) return undefined;
  const first = inner
    .replace(/^paste:?\s+|^请粘贴[:：]\s*/i, '')
    .replace(/^the whole\s+/i, '')
    .split(' | ')[0]!
    .split(/,\s|\s+(?:or|and|after)\s+/)[0]!
    .replace(/`/g, '')
    .trim();
  if (!first) return undefined;
  // A bare file is pasted with cat, so "/proc/cpuinfo" and "cat /proc/cpuinfo" are one group.
  return /^\/(?:proc|sys)\/\S+$/.test(first) ? `cat ${first}` : first;
}

/**
 * For reasons that name no command: the input their wording names. A stopgap until each rule declares its inputs
 * (then the group key comes from the declaration); the first match wins, so the commonest input is named.
 */
const NAMED_INPUT: [RegExp, string][] = [
  [/\b(?:kernel|boot) log\b/i, 'sudo dmesg'],
  [/\bCPU flags\b/i, 'cat /proc/cpuinfo'],
  [/\b(?:kernel )?command line\b/i, 'cat /proc/cmdline'],
  [/\/etc\/modprobe\.d\b/, 'cat /etc/modprobe.d/*.conf'],
  [/\bQEMU\b.*\berror\b/i, 'the VM log (/var/log/libvirt/qemu/)'],
];

function inputOf(reason: string): string | undefined {
  return whatToPaste(reason) ?? NAMED_INPUT.find(([re]) => re.test(reason))?.[1];
}

export interface UnableSummary {
  /** Rules that could not run and can apply here, grouped, the largest group first. */
  groups: UnableGroup[];
  /** How many of report.unableToCheck were left out because they cannot apply to this host. */
  notApplicable: number;
  total: number;
}

export function summariseUnable(r: Pick<Report, 'unableToCheck' | 'host'>): UnableSummary {
  const vendor = r.host.cpuVendor.value;
  const kept = r.unableToCheck.filter((u) => canApply(u.id, vendor));
  const byKey = new Map<string, UnableGroup>();
  for (const u of kept) {
    const p = inputOf(u.reason);
    const key = p ?? u.reason;
    const g = byKey.get(key) ?? { what: key, paste: p !== undefined, items: [] };
    g.items.push(u);
    byKey.set(key, g);
  }
  // Stable: equal-sized groups keep the rules' order.
  // Groups of things to paste first (they say what to do), then the largest; stable within.
  const groups = [...byKey.values()].sort((a, b) => Number(b.paste) - Number(a.paste) || rulesIn(b) - rulesIn(a));
  const skipped = new Set(r.unableToCheck.filter((u) => !canApply(u.id, vendor)).map((u) => u.id));
  return { groups, notApplicable: skipped.size, total: new Set(kept.map((u) => u.id)).size };
}

/** Rules in a group: a per-candidate report may list one rule once per GPU. */
const rulesIn = (g: UnableGroup) => new Set(g.items.map((u) => u.id)).size;

const things = (n: number) => trN(n, `${n} thing`, `${n} things`, `${n} 项`);

/**
 * One line of a group: "paste `X` to check 2 things: a, b" or "a: reason". With a width, the rule ids that do not fit
 * become "+N" (whole ids or none: a cut id reads as another rule's); --verbose names them all.
 */
export function groupLine(g: UnableGroup, code: (s: string) => string = (s) => `\`${s}\``, width = Infinity): string {
  const unique = [...new Set(g.items.map((u) => u.id))];
  const head = g.paste ? tr(`paste ${code(g.what)} to check ${unique.length === 1 ? 'it' : things(unique.length)}: `, `粘贴 ${code(g.what)} 可检查${unique.length === 1 ? '' : ` ${things(unique.length)}`}：`) : '';
  const tail = g.paste ? '' : tr(`: ${g.what}`, `：${g.what}`);
  let ids = unique.join(', ');
  for (let k = unique.length - 1; k >= 1 && head.length + ids.length + tail.length > width; k--) ids = `${unique.slice(0, k).join(', ')} +${unique.length - k}`;
  return `${head}${ids}${tail}`;
}

/** How many groups the short block shows before "and N more". */
export const SHORT_GROUPS = 3;

export const unableHeading = (s: UnableSummary) => tr(`Could not check ${things(s.total)} without more input`, `缺少输入，有 ${things(s.total)}无法检查`);

/** The closing line of the short block: what was left out and how to see it all. */
export function unableTail(s: UnableSummary, verboseHint: string): string | undefined {
  const rest = new Set(s.groups.slice(SHORT_GROUPS).flatMap((g) => g.items.map((u) => u.id))).size;
  const parts: string[] = [];
  if (rest) parts.push(tr(`${things(rest)} more`, `另有 ${things(rest)}`));
  if (s.notApplicable) parts.push(tr(`${s.notApplicable} that cannot apply to this CPU skipped`, `跳过了 ${s.notApplicable} 项不适用于这颗 CPU 的检查`));
  return parts.length ? tr(`${parts.join('; ')} — ${verboseHint} lists each with what to paste.`, `${parts.join(';')}。${verboseHint} 会逐项列出需要粘贴什么。`) : undefined;
}
