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
import { tr, trN } from '../../i18n/lang';

export const SEVERITY: Record<Finding['severity'], { mark: string; tone: Tone; word: [string, string, string] }> = {
  error: { mark: '✖ PROBLEM', tone: 'error', word: ['problem', 'problems', '个错误'] },
  warning: { mark: '▲ WARNING', tone: 'warning', word: ['warning', 'warnings', '个警告'] },
  info: { mark: 'ℹ NOTE', tone: 'info', word: ['note', 'notes', '条提示'] },
};
/** The mark in the session's language (the English marks are what tests and goldens know). */
export const severityMark = (sev: Finding['severity']): string => tr(SEVERITY[sev].mark, { error: '✖ 错误', warning: '▲ 警告', info: 'ℹ 提示' }[sev]);

const count = (n: number, [one, many, zh]: [string, string, string]) => trN(n, `${n} ${one}`, `${n} ${many}`, `${n} ${zh}`);

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
  if (pending.length) parts.push(tr(`${pending.length} applied — pending reboot`, `${pending.length} 个已应用——等待重启`));
  return parts.length ? parts.join(tr(', ', '、')) : tr('no problems', '没有问题');
}

function sourceLabel(r: Report): string {
  switch (r.source.kind) {
    case 'live':
      return tr('this machine', '这台机器');
    case 'sysroot':
      return tr(`the sysroot ${r.source.path ?? ''}`.trim(), `sysroot ${r.source.path ?? ''}`.trim());
    default:
      if (!r.source.path || r.source.path === 'pasted text') return tr('the pasted text', '粘贴的文本');
      if (r.source.path.startsWith('demo')) return tr(`the demo host (${r.source.path.replace(/^demo:\s*/, '')})`, `演示宿主机（${r.source.path.replace(/^demo:\s*/, '')}）`);
      return r.source.path === '-' ? tr('standard input', '标准输入') : r.source.path;
  }
}

function hostLines(r: Report, host: Host, w: number): Line[] {
  const h = r.host;
  const cpu = cpuName(h.cpuVendor.value);
  const bits = [
    cpu ? `${cpu} CPU` : tr('CPU unknown', 'CPU 未知'),
    tr(`kernel ${h.kernel.value ?? 'unknown'}`, `内核 ${h.kernel.value ?? '未知'}`),
    h.distro.value ?? tr('distribution unknown', '发行版未知'),
    tr(`boot loader ${h.bootLoader.value ?? `unknown (likeliest ${h.bootLoader.candidates[0] ?? '?'})`}`, `引导加载程序 ${h.bootLoader.value ?? `未知（最可能是 ${h.bootLoader.candidates[0] ?? '?'}）`}`),
    tr(`initramfs ${h.initramfs.value ?? `unknown (likeliest ${h.initramfs.candidates[0] ?? '?'})`}`, `initramfs ${h.initramfs.value ?? `未知（最可能是 ${h.initramfs.candidates[0] ?? '?'}）`}`),
    `IOMMU ${h.iommu}`,
  ];
  const out: Line[] = [...wrapSegs([seg(tr('Host: ', '宿主机：'), 'bold'), seg(bits.join(' · '))], w, '  ')];
  if (h.virtualMachine) out.push(...wrapSegs([seg('  ! ', 'warning'), seg(tr('This is a virtual machine: what I see is the VM\'s virtual hardware, not a physical host.', '这是一台虚拟机：我看到的是虚拟机的虚拟硬件，不是物理宿主机。'))], w, '    '));
  const t = r.targets;
  const verdict = candidateVerdictLine(r);
  if (verdict) {
    out.push(...wrapSegs([seg(tr('Passthrough target: ', '直通目标：'), 'bold'), seg(tr('not chosen', '未选定')), seg(tr(` (${t.reason})`, `(${t.reason})`), 'dim')], w, '  '));
    out.push(...wrapSegs([seg(verdict, 'bold')], w, '  '));
    out.push(...wrapSegs([seg(tr('Narrow it to one with ', '用 ')), seg(`gpu ${shortBdf(t.gpus[0]!)}`, 'cmd'), seg(tr('; findings marked "if you pass …" hold only for that GPU.', ' 选定一张；标着"如果直通 …"的问题只对那张显卡成立。'))], w, '  '));
    return out;
  }
  const names = t.gpus.map((b) => {
    const d = deviceView(host, b);
    return `${d.short}${d.name ? ` ${d.name}` : ''}${d.ids ? ` [${d.ids}]` : ''}`;
  });
  out.push(
    ...wrapSegs(
      t.gpus.length
        ? [seg(tr('Passthrough target: ', '直通目标：'), 'bold'), seg(names.join(', ')), seg(tr(` (${t.reason}; change it with \`gpu BDF\`)`, `（${t.reason}；用 \`gpu BDF\` 更改）`), 'dim')]
        : [seg(tr('Passthrough target: ', '直通目标：'), 'bold'), seg(tr(`none — ${t.reason}`, `无——${t.reason}`))],
      w,
      '  ',
    ),
  );
  return out;
}

