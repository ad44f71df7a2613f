// Report → Markdown for forum posts and issues: a summary table, then each finding (finding-blocks.ts, serialised by
// markdown-blocks.ts) with evidence and fix.
import type { Report } from '../schema/report';
import { shortBdf } from '../pci/bdf';
import { safeReport } from './safe-report';
import { candidatePrefix, candidateVerdictLine, hostWideLine } from './candidates';
import { findingBlocks } from './finding-blocks';
import { blocksToMarkdown } from './markdown-blocks';
import { summariseUnable, groupLine, unableHeading, unableTail, SHORT_GROUPS } from './unable-summary';

const ICON = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' } as const;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface MarkdownOptions {
  /** Every rule that could not run with its reason, instead of the grouped summary. */
  verbose?: boolean;
}

/** The grouped "could not check" list (the full one with `verbose`), folded: it is for the helper, not the verdict. */
function unableMarkdown(r: Report, verbose: boolean): string[] {
  if (verbose) {
    if (!r.unableToCheck.length) return [];
    return ['<details><summary>Could not check</summary>', '', ...r.unableToCheck.map((u) => `- \`${u.id}\`: ${u.reason}`), '', '</details>', ''];
  }
  const sum = summariseUnable(r);
  if (!sum.total) return [];
  const out = [`<details><summary>${unableHeading(sum)}</summary>`, ''];
  for (const g of sum.groups.slice(0, SHORT_GROUPS)) out.push(`- ${groupLine(g)}`);
  const tail = unableTail(sum, '`--verbose`');
  if (tail) out.push('', tail);
  out.push('', '</details>', '');
  return out;
}

export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  // Control characters from input are shown escaped, never passed to the reader's terminal or forum (text/sanitize.ts).
  const r = safeReport(report);
  const h = r.host;
  const out: string[] = [];
  out.push(`## vfio-doctor report`, '');
  out.push(
    `**Host:** CPU ${h.cpuVendor.value ?? 'unknown'} · kernel ${h.kernel.value ?? 'unknown'} · ${h.distro.value ?? 'distribution unknown'} · boot loader ${h.bootLoader.value ?? `unknown (${h.bootLoader.candidates.join('/')}?)`} · initramfs ${h.initramfs.value ?? `unknown (${h.initramfs.candidates.join('/')}?)`} · IOMMU ${h.iommu}`,
    // Its own paragraph: a Markdown line break needs a blank line, or the target line runs on after the IOMMU state.
    '',
  );
  const verdict = candidateVerdictLine(r);
  if (verdict) out.push(`**Passthrough target:** not chosen (${r.targets.reason})`, '', `**${verdict}**`, '', hostWideLine(r)!);
  else if (r.targets.gpus.length) out.push(`**Passthrough target:** ${r.targets.gpus.map(shortBdf).join(', ')} (${r.targets.reason})`);
  out.push('');
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  out.push(`**${n(r.summary.errors, 'error')}, ${n(r.summary.warnings, 'warning')}, ${n(r.summary.infos, 'note')}**`, '');
  if (r.findings.length) {
    out.push('| severity | rule | finding |', '| --- | --- | --- |');
    for (const f of r.findings) out.push(`| ${ICON[f.severity]} | \`${f.id}\` | ${f.candidate ? `${cell(candidatePrefix(r, f)!)} ` : ''}${cell(f.title)}${f.rootCause ? ` (caused by \`${f.rootCause}\`)` : ''} |`);
    out.push('');
  }
  for (const f of r.findings) out.push(...blocksToMarkdown(findingBlocks(f, r, { others: 'details' })));
  out.push(...unableMarkdown(r, opts.verbose ?? false));
  if (r.notes.length) out.push(...r.notes.map((n) => `- ${n}`), '');
  out.push(`<sub>vfio-doctor ${r.tool.version} · ${r.unparsed.count} unrecognised lines</sub>`);
  return `${out.join('\n')}\n`;
}
