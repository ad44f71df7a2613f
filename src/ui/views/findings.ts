// Chat messages about a report: the summary, one card per finding, and the full "why" view (its status, message and
// evidence are the presentation model's blocks, render/finding-blocks.ts, serialised by views/blocks.ts).
import { summariseUnable, groupLine, unableHeading, unableTail, SHORT_GROUPS } from '../../render/unable-summary';
import type { Report } from '../../schema/report';
import type { Finding } from '../../schema/finding';
import type { Host } from '../../facts/host';
import { shortBdf } from '../../pci/bdf';
import { deviceView } from '../../knowledge/devices';
import { cpuName } from '../../knowledge/host-facts';
import { seg, para, pre, wrapSegs, type Line, type Tone } from '../lines';
import { clip } from '../../render/style';
import { excerpt, focusTerms } from '../../render/excerpt';
import { candidatePrefix, candidateVerdictLine } from '../../render/candidates';
import { statusBlocks, PENDING_MARK } from '../../render/finding-blocks';
import { paragraph, evidenceBlock } from '../../render/blocks';
import { blocksToLines } from './blocks';

export const SEVERITY: Record<Finding['severity'], { mark: string; tone: Tone; word: [string, string] }> = {
  error: { mark: '✖ PROBLEM', tone: 'error', word: ['problem', 'problems'] },
  warning: { mark: '▲ WARNING', tone: 'warning', word: ['warning', 'warnings'] },
  info: { mark: 'ℹ NOTE', tone: 'info', word: ['note', 'notes'] },
};

const count = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

/** "2 problems, 1 warning" — only the non-zero counts, "no problems" when empty. */
export function summaryWords(r: Report): string {
  const parts: string[] = [];
  // A finding whose fix is applied and only waits for the reboot is a state, not one more problem to count.
  const pending = r.findings.filter((f) => f.status === 'pending-reboot');
  const less = (sev: string) => pending.filter((f) => f.severity === sev).length;
  const errors = r.summary.errors - less('error');
  const warnings = r.summary.warnings - less('warning');
  const infos = r.summary.infos - less('info');
  if (errors) parts.push(count(errors, SEVERITY.error.word));
  if (warnings) parts.push(count(warnings, SEVERITY.warning.word));
  if (infos) parts.push(count(infos, SEVERITY.info.word));
  if (pending.length) parts.push(`${pending.length} applied — pending reboot`);
  return parts.length ? parts.join(', ') : 'no problems';
}

function sourceLabel(r: Report): string {
  switch (r.source.kind) {
    case 'live':
      return 'this machine';
    case 'sysroot':
      return `the sysroot ${r.source.path ?? ''}`.trim();
    default:
      if (!r.source.path || r.source.path === 'pasted text') return 'the pasted text';
      if (r.source.path.startsWith('demo')) return `the demo host (${r.source.path.replace(/^demo:\s*/, '')})`;
      return r.source.path === '-' ? 'standard input' : r.source.path;
  }
}

