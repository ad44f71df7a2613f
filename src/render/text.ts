// Report → terminal text for people: host summary, findings by severity with evidence, and the recommended fix.
import type { Report } from '../schema/report';
import { shortBdf } from '../pci/bdf';
import { makeStyle, wrapText, clip, type Style } from './style';
import { safeReport } from './safe-report';
import { candidateVerdictLine, hostWideLine } from './candidates';
import { findingBlocks, compactDropsSomething } from './finding-blocks';
import { blocksToText } from './text-blocks';
import { summariseUnable, groupLine, unableHeading, unableTail, SHORT_GROUPS } from './unable-summary';
import { tr, trN } from '../i18n/lang';

export interface TextOptions {
  color?: boolean;
  width?: number;
  /** Show every fix variant in full, not only the recommended one. */
  allFixes?: boolean;
  /** List every rule that could not run with its reason, not the short grouped block. */
  verbose?: boolean;
  /** URLs as OSC 8 hyperlinks (only where the terminal shows them: cli/hyperlinks.ts). */
  hyperlinks?: boolean;
}

/** The demo's source path is a fixed English label (sources.ts, also in the JSON): said in the reader's language here. */
const demoLabel = (p: string) => p.replace(/^demo: two identical (.+)$/, (m, card: string) => tr(m, `演示：两张相同的 ${card}`));

/** The IOMMU state (an enum in the JSON) in words. */
const iommuWord = (v: string) => tr(v, ({ active: '已启用', inactive: '未启用', unknown: '未知' } as Record<string, string>)[v] ?? v);

function sourceLabel(r: Report): string {
  switch (r.source.kind) {
    case 'live':
      return tr('this host (live)', '本机（实时读取）');
    case 'sysroot':
      return `${tr('sysroot', '系统根目录')} ${r.source.path ?? ''}`.trim();
    default:
      return r.source.path ? `${r.source.path === '-' ? tr('standard input', '标准输入') : demoLabel(r.source.path)}` : tr('pasted text', '粘贴的文本');
  }
}

function hostLines(r: Report, s: Style, width: number): string[] {
  const h = r.host;
  const v = (x: { value: string | null }, unknown = tr('unknown', '未知')) => x.value ?? s.dim(unknown);
  const likeliest = (c: string[]) => tr(`unknown (likeliest: ${c.join(', ')})`, `未知（最可能：${c.join('、')}）`);
  const lines = [
    `CPU ${v(h.cpuVendor)} · ${tr('kernel', '内核')} ${v(h.kernel)} · ${v(h.distro, tr('distribution unknown', '发行版未知'))}`,
    `${tr('boot loader', '引导加载程序')} ${h.bootLoader.value ?? s.dim(likeliest(h.bootLoader.candidates))} · initramfs ${h.initramfs.value ?? s.dim(likeliest(h.initramfs.candidates))}`,
    `IOMMU ${iommuWord(h.iommu)}${h.virtualMachine ? tr(' · running inside a virtual machine', ' · 运行在虚拟机中') : ''}`,
  ];
  const t = r.targets;
  const verdict = candidateVerdictLine(r);
  if (verdict) {
    lines.push(`${tr('passthrough target: not chosen ', '直通目标：未选定')}${s.dim(tr(`(${t.reason})`, `（${t.reason}）`))}`, verdict, hostWideLine(r)!);
  } else if (t.gpus.length) {
    const names = t.gpus.map((b) => {
      const d = r.devices.find((x) => x.bdf === b);
      return `${shortBdf(b)}${d?.name ? ` ${d.name}` : ''}${d?.ids ? ` [${d.ids}]` : ''}`;
    });
    lines.push(`${tr('passthrough target: ', '直通目标：')}${names.join(tr(', ', '、'))}${tr(' ', '')}${s.dim(tr(`(${t.reason})`, `（${t.reason}）`))}`);
  } else lines.push(tr(`passthrough target: none (${t.reason})`, `直通目标：无（${t.reason}）`));
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
  const out = ['', s.bold(`${unableHeading(sum)}${tr(':', '：')}`)];
  for (const g of sum.groups.slice(0, SHORT_GROUPS)) out.push(`  - ${clip(groupLine(g, undefined, width - 4), width - 4)}`);
  const tail = unableTail(sum, '--verbose');
  if (tail) out.push(...wrapText(s.dim(tail), width, '  '));
  return out;
}

