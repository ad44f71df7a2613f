// Report → terminal text for people: host summary, findings by severity with evidence, and the recommended fix.
import type { Report } from '../schema/report';
import type { Finding } from '../schema/finding';
import { shortBdf } from '../parse/bdf';
import { makeStyle, wrapText, clip, type Style } from './style';
import { fixLines } from './fix-text';
import { recommendedFix } from '../engine/recommended';
import { safeReport } from './safe-report';
import { candidatePrefix, candidateVerdictLine, hostWideLine } from './candidates';

export interface TextOptions {
  color?: boolean;
  width?: number;
  /** Show every fix variant in full, not only the recommended one. */
  allFixes?: boolean;
}

const MARK = { error: '✖ ERROR', warning: '▲ WARNING', info: 'ℹ INFO' } as const;

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

function findingLines(f: Finding, r: Report, o: Required<TextOptions>, s: Style): string[] {
  const color = f.severity === 'error' ? s.red : f.severity === 'warning' ? s.yellow : s.blue;
  const out: string[] = [];
  out.push(...wrapText(`${color(s.bold(MARK[f.severity]))}  ${s.bold(f.title)} ${s.dim(`[${f.id}]`)}`, o.width, ''));
  const pass = candidatePrefix(r, f);
  if (pass) out.push(...wrapText(s.bold(pass), o.width, '  '));
  if (f.status === 'pending-reboot') out.push(`  ${s.green('✓ applied in the configuration — takes effect at the next boot')}`);
  if (f.rootCause) {
    const cause = r.findings.find((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    out.push(...wrapText(`↳ a consequence of: ${cause?.title ?? f.rootCause} [${f.rootCause}] — fix that first.`, o.width, '  ').map((l) => s.dim(l)));
  }
  out.push(...wrapText(f.message, o.width, '  '));
  if (f.evidence.length) {
    out.push(`  ${s.bold('Evidence:')}`);
    out.push(...evidenceLines(f.evidence, o.width, s));
  }
  const rec = recommendedFix(f);
  const shown = o.allFixes ? f.fixes : rec ? [rec] : [];
  for (const fx of shown) {
    out.push('');
    out.push(...fixLines(fx, o.width, s, '  '));
  }
  const rest = f.fixes.filter((x) => !shown.includes(x));
  if (rest.length) out.push(...wrapText(`Other variants: ${rest.map((x) => `${x.id} (${x.variant ?? x.title})`).join('; ')} — show one with: vfio-doctor fix <id>`, o.width, '  ').map((l) => s.dim(l)));
  return out;
}

/** Evidence grouped by source (command or path), each line with its line number in the input. */
function evidenceLines(evidence: Finding['evidence'], width: number, s: Style): string[] {
  const bySource = new Map<string, Finding['evidence']>();
  for (const e of evidence) {
    if (!bySource.has(e.source)) bySource.set(e.source, []);
    bySource.get(e.source)!.push(e);
  }
  const out: string[] = [];
  const numWidth = Math.max(0, ...evidence.map((e) => String(e.line ?? '').length));
  for (const [source, items] of bySource) {
    out.push(`    ${s.dim(clip(source, width - 4))}`);
    for (const e of [...items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) {
      const num = numWidth ? `${String(e.line ?? '').padStart(numWidth)} │ ` : '│ ';
      out.push(`      ${s.dim(num)}${clip(e.text, Math.max(20, width - 6 - num.length))}`);
    }
  }
  return out;
}

/** "  - text" with wrapped lines hanging under the text. */
function bullet(text: string, width: number): string[] {
  const lines = wrapText(text, width, '    ');
  lines[0] = `  - ${lines[0]!.slice(4)}`;
  return lines;
}

export function renderText(report: Report, opts: TextOptions = {}): string {
  // Every string that came from input is escaped before any colour code is added (text/sanitize.ts).
  const r = safeReport(report);
  const o: Required<TextOptions> = { color: opts.color ?? false, width: Math.max(40, opts.width ?? 100), allFixes: opts.allFixes ?? false };
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
    out.push(...findingLines(f, r, o, s));
  }
  if (r.unableToCheck.length) {
    out.push('');
    out.push(s.bold(`Could not check (${r.unableToCheck.length}):`));
    for (const u of r.unableToCheck) out.push(...bullet(`${u.id}: ${u.reason}`, o.width));
  }
  if (r.notes.length) {
    out.push('');
    out.push(s.bold('Notes:'));
    for (const n of r.notes) out.push(...bullet(n, o.width));
  }
  if (r.unparsed.count) {
    out.push('');
    out.push(s.dim(`${r.unparsed.count} line${r.unparsed.count === 1 ? '' : 's'} not understood (kept; first: ${clip(r.unparsed.sample[0]?.text ?? '', 60)})`));
  }
  return `${out.join('\n')}\n`;
}
