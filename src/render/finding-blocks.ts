// A finding as blocks: heading, whom it concerns, its status and root cause, the message, the evidence, its fixes.
import type { Report } from '../schema/report';
import type { Finding } from '../schema/finding';
import { type Block, span, evidenceBlock } from './blocks';
import { fixBlocks } from './fix-blocks';
import { recommendedFix } from '../engine/recommended';
import { candidatePrefix } from './candidates';
import { safeFinding } from './safe-report';
import { focusTerms } from './excerpt';
import { tr, trN } from '../i18n/lang';
import { shellWord } from '../text/shell-word';

export interface FindingBlockOptions {
  /**
   * The fix variants after the recommended one: `all` in full like it, `details` in full in a group a reader may
   * skip (Markdown), `index` as one line naming them (the terminal report, where `vfio-doctor fix ID` shows one).
   */
  others: 'all' | 'details' | 'index';
  /**
   * The short form of the terminal report: at most two evidence lines and each fix as its heading and the command
   * that shows its plan, so a small report's answer fits one screen (`--verbose` / `--all-fixes` / `fix ID` show all).
   */
  compact?: boolean;
}

/** Evidence items the short form keeps (with its source line, two lines). */
export const COMPACT_EVIDENCE = 1;

/** Characters of a message the short form keeps (whole sentences, about two lines at 80 columns). */
export const COMPACT_MESSAGE = 150;

/** Columns a string takes: a CJK character or full-width mark counts two (English text measures as its length). */
const cols = (s: string) => s.length + (s.match(/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g)?.length ?? 0);

/**
 * The first sentences of `text` that fit in `max` columns (always the first one): a sentence ends at . ! or ?
 * followed by a space and a capital, a quote or a bracket, so "e.g. intel_iommu" or "0000:01:00.0" do not end one;
 * or at a Chinese 。！？ (no space follows those).
 */
export function leadSentences(text: string, max: number): string {
  const parts = text.split(/(?<=[.!?])\s+(?=[A-Z"'(\[])|(?<=[。！？])\s*(?=\S)/);
  let out = parts[0]!;
  for (const p of parts.slice(1)) {
    const sep = /[。！？]$/.test(out) ? '' : ' ';
    if (cols(out) + sep.length + cols(p) > max) break;
    out += `${sep}${p}`;
  }
  return out;
}

/** The command that shows a fix's full plan for the input this report came from. */
export function fixCommandFor(r: Report, fixId: string): string {
  const where =
    r.source.kind === 'live' ? [] : r.source.kind === 'sysroot' ? ['--root', r.source.path ?? 'DIR'] : ['--bundle', r.source.path && r.source.path !== '-' && !r.source.path.startsWith('demo') ? r.source.path : 'FILE'];
  return ['vfio-doctor', 'fix', fixId, ...where].map(shellWord).join(' ');
}

/** The mark of a finding that only waits for the reboot, in place of its severity's (a state, not a new problem). */
export const PENDING_MARK = '↻ PENDING REBOOT';

/** What the configuration already did about a finding (the chat's card and "why" say it too). */
export function statusBlocks(f: Finding): Block[] {
  return f.status === 'pending-reboot' ? [{ kind: 'paragraph', text: [span(tr('✓ Applied in the configuration — takes effect at the next boot.', '✓ 已写入配置，下次启动后生效。'), 'ok')] }] : [];
}

/** The finding `f` of report `r` (`r` names candidate GPUs and root causes). */
/** Whether the short form left anything of `f` out (the report then says how to see all of it). */
export function compactDropsSomething(f: Finding): boolean {
  return f.evidence.length > COMPACT_EVIDENCE || f.fixes.length > 0 || leadSentences(f.message, COMPACT_MESSAGE).length < f.message.length;
}

export function findingBlocks(finding: Finding, r: Report, o: FindingBlockOptions): Block[] {
  // Every string from input is escaped before it becomes a block (the report's own names are escaped by the caller).
  const f = safeFinding(finding);
  const out: Block[] = [{ kind: 'heading', level: 3, severity: f.severity, ruleId: f.id, text: [span(f.title, 'strong')], ...(f.status === 'pending-reboot' ? { pending: true } : {}) }];
  const pass = candidatePrefix(r, f);
  if (pass) out.push({ kind: 'paragraph', text: [span(pass, 'strong')] });
  out.push(...statusBlocks(f));
  if (f.rootCause) {
    const cause = r.findings.find((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    const text = o.compact
      ? tr(`↳ caused by [${f.rootCause}] — fix that first.`, `↳ 由 [${f.rootCause}] 引起，请先修复它。`)
      : tr(`↳ a consequence of: ${cause?.title ?? f.rootCause} [${f.rootCause}] — fix that first.`, `↳ 这是“${cause?.title ?? f.rootCause}”[${f.rootCause}] 的后果，请先修复它。`);
    out.push({ kind: 'paragraph', text: [span(text, 'dim')] });
  }
  const rec = recommendedFix(f);
  if (o.compact) {
    out.push({ kind: 'paragraph', text: [span(leadSentences(f.message, COMPACT_MESSAGE))] });
    // The user's own prose quoted back is the weakest evidence: a line from a command or file goes first.
    const ranked = [...f.evidence.filter((e) => e.source !== 'pasted text'), ...f.evidence.filter((e) => e.source === 'pasted text')];
    if (ranked.length) out.push(evidenceBlock(ranked.slice(0, COMPACT_EVIDENCE), focusTerms(f.title, f.message)));
    if (rec) {
      const others = f.fixes.length - 1;
      const w = rec.warnings.length;
      // Warnings are not shown here, but they are said to exist: `fix ID` prints them before the steps.
      const notes = [w ? trN(w, `${w} warning to read`, `${w} warnings to read`, `有 ${w} 条警告要读`) : '', others > 0 ? trN(others, `+${others} other variant`, `+${others} other variants`, `另有 ${others} 个方案`) : ''].filter(Boolean);
      out.push({ kind: 'paragraph', text: [span(tr('Fix: ', '修复方案'), 'strong'), ...(tr('', '：') ? [span('：')] : []), span(rec.title), span(notes.length ? tr(` (${notes.join('; ')})`, `（${notes.join('；')}）`) : '', 'dim')] });
      out.push({ kind: 'command', line: span(fixCommandFor(r, rec.id)).text });
    }
    return out;
  }
  out.push({ kind: 'paragraph', text: [span(f.message)] });
  if (f.evidence.length) out.push(evidenceBlock(f.evidence, focusTerms(f.title, f.message)));
  for (const url of f.docs) out.push({ kind: 'link', url, text: tr('Read more', '延伸阅读') });
  const shown = o.others === 'all' ? f.fixes : rec ? [rec] : [];
  for (const x of shown) out.push(...fixBlocks(x));
  const rest = f.fixes.filter((x) => !shown.includes(x));
  if (!rest.length) return out;
  if (o.others === 'details') out.push({ kind: 'details', summary: tr('Other variants', '其他方案'), blocks: rest.flatMap(fixBlocks) });
  else out.push({ kind: 'paragraph', text: [span(tr(`Other variants: ${rest.map((x) => `${x.id} (${x.variant ?? x.title})`).join('; ')} — show one with: vfio-doctor fix <id>`, `其他方案：${rest.map((x) => `${x.id}（${x.variant ?? x.title}）`).join('；')}。查看某一个：vfio-doctor fix <id>`), 'dim')] });
  return out;
}