function hostLines(r: Report, host: Host, w: number): Line[] {
  const h = r.host;
  const cpu = cpuName(h.cpuVendor.value);
  const bits = [
    cpu ? `${cpu} CPU` : 'CPU unknown',
    `kernel ${h.kernel.value ?? 'unknown'}`,
    h.distro.value ?? 'distribution unknown',
    `boot loader ${h.bootLoader.value ?? `unknown (likeliest ${h.bootLoader.candidates[0] ?? '?'})`}`,
    `initramfs ${h.initramfs.value ?? `unknown (likeliest ${h.initramfs.candidates[0] ?? '?'})`}`,
    `IOMMU ${h.iommu}`,
  ];
  const out: Line[] = [...wrapSegs([seg('Host: ', 'bold'), seg(bits.join(' · '))], w, '  ')];
  if (h.virtualMachine) out.push(...wrapSegs([seg('  ! ', 'warning'), seg('This is a virtual machine: what I see is the VM\'s virtual hardware, not a physical host.')], w, '    '));
  const t = r.targets;
  const verdict = candidateVerdictLine(r);
  if (verdict) {
    out.push(...wrapSegs([seg('Passthrough target: ', 'bold'), seg('not chosen'), seg(` (${t.reason})`, 'dim')], w, '  '));
    out.push(...wrapSegs([seg(verdict, 'bold')], w, '  '));
    out.push(...wrapSegs([seg('Narrow it to one with '), seg(`gpu ${shortBdf(t.gpus[0]!)}`, 'cmd'), seg('; findings marked "if you pass …" hold only for that GPU.')], w, '  '));
    return out;
  }
  const names = t.gpus.map((b) => {
    const d = deviceView(host, b);
    return `${d.short}${d.name ? ` ${d.name}` : ''}${d.ids ? ` [${d.ids}]` : ''}`;
  });
  out.push(
    ...wrapSegs(
      t.gpus.length
        ? [seg('Passthrough target: ', 'bold'), seg(names.join(', ')), seg(` (${t.reason}; change it with \`gpu BDF\`)`, 'dim')]
        : [seg('Passthrough target: ', 'bold'), seg(`none — ${t.reason}`)],
      w,
      '  ',
    ),
  );
  return out;
}

export function summaryLines(r: Report, host: Host, w: number): Line[] {
  const tone: Tone = r.summary.errors ? 'error' : r.summary.warnings ? 'warning' : 'ok';
  const head = r.findings.length
    ? [seg('Found '), seg(summaryWords(r), tone), seg(` on ${sourceLabel(r)}.`)]
    : [seg('✓ ', 'ok'), seg(`No problems found on ${sourceLabel(r)} by the rules that could run.`)];
  return [...wrapSegs(head, w, '  '), ...hostLines(r, host, w)];
}

/** The first sentence of a message, for the one-line explanation on a card. */
function firstSentence(s: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(s.trim());
  return (m ? m[1]! : s).trim();
}

/** The first `max` evidence lines for a card, each "source:line  text" cut to one screen line (`why` shows them whole). */
function evidenceLines(f: Finding, w: number, max: number): Line[] {
  const out: Line[] = [];
  const focus = focusTerms(f.title, f.message);
  for (const e of f.evidence.slice(0, max)) {
    const where = `${e.source}${e.line ? `:${e.line}` : ''}`;
    const text = e.text.trim().replace(/\t+/g, ' ');
    const label = clip(where, Math.min(32, Math.floor(w / 3)));
    out.push([seg('    '), seg(label, 'dim'), seg('  '), seg(excerpt(text, Math.max(10, w - label.length - 6), focus))]);
  }
  if (f.evidence.length > max) out.push([seg(`    … ${f.evidence.length - max} more line${f.evidence.length - max === 1 ? '' : 's'} of evidence (why)`, 'dim')]);
  return out;
}