export function renderText(report: Report, opts: TextOptions = {}): string {
  // Every string that came from input is escaped before any colour code is added (text/sanitize.ts).
  const r = safeReport(report);
  const o: Required<TextOptions> = { color: opts.color ?? false, width: Math.max(40, opts.width ?? 100), allFixes: opts.allFixes ?? false, verbose: opts.verbose ?? false, hyperlinks: opts.hyperlinks ?? false };
  const s = makeStyle(o.color);
  const out: string[] = [];
  out.push(`${s.bold(`vfio-doctor ${r.tool.version}`)} — ${sourceLabel(r)}`);
  out.push(...hostLines(r, s, o.width));
  out.push('');
  // A finding that only waits for the reboot is a state, not one more problem: it is not counted (engine/pending.ts).
  const pending = r.findings.filter((f) => f.status === 'pending-reboot');
  const less = (sev: string) => pending.filter((f) => f.severity === sev).length;
  const [errors, warnings, infos] = [r.summary.errors - less('error'), r.summary.warnings - less('warning'), r.summary.infos - less('info')];
  const plural = (n: number, w: string, zh: string) => trN(n, `${n} ${w}`, `${n} ${w}s`, `${n} 个${zh}`);
  const waiting = pending.length ? tr(`${pending.length} applied — pending reboot`, `${pending.length} 个已应用，等待重启`) : '';
  out.push(
    errors + warnings + infos === 0
      ? s.green(waiting ? tr(`No other problems found: ${waiting}.`, `没有其他问题：${waiting}。`) : tr('No problems found by the rules that could run.', '能运行的规则都没有发现问题。'))
      : `${s.bold(tr('Summary:', '概况：'))}${tr(' ', '')}${plural(errors, 'error', '错误')}${tr(', ', '，')}${plural(warnings, 'warning', '警告')}${tr(', ', '，')}${tr(`${infos} info`, `${infos} 个提示`)}${waiting ? tr(`; ${waiting}`, `；${waiting}`) : ''}`,
  );
  for (const f of r.findings) {
    out.push('');
    out.push(...blocksToText(findingBlocks(f, r, { others: o.allFixes ? 'all' : 'index', compact: !o.verbose && !o.allFixes }), { width: o.width, style: s, indent: '  ', hyperlinks: o.hyperlinks }));
  }
  if (o.verbose && r.unableToCheck.length) {
    out.push('');
    out.push(s.bold(tr(`Could not check (${r.unableToCheck.length}):`, `无法检查（${r.unableToCheck.length} 项）：`)));
    for (const u of r.unableToCheck) out.push(...bullet(`${u.id}: ${u.reason}`, o.width));
  } else out.push(...shortUnable(r, s, o.width));
  if (r.notes.length) {
    out.push('');
    out.push(s.bold(tr('Notes:', '备注：')));
    for (const n of r.notes) out.push(...bullet(n, o.width));
  }
  if (r.unparsed.count) {
    out.push('');
    const head = trN(r.unparsed.count, '1 line not understood (kept; first: ', `${r.unparsed.count} lines not understood (kept; first: `, `${r.unparsed.count} 行无法识别（已保留；第一行：`);
    out.push(s.dim(`${head}${clip(r.unparsed.sample[0]?.text ?? '', Math.min(60, o.width - head.length - 1))}${tr(')', '）')}`));
  }
  // The short form says once, at the end, how to see what it left out.
  if (!o.verbose && !o.allFixes && r.findings.some(compactDropsSomething)) out.push('', ...wrapText(tr('Shortened: --verbose shows whole explanations, all evidence and each fix plan.', '已精简：加 --verbose 可看完整说明、全部依据和每个修复方案的步骤。'), o.width, '').map(s.dim));
  return `${out.join('\n')}\n`;
}
