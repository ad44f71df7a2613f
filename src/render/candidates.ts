// Words for a per-candidate report (several GPUs, nothing naming one), shared by the text, markdown and chat views.
import type { Report } from '../schema/report';
import type { Finding } from '../schema/finding';
import { shortBdf } from '../pci/bdf';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** "01:00.0 (NVIDIA GeForce …)" for a candidate of the report. */
export function candidateLabel(r: Report, bdf: string): string {
  const c = r.targets.candidates?.find((x) => x.bdf === bdf);
  const d = r.devices.find((x) => x.bdf === bdf);
  const name = c?.name ?? d?.name;
  return `${shortBdf(bdf)}${name ? ` (${name})` : ''}`;
}

/** "Verdict per candidate GPU: 01:00.0 (…): 2 problems; 79:00.0 (…): fine", or undefined when the report has one target. */
export function candidateVerdictLine(r: Report): string | undefined {
  if (!r.targets.perCandidate || !r.targets.candidates?.length) return undefined;
  const parts = r.targets.candidates.map((c) => {
    const problems = c.errors + c.warnings;
    return `${candidateLabel(r, c.bdf)}: ${problems ? plural(problems, 'problem') : 'fine'}${c.infos ? ` (${plural(c.infos, 'note')})` : ''}`;
  });
  return `Verdict per candidate GPU: ${parts.join('; ')}`;
}

/** What applies to every candidate, said once under the verdicts. */
export function hostWideLine(r: Report): string | undefined {
  if (!r.targets.perCandidate) return undefined;
  const shared = r.findings.filter((f) => !f.candidate && f.severity !== 'info').length;
  return shared
    ? `${plural(shared, 'problem')} below concern the host whichever GPU you pass. Choose one with --gpu BDF (in the chat: gpu BDF) to see only its findings.`
    : 'Nothing else is wrong on the host side. Choose one with --gpu BDF (in the chat: gpu BDF) to see only its findings.';
}

/** "If you pass 01:00.0 (…):" above a finding about one candidate. */
export function candidatePrefix(r: Report, f: Finding): string | undefined {
  return f.candidate ? `If you pass ${candidateLabel(r, f.candidate)}:` : undefined;
}
