// Words for a per-candidate report (several GPUs, nothing naming one), shared by the text, markdown and chat views.
import type { Report } from '../schema/report';
import type { Finding } from '../schema/finding';
import { shortBdf } from '../pci/bdf';
import { tr, trN } from '../i18n/lang';

const plural = (n: number, w: string, zh: string) => trN(n, `${n} ${w}`, `${n} ${w}s`, `${n} ${zh}`);

/** "01:00.0 (NVIDIA GeForce …)" for a candidate of the report. */
export function candidateLabel(r: Report, bdf: string): string {
  const c = r.targets.candidates?.find((x) => x.bdf === bdf);
  const d = r.devices.find((x) => x.bdf === bdf);
  const name = c?.name ?? d?.name;
  return `${shortBdf(bdf)}${name ? tr(` (${name})`, `（${name}）`) : ''}`;
}

/** "Verdict per candidate GPU: 01:00.0 (…): 2 problems; 79:00.0 (…): fine", or undefined when the report has one target. */
export function candidateVerdictLine(r: Report): string | undefined {
  if (!r.targets.perCandidate || !r.targets.candidates?.length) return undefined;
  const parts = r.targets.candidates.map((c) => {
    const problems = c.errors + c.warnings;
    return `${candidateLabel(r, c.bdf)}${tr(': ', '：')}${problems ? plural(problems, 'problem', '个问题') : tr('fine', '没问题')}${c.infos ? tr(` (${plural(c.infos, 'note', '')})`, `（${plural(c.infos, 'note', '条提示')}）`) : ''}`;
  });
  return tr(`Verdict per candidate GPU: ${parts.join('; ')}`, `各候选显卡的结论：${parts.join('；')}`);
}

/** What applies to every candidate, said once under the verdicts. */
export function hostWideLine(r: Report): string | undefined {
  if (!r.targets.perCandidate) return undefined;
  const shared = r.findings.filter((f) => !f.candidate && f.severity !== 'info').length;
  return shared
    ? tr(`${plural(shared, 'problem', '')} below concern the host whichever GPU you pass. Choose one with --gpu BDF (in the chat: gpu BDF) to see only its findings.`, `下面 ${shared} 个问题与直通哪张显卡无关，都出在宿主机上。用 --gpu BDF（对话中：gpu BDF）选定一张，只看它的问题。`)
    : tr('Nothing else is wrong on the host side. Choose one with --gpu BDF (in the chat: gpu BDF) to see only its findings.', '宿主机这边没有别的问题。用 --gpu BDF（对话中：gpu BDF）选定一张，只看它的问题。');
}

/** "If you pass 01:00.0 (…):" above a finding about one candidate. */
export function candidatePrefix(r: Report, f: Finding): string | undefined {
  return f.candidate ? tr(`If you pass ${candidateLabel(r, f.candidate)}:`, `如果直通 ${candidateLabel(r, f.candidate)}：`) : undefined;
}
