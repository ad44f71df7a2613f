// Report → terminal text for people: host summary, findings by severity with evidence, and the recommended fix.
import type { Report } from '../schema/report';
import { shortBdf } from '../pci/bdf';
import { makeStyle, wrapText, clip, type Style } from './style';
import { safeReport } from './safe-report';
import { candidateVerdictLine, hostWideLine } from './candidates';
import { findingBlocks, compactDropsSomething } from './finding-blocks';
import { blocksToText } from './text-blocks';
import { summariseUnable, groupLine, unableHeading, unableTail, SHORT_GROUPS } from './unable-summary';

export interface TextOptions {
  color?: boolean;
  width?: number;
  /** Show every fix variant in full, not only the recommended one. */
  allFixes?: boolean;
  /** List every rule that could not run with its reason, not the short grouped block. */
  verbose?: boolean;
}

function sourceLabel(r: Report): string {
  switch (r.source.kind) {
    case 'live':
      return 'this host (live)';
    case 'sysroot':
      return `sysroot ${r.source.path ?? ''}`.trim();
    default:
      return r.source.path ? `${r.source.path === '-' ? 'standard input' : r.source.path}` : 'pasted text';
  }
}

function hostLines(r: Report, s: Style, width: number): string[] {
  const h = r.host;
  const v = (x: { value: string | null }, unknown = 'unknown') => x.value ?? s.dim(unknown);
  const lines = [
    `CPU ${v(h.cpuVendor)} · kernel ${v(h.kernel)} · ${v(h.distro, 'distribution unknown')}`,
    `boot loader ${h.bootLoader.value ?? s.dim(`unknown (likeliest: ${h.bootLoader.candidates.join(', ')})`)} · initramfs ${h.initramfs.value ?? s.dim(`unknown (likeliest: ${h.initramfs.candidates.join(', ')})`)}`,
    `IOMMU ${h.iommu}${h.virtualMachine ? ' · running inside a virtual machine' : ''}`,
  ];
  const t = r.targets;
  const verdict = candidateVerdictLine(r);
  if (verdict) {
    lines.push(`passthrough target: not chosen ${s.dim(`(${t.reason})`)}`, verdict, hostWideLine(r)!);
  } else if (t.gpus.length) {
    const names = t.gpus.map((b) => {
      const d = r.devices.find((x) => x.bdf === b);
      return `${shortBdf(b)}${d?.name ? ` ${d.name}` : ''}${d?.ids ? ` [${d.ids}]` : ''}`;
    });
    lines.push(`passthrough target: ${names.join(', ')} ${s.dim(`(${t.reason})`)}`);
  } else lines.push(`passthrough target: none (${t.reason})`);
  return lines.flatMap((l) => wrapText(l, width, '  '));
}

/** "  - text" with wrapped lines hanging under the text. */
function bullet(text: string, width: number): string[] {
  const lines = wrapText(text, width, '    ');
  lines[0] = `  - ${lines[0]!.slice(4)}`;
  return lines;
}

/** The grouped "could not check" block, one line per group (--verbose has the full reasons). */
function shortUnable(r: Report, s: Style, width: number): string[] {
  const sum = summariseUnable(r);
  if (!sum.total) return [];
  const out = ['', s.bold(`${unableHeading(sum)}:`)];
  for (const g of sum.groups.slice(0, SHORT_GROUPS)) out.push(`  - ${clip(groupLine(g, undefined, width - 4), width - 4)}`);
  const tail = unableTail(sum, '--verbose');
  if (tail) out.push(...wrapText(s.dim(tail), width, '  '));
  return out;
}

export function renderText(report: Report, opts: TextOptions = {}): string {
  // Every string that came from input is escaped before any colour code is added (text/sanitize.ts).
  const r = safeReport(report);
  const o: Required<TextOptions> = { color: opts.color ?? false, width: Math.max(40, opts.width ?? 100), allFixes: opts.allFixes ?? false, verbose: opts.verbose ?? false };
  const s = makeStyle(o.color);
  const out: string[] = [];
  out.push(`${s.bold(`vfio-doctor ${r.tool.version}`)} — ${sourceLabel(r)}`);
  out.push(...hostLines(r, s, o.width));
  out.push('');
  const { errors, warnings, infos } = r.summary;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(
    errors + warnings + infos === 0
      ? s.green('No problems found by the rules that could run.')
      : `${s.bold('Summary:')} ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info`,
  );
  for (const f of r.findings) {
    out.push('');
    out.push(...blocksToText(findingBlocks(f, r, { others: o.allFixes ? 'all' : 'index', compact: !o.verbose && !o.allFixes }), { width: o.width, style: s, indent: '  ' }));
  }
  if (o.verbose && r.unableToCheck.length) {
    out.push('');
    out.push(s.bold(`Could not check (${r.unableToCheck.length}):`));
    for (const u of r.unableToCheck) out.push(...bullet(`${u.id}: ${u.reason}`, o.width));
  } else out.push(...shortUnable(r, s, o.width));
  if (r.notes.length) {
    out.push('');
    out.push(s.bold('Notes:'));
    for (const n of r.notes) out.push(...bullet(n, o.width));
  }
  if (r.unparsed.count) {
    out.push('');
    const head = `${r.unparsed.count} line${r.unparsed.count === 1 ? '' : 's'} not understood (kept; first: `;
    out.push(s.dim(`${head}${clip(r.unparsed.sample[0]?.text ?? '', Math.min(60, o.width - head.length - 1))})`));
  }
  // The short form says once, at the end, how to see what it left out.
  if (!o.verbose && !o.allFixes && r.findings.some(compactDropsSomething)) out.push('', ...wrapText('Shortened: --verbose shows whole explanations, all evidence and each fix plan.', o.width, '').map(s.dim));
  return `${out.join('\n')}\n`;
}