export function findingCard(f: Finding, n: number, r: Report, w: number, nums?: number[]): Line[] {
  const num = (i: number) => nums?.[i] ?? i + 1;
  // Applied and waiting for the reboot: the state replaces the severity's mark.
  const sev = f.status === 'pending-reboot' ? { mark: PENDING_MARK, tone: 'ok' as const } : SEVERITY[f.severity];
  const out: Line[] = [];
  out.push(...wrapSegs([seg(`[${n}] `, 'bold'), seg(sev.mark, sev.tone), seg('  '), seg(f.title, 'bold')], w, '    '));
  const pass = candidatePrefix(r, f);
  if (pass) out.push(...para(pass, w, '    ', 'warning'));
  out.push(...blocksToLines(statusBlocks(f), w, '    '));
  if (f.rootCause) {
    const i = r.findings.findIndex((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    out.push(...para(`↳ a consequence of ${i >= 0 ? `[${num(i)}]` : f.rootCause} — fix that first.`, w, '    ', 'dim'));
  }
  out.push(...para(firstSentence(f.message), w, '    '));
  if (f.evidence.length) out.push(...evidenceLines(f, w, 2));
  const hints = [f.fixes.length ? `fix ${n}` : undefined, `why ${n}`].filter(Boolean).join(' · ');
  out.push([seg('    → ', 'dim'), seg(hints, 'cmd'), seg(`   [${f.id}]`, 'dim')]);
  return out;
}

export function whyLines(f: Finding, n: number, r: Report, w: number, readmeWhy: string[], nums?: number[]): Line[] {
  const num = (i: number) => nums?.[i] ?? i + 1;
  // Applied and waiting for the reboot: the state replaces the severity's mark.
  const sev = f.status === 'pending-reboot' ? { mark: PENDING_MARK, tone: 'ok' as const } : SEVERITY[f.severity];
  const out: Line[] = [];
  out.push(...wrapSegs([seg(`[${n}] `, 'bold'), seg(sev.mark, sev.tone), seg('  '), seg(f.title, 'bold'), seg(`  [${f.id}]`, 'dim')], w, '    '));
  const pass = candidatePrefix(r, f);
  if (pass) out.push(...para(`${pass} (holds only for that GPU; \`gpu ${shortBdf(f.candidate!)}\` narrows the report to it)`, w, '  ', 'warning'));
  out.push(...blocksToLines([...statusBlocks(f), paragraph(f.message)], w));
  if (f.rootCause) {
    const i = r.findings.findIndex((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    const cause = r.findings[i];
    out.push([]);
    out.push(
      ...wrapSegs(
        [seg('Root cause: ', 'bold'), seg(`this is a consequence of ${cause ? `[${num(i)}] ${cause.title}` : f.rootCause} (${f.rootCause}). Fix that first; `), seg(cause ? `why ${num(i)}` : '', 'cmd'), seg(cause ? ' explains it.' : '')],
        w,
        '  ',
      ),
    );
  }
  const dependents = r.findings.map((x, i) => ({ x, i })).filter(({ x }) => x.rootCause === f.id);
  if (dependents.length) {
    out.push([]);
    out.push(...para(`Fixing this should also clear: ${dependents.map(({ x, i }) => `[${num(i)}] ${x.title}`).join('; ')}.`, w, '  '));
  }
  if (f.devices.length) out.push(...para(`Devices: ${f.devices.map(shortBdf).join(', ')}`, w, '  '));
  for (const p of readmeWhy) {
    out.push([]);
    out.push(...para(p, w, '  '));
  }
  out.push([]);
  out.push([seg(`  Evidence (${f.evidence.length}):`, 'bold')]);
  if (!f.evidence.length) out.push([seg('    (none recorded)', 'dim')]);
  out.push(...blocksToLines([evidenceBlock(f.evidence)], w, '    '));
  if (f.docs.length) {
    out.push([seg('  Read more:', 'bold')]);
    for (const d of f.docs) out.push(...pre(d, w, '    '));
  }
  if (f.fixes.length) out.push([seg('  → ', 'dim'), seg(`fix ${n}`, 'cmd'), seg(' shows how to fix it.', 'dim')]);
  return out;
}

/** What could not be checked: grouped by what to paste (render/unable-summary.ts), or every rule with `full`. */
export function unableLines(r: Report, w: number, full = false): Line[] {
  if (!full) return shortUnableLines(r, w);
  if (!r.unableToCheck.length) return [];
  const out: Line[] = [[seg(`Could not check ${r.unableToCheck.length} thing${r.unableToCheck.length === 1 ? '' : 's'}:`, 'dim')]];
  for (const u of r.unableToCheck) out.push(...wrapSegs([seg('  – ', 'dim'), seg(`${u.title}: `), seg(u.reason, 'dim')], w, '    '));
  return out;
}

function shortUnableLines(r: Report, w: number): Line[] {
  const sum = summariseUnable(r);
  if (!sum.total) return [];
  const out: Line[] = [[seg(`${unableHeading(sum)}:`, 'dim')]];
  for (const g of sum.groups.slice(0, SHORT_GROUPS)) out.push([seg('  – ', 'dim'), seg(clip(groupLine(g, (x) => x, w - 4), w - 4))]);
  const tail = unableTail(sum, 'vfio-doctor --verbose');
  if (tail) out.push(...wrapSegs([seg(tail, 'dim')], w, '  '));
  return out;
}
