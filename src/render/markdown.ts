// Report → Markdown for forum posts and issues: a summary table, then each finding with evidence and fix.
import type { Report } from '../schema/report';
import type { Fix } from '../schema/fix';
import { commandLine, lowerFirst, unnamedPath } from './fix-text';
import { shortBdf } from '../parse/bdf';
import { recommendedFix } from '../engine/recommended';
import { safeReport } from './safe-report';
import { candidatePrefix, candidateVerdictLine, hostWideLine } from './candidates';

const ICON = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' } as const;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A code block no line of `body` can close: the fence is longer than any fence-like run in it (CommonMark allows
 * a closing fence indented by up to three spaces, so a diff's context line " ```" counts). */
const fence = (body: string, lang = '') => {
  let run = 2;
  for (const m of body.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)) run = Math.max(run, m[1]!.length);
  const ticks = '`'.repeat(run + 1);
  return `${ticks}${lang}\n${body}\n${ticks}`;
};

function fixMd(f: Fix): string {
  const out: string[] = [`**Fix: ${f.title}**${f.variant ? ` — ${f.variant}` : ''} (\`vfio-doctor fix ${f.id}\`)`, ''];
  for (const w of f.warnings) out.push(`> ⚠️ ${w}`, '');
  f.steps.forEach((st, i) => {
    const n = `${i + 1}.`;
    switch (st.kind) {
      case 'edit':
        if (st.noop) {
          out.push(`${n} ${st.description} — already done.`);
          break;
        }
        out.push(`${n} ${st.description}${unnamedPath(st) ? ` (\`${st.path}\`)` : ''}${st.mode ? `, mode ${st.mode}` : ''}`);
        if (st.diff) out.push('', fence(st.diff, 'diff'), '');
        else if (st.content) out.push('', fence(st.content.replace(/\n$/, ''), 'sh'), '');
        break;
      case 'command':
        out.push(`${n} ${st.description}: \`${commandLine(st.argv, st.root)}\``);
        break;
      case 'reboot':
        out.push(`${n} **Reboot** — ${lowerFirst(st.description)}`);
        break;
      case 'manual':
        out.push(`${n} ${st.description}`);
        break;
      case 'verify':
        out.push(`${n} Check: ${st.description}${st.argv ? ` — \`${commandLine(st.argv, st.root === true)}\`` : ''}${st.expect ? ` (expect \`${st.expect}\`)` : ''}`);
        break;
    }
  });
  return out.join('\n');
}

export function renderMarkdown(report: Report): string {
  // Control characters from input are shown escaped, never passed to the reader's terminal or forum (text/sanitize.ts).
  const r = safeReport(report);
  const h = r.host;
  const out: string[] = [];
  out.push(`## vfio-doctor report`, '');
  out.push(
    `**Host:** CPU ${h.cpuVendor.value ?? 'unknown'} · kernel ${h.kernel.value ?? 'unknown'} · ${h.distro.value ?? 'distribution unknown'} · boot loader ${h.bootLoader.value ?? `unknown (${h.bootLoader.candidates.join('/')}?)`} · initramfs ${h.initramfs.value ?? `unknown (${h.initramfs.candidates.join('/')}?)`} · IOMMU ${h.iommu}`,
  );
  const verdict = candidateVerdictLine(r);
  if (verdict) out.push(`**Passthrough target:** not chosen (${r.targets.reason})`, '', `**${verdict}**`, '', hostWideLine(r)!);
  else if (r.targets.gpus.length) out.push(`**Passthrough target:** ${r.targets.gpus.map(shortBdf).join(', ')} (${r.targets.reason})`);
  out.push('');
  out.push(`**${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.infos} notes**`, '');
  if (r.findings.length) {
    out.push('| severity | rule | finding |', '| --- | --- | --- |');
    for (const f of r.findings) out.push(`| ${ICON[f.severity]} | \`${f.id}\` | ${f.candidate ? `${cell(candidatePrefix(r, f)!)} ` : ''}${cell(f.title)}${f.rootCause ? ` (caused by \`${f.rootCause}\`)` : ''} |`);
    out.push('');
  }
  for (const f of r.findings) {
    out.push(`### ${ICON[f.severity]}: ${f.title} (\`${f.id}\`)`, '');
    if (f.candidate) out.push(`**${candidatePrefix(r, f)}**`, '');
    if (f.status === 'pending-reboot') out.push('✅ Applied in the configuration — takes effect at the next boot.', '');
    out.push(f.message, '');
    if (f.evidence.length) {
      out.push('<details><summary>Evidence</summary>', '', fence(f.evidence.map((e) => `${e.source}${e.line ? `:${e.line}` : ''}: ${e.text}`).join('\n')), '', '</details>', '');
    }
    const rec = recommendedFix(f);
    if (rec) out.push(fixMd(rec), '');
    const rest = f.fixes.filter((x) => x !== rec);
    if (rest.length) {
      out.push('<details><summary>Other variants</summary>', '');
      for (const x of rest) out.push(fixMd(x), '');
      out.push('</details>', '');
    }
  }
  if (r.unableToCheck.length) {
    out.push('<details><summary>Could not check</summary>', '');
    for (const u of r.unableToCheck) out.push(`- \`${u.id}\`: ${u.reason}`);
    out.push('', '</details>', '');
  }
  if (r.notes.length) out.push(...r.notes.map((n) => `- ${n}`), '');
  out.push(`<sub>vfio-doctor ${r.tool.version} · ${r.unparsed.count} unrecognised lines</sub>`);
  return `${out.join('\n')}\n`;
}
