// Report → Markdown for forum posts and issues: a summary table, then each finding (finding-blocks.ts, serialised by
// markdown-blocks.ts) with evidence and fix.
import type { Report } from '../schema/report';
import { shortBdf } from '../pci/bdf';
import { safeReport } from './safe-report';
import { candidatePrefix, candidateVerdictLine, hostWideLine } from './candidates';
import { findingBlocks } from './finding-blocks';
import { blocksToMarkdown } from './markdown-blocks';
import { summariseUnable, groupLine, unableHeading, unableTail, SHORT_GROUPS } from './unable-summary';
import { tr, trN } from '../i18n/lang';

/** The severity marks, in the run's language (a function: the language is set after this module loads). */
const ICON = () => ({ error: tr('❌ error', '❌ 错误'), warning: tr('⚠️ warning', '⚠️ 警告'), info: tr('ℹ️ info', 'ℹ️ 提示') });
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface MarkdownOptions {
  /** Every rule that could not run with its reason, instead of the grouped summary. */
  verbose?: boolean;
}

/** The grouped "could not check" list (the full one with `verbose`), folded: it is for the helper, not the verdict. */
function unableMarkdown(r: Report, verbose: boolean): string[] {
  if (verbose) {
    if (!r.unableToCheck.length) return [];
    return [`<details><summary>${tr('Could not check', '无法检查')}</summary>`, '', ...r.unableToCheck.map((u) => `- \`${u.id}\`: ${u.reason}`), '', '</details>', ''];
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
  out.push(tr(`## vfio-doctor report`, '## vfio-doctor 诊断报告'), '');
  const unknown = tr('unknown', '未知');
  const guess = (c: string[]) => tr(`unknown (${c.join('/')}?)`, `未知（${c.join('/')}？）`);
  const iommu = tr(h.iommu, ({ active: '已启用', inactive: '未启用', unknown: '未知' } as Record<string, string>)[h.iommu] ?? h.iommu);
  out.push(
    `${tr('**Host:**', '**宿主机**：')} CPU ${h.cpuVendor.value ?? unknown} · ${tr('kernel', '内核')} ${h.kernel.value ?? unknown} · ${h.distro.value ?? tr('distribution unknown', '发行版未知')} · ${tr('boot loader', '引导加载程序')} ${h.bootLoader.value ?? guess(h.bootLoader.candidates)} · initramfs ${h.initramfs.value ?? guess(h.initramfs.candidates)} · IOMMU ${iommu}`,
    // Its own paragraph: a Markdown line break needs a blank line, or the target line runs on after the IOMMU state.
    '',
  );
  const verdict = candidateVerdictLine(r);
  if (verdict) out.push(tr(`**Passthrough target:** not chosen (${r.targets.reason})`, `**直通目标**：未选定（${r.targets.reason}）`), '', `**${verdict}**`, '', hostWideLine(r)!);
  else if (r.targets.gpus.length) out.push(tr(`**Passthrough target:** ${r.targets.gpus.map(shortBdf).join(', ')} (${r.targets.reason})`, `**直通目标**：${r.targets.gpus.map(shortBdf).join('、')}（${r.targets.reason}）`));
  out.push('');
  const n = (k: number, w: string, zh: string) => trN(k, `${k} ${w}`, `${k} ${w}s`, `${k} 个${zh}`);
  out.push(`**${n(r.summary.errors, 'error', '错误')}${tr(', ', '，')}${n(r.summary.warnings, 'warning', '警告')}${tr(', ', '，')}${n(r.summary.infos, 'note', '提示')}**`, '');
  if (r.findings.length) {
    out.push(tr('| severity | rule | finding |', '| 级别 | 规则 | 问题 |'), '| --- | --- | --- |');
    for (const f of r.findings) out.push(`| ${ICON()[f.severity]} | \`${f.id}\` | ${f.candidate ? `${cell(candidatePrefix(r, f)!)} ` : ''}${cell(f.title)}${f.rootCause ? tr(` (caused by \`${f.rootCause}\`)`, `（由 \`${f.rootCause}\` 引起）`) : ''} |`);
    out.push('');
  }
  for (const f of r.findings) out.push(...blocksToMarkdown(findingBlocks(f, r, { others: 'details' })));
  out.push(...unableMarkdown(r, opts.verbose ?? false));
  if (r.notes.length) out.push(...r.notes.map((n) => `- ${n}`), '');
  out.push(`<sub>vfio-doctor ${r.tool.version} · ${tr(`${r.unparsed.count} unrecognised lines`, `${r.unparsed.count} 行无法识别`)}</sub>`);
  return `${out.join('\n')}\n`;
}