export function summaryLines(r: Report, host: Host, w: number): Line[] {
  const tone: Tone = r.summary.errors ? 'error' : r.summary.warnings ? 'warning' : 'ok';
  const head = r.findings.length
    ? [seg(tr('Found ', `在${sourceLabel(r)}上发现 `)), seg(summaryWords(r), tone), seg(tr(` on ${sourceLabel(r)}.`, '。'))]
    : [seg('✓ ', 'ok'), seg(tr(`No problems found on ${sourceLabel(r)} by the rules that could run.`, `能运行的规则在${sourceLabel(r)}上没有发现问题。`))];
  return [...wrapSegs(head, w, '  '), ...hostLines(r, host, w)];
}

/** The first sentence of a message, for the one-line explanation on a card. */
function firstSentence(s: string): string {
  const m = /^(.+?(?:[.!?](?=\s|$)|[\u3002\uff01\uff1f]))/s.exec(s.trim());
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
  if (f.evidence.length > max) out.push([seg(tr(`    … ${f.evidence.length - max} more line${f.evidence.length - max === 1 ? '' : 's'} of evidence (why)`, `    … 还有 ${f.evidence.length - max} 行依据（why）`), 'dim')]);
  return out;
}

export function findingCard(f: Finding, n: number, r: Report, w: number, nums?: number[]): Line[] {
  const num = (i: number) => nums?.[i] ?? i + 1;
  // Applied and waiting for the reboot: the state replaces the severity's mark.
  const sev = f.status === 'pending-reboot' ? { mark: PENDING_MARK, tone: 'ok' as const } : SEVERITY[f.severity];
  const out: Line[] = [];
  out.push(...wrapSegs([seg(`[${n}] `, 'bold'), seg(f.status === 'pending-reboot' ? tr(PENDING_MARK, '↻ 等待重启') : severityMark(f.severity), sev.tone), seg('  '), seg(f.title, 'bold')], w, '    '));
  const pass = candidatePrefix(r, f);
  if (pass) out.push(...para(pass, w, '    ', 'warning'));
  out.push(...blocksToLines(statusBlocks(f), w, '    '));
  if (f.rootCause) {
    const i = r.findings.findIndex((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    out.push(...para(tr(`↳ a consequence of ${i >= 0 ? `[${num(i)}]` : f.rootCause} — fix that first.`, `↳ 由 ${i >= 0 ? `[${num(i)}]` : f.rootCause} 引起——先修它。`), w, '    ', 'dim'));
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
  out.push(...wrapSegs([seg(`[${n}] `, 'bold'), seg(f.status === 'pending-reboot' ? tr(PENDING_MARK, '↻ 等待重启') : severityMark(f.severity), sev.tone), seg('  '), seg(f.title, 'bold'), seg(`  [${f.id}]`, 'dim')], w, '    '));
  const pass = candidatePrefix(r, f);
  if (pass) out.push(...para(tr(`${pass} (holds only for that GPU; \`gpu ${shortBdf(f.candidate!)}\` narrows the report to it)`, `${pass}（只对那张显卡成立；\`gpu ${shortBdf(f.candidate!)}\` 只看它）`), w, '  ', 'warning'));
  out.push(...blocksToLines([...statusBlocks(f), paragraph(f.message)], w));
  if (f.rootCause) {
    const i = r.findings.findIndex((x) => x.id === f.rootCause && (!x.candidate || x.candidate === f.candidate));
    const cause = r.findings[i];
    out.push([]);
    out.push(
      ...wrapSegs(
        [seg(tr('Root cause: ', '根本原因：'), 'bold'), seg(tr(`this is a consequence of ${cause ? `[${num(i)}] ${cause.title}` : f.rootCause} (${f.rootCause}). Fix that first; `, `这是 ${cause ? `[${num(i)}] ${cause.title}` : f.rootCause}（${f.rootCause}）导致的。先修它；`)), seg(cause ? `why ${num(i)}` : '', 'cmd'), seg(cause ? tr(' explains it.', ' 有说明。') : '')],
        w,
        '  ',
      ),
    );
  }
  const dependents = r.findings.map((x, i) => ({ x, i })).filter(({ x }) => x.rootCause === f.id);
  if (dependents.length) {
    out.push([]);
    out.push(...para(tr(`Fixing this should also clear: ${dependents.map(({ x, i }) => `[${num(i)}] ${x.title}`).join('; ')}.`, `修好它应该也会解决：${dependents.map(({ x, i }) => `[${num(i)}] ${x.title}`).join(';')}。`), w, '  '));
  }
  if (f.devices.length) out.push(...para(tr(`Devices: ${f.devices.map(shortBdf).join(', ')}`, `设备：${f.devices.map(shortBdf).join('、')}`), w, '  '));
  for (const p of readmeWhy) {
    out.push([]);
    out.push(...para(p, w, '  '));
  }
  out.push([]);
  out.push([seg(tr(`  Evidence (${f.evidence.length}):`, `  依据（${f.evidence.length} 条）：`), 'bold')]);
  if (!f.evidence.length) out.push([seg(tr('    (none recorded)', '    （没有记录）'), 'dim')]);
  out.push(...blocksToLines([evidenceBlock(f.evidence)], w, '    '));
  if (f.docs.length) {
    out.push([seg(tr('  Read more:', '  延伸阅读：'), 'bold')]);
    for (const d of f.docs) out.push(...pre(d, w, '    '));
  }
  if (f.fixes.length) out.push([seg('  → ', 'dim'), seg(`fix ${n}`, 'cmd'), seg(tr(' shows how to fix it.', ' 查看修复方法。'), 'dim')]);
  return out;
}

/** What could not be checked: grouped by what to paste (render/unable-summary.ts), or every rule with `full`. */
export function unableLines(r: Report, w: number, full = false): Line[] {
  if (!full) return shortUnableLines(r, w);
  if (!r.unableToCheck.length) return [];
  const out: Line[] = [[seg(trN(r.unableToCheck.length, 'Could not check 1 thing:', `Could not check ${r.unableToCheck.length} things:`, `有 ${r.unableToCheck.length} 项无法检查：`), 'dim')]];
  for (const u of r.unableToCheck) out.push(...wrapSegs([seg('  – ', 'dim'), seg(`${u.title}: `), seg(u.reason, 'dim')], w, '    '));
  return out;
}

function shortUnableLines(r: Report, w: number): Line[] {
  const sum = summariseUnable(r);
  if (!sum.total) return [];
  const out: Line[] = [[seg(`${unableHeading(sum)}${tr(':', '：')}`, 'dim')]];
  for (const g of sum.groups.slice(0, SHORT_GROUPS)) out.push([seg('  – ', 'dim'), seg(clip(groupLine(g, (x) => x, w - 4), w - 4))]);
  const tail = unableTail(sum, 'vfio-doctor --verbose');
  if (tail) out.push(...wrapSegs([seg(tail, 'dim')], w, '  '));
  return out;
}
