// The short "could not check" block: grouped by the input the user could paste, as the engine knows it.
//
// The full list stays in --verbose and in the JSON (report.unableToCheck); this is what a first-time reader sees after
// the findings, so it must stay a few lines however little was pasted. Rules for another CPU family are not in the list
// at all (the engine skips them: meta.cpu), and the group of a rule comes from the input kinds the engine recorded
// (UnableToCheck.inputs, engine/inputs.ts), never from the wording of its reason.
import type { Report } from '../schema/report';
import type { UnableToCheck } from '../schema/finding';
import { INPUTS, type InputKind } from '../engine/inputs';
import { getLang, tr, trN } from '../i18n/lang';
import { displayWidth } from '../text/width';

export interface UnableGroup {
  /** What to paste (the input's one "paste" wording), or the rule's own reason when no input kind was missing. */
  what: string;
  /** True when `what` is something to paste or run, false when it is a whole reason. */
  paste: boolean;
  items: UnableToCheck[];
}

/** What to paste for an "unable" the engine wrote from a missing input: the first input its reason names. */
export function pasteOf(u: UnableToCheck): string | undefined {
  const k = u.inputs?.[0];
  const spec = k !== undefined && k in INPUTS ? INPUTS[k as InputKind] : undefined;
  if (!spec) return undefined;
  return getLang() === 'zh' ? (spec.zhBrief ?? spec.brief ?? spec.zhPaste ?? spec.paste) : (spec.brief ?? spec.paste);
}

export interface UnableSummary {
  /** Rules that could not run, grouped, groups of things to paste first, the largest first. */
  groups: UnableGroup[];
  total: number;
}

export function summariseUnable(r: Pick<Report, 'unableToCheck'>): UnableSummary {
  const byKey = new Map<string, UnableGroup>();
  for (const u of r.unableToCheck) {
    const p = pasteOf(u);
    // Reasons of the rule's own (and reports written before inputs were recorded) are listed as they are.
    const key = p !== undefined ? `paste\u0000${p}` : `own\u0000${u.reason}`;
    const g = byKey.get(key) ?? { what: p ?? u.reason, paste: p !== undefined, items: [] };
    g.items.push(u);
    byKey.set(key, g);
  }
  // Groups of things to paste first (they say what to do), then the largest; stable within (the rules' order).
  const groups = [...byKey.values()].sort((a, b) => Number(b.paste) - Number(a.paste) || rulesIn(b) - rulesIn(a));
  return { groups, total: new Set(r.unableToCheck.map((u) => u.id)).size };
}

/** Rules in a group: a per-candidate report may list one rule once per GPU. */
const rulesIn = (g: UnableGroup) => new Set(g.items.map((u) => u.id)).size;

const things = (n: number) => trN(n, '1 thing', `${n} things`, `${n} 项`);

/**
 * One line of a group: "paste `X` to check 2 things: a, b" or "a: reason". With a width, the rule ids that do not fit
 * become "+N" (whole ids or none: a cut id reads as another rule's); --verbose names them all.
 */
export function groupLine(g: UnableGroup, code: (s: string) => string = (s) => `\`${s}\``, width = Infinity): string {
  const unique = [...new Set(g.items.map((u) => u.id))];
  const head = g.paste ? tr(`paste ${code(g.what)} to check ${unique.length === 1 ? 'it' : things(unique.length)}: `, `粘贴 ${code(g.what)} 可检查${unique.length === 1 ? '' : ` ${things(unique.length)}`}：`) : '';
  const tail = g.paste ? '' : tr(`: ${g.what}`, `：${g.what}`);
  const sep = tr(', ', '、');
  let ids = unique.join(sep);
  for (let k = unique.length - 1; k >= 1 && displayWidth(head + ids + tail) > width; k--) ids = `${unique.slice(0, k).join(sep)} +${unique.length - k}`;
  return `${head}${ids}${tail}`;
}

/** How many groups the short block shows before "and N more". */
export const SHORT_GROUPS = 3;

export const unableHeading = (s: UnableSummary) => tr(`Could not check ${things(s.total)} without more input`, `缺少输入，有 ${things(s.total)}无法检查`);

/** The closing line of the short block: what was left out and how to see it all. */
export function unableTail(s: UnableSummary, verboseHint: string): string | undefined {
  const rest = new Set(s.groups.slice(SHORT_GROUPS).flatMap((g) => g.items.map((u) => u.id))).size;
  return rest ? tr(`${things(rest)} more — ${verboseHint} lists each with what to paste.`, `另有 ${things(rest)}。${verboseHint} 会逐项列出需要粘贴什么。`) : undefined;
}
