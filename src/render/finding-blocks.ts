// A finding as blocks: heading, whom it concerns, its status and root cause, the message, the evidence, its fixes.
import type { Report } from '../schema/report';
import type { Finding } from '../schema/finding';
import { type Block, span, evidenceBlock } from './blocks';
import { fixBlocks } from './fix-blocks';
import { recommendedFix } from '../engine/recommended';
import { candidatePrefix } from './candidates';
import { safeFinding } from './safe-report';

export interface FindingBlockOptions {
  /**
   * The fix variants after the recommended one: `all` in full like it, `details` in full in a group a reader may
   * skip (Markdown), `index` as one line naming them (the terminal report, where `vfio-doctor fix ID` shows one).
   */
  others: 'all' | 'details' | 'index';
}

/** What the configuration already did about a finding (the chat's card and "why" say it too). */
export function statusBlocks(f: Finding): Block[] {
  return f.status === 'pending-reboot' ? [{ kind: 'paragraph', text: [span('✓ Applied in the configuration — takes effect at the next boot.', 'ok')] }] : [];
}

/** The finding `f` of report `r` (`r` names candidate GPUs and root causes). */
export function findingBlocks(finding: Finding, r: Report, o: FindingBlockOptions): Block[] {
  // Every string from input is escaped before it becomes a block (the report's own names are escaped by the caller).
  const f = safeFinding(finding);
  const out: Block[] = [{ kind: 'heading', level: 3, severity: f.severity, ruleId: f.id, text: [span(f.title, 'strong')] }];
  const pass = candidatePrefix(r, f);
  if (pass) out.push({ kind: 'paragraph', text: [span(pass, 'strong')] });
  out.push(...statusBlocks(f));
  if (f.rootCause) {
    const cause = r.findings.find((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    out.push({ kind: 'paragraph', text: [span(`↳ a consequence of: ${cause?.title ?? f.rootCause} [${f.rootCause}] — fix that first.`, 'dim')] });
  }
  out.push({ kind: 'paragraph', text: [span(f.message)] });
  if (f.evidence.length) out.push(evidenceBlock(f.evidence));
  const rec = recommendedFix(f);
  const shown = o.others === 'all' ? f.fixes : rec ? [rec] : [];
  for (const x of shown) out.push(...fixBlocks(x));
  const rest = f.fixes.filter((x) => !shown.includes(x));
  if (!rest.length) return out;
  if (o.others === 'details') out.push({ kind: 'details', summary: 'Other variants', blocks: rest.flatMap(fixBlocks) });
  else out.push({ kind: 'paragraph', text: [span(`Other variants: ${rest.map((x) => `${x.id} (${x.variant ?? x.title})`).join('; ')} — show one with: vfio-doctor fix <id>`, 'dim')] });
  return out;
}
