// Per-candidate report: each candidate GPU's own findings counted into a verdict the renderers and the chat show.
import type { CandidateVerdict, ReportDevice } from '../schema/report';
import type { RunResult } from './run';

export function candidateVerdicts(gpus: string[], devices: ReportDevice[], run: RunResult): CandidateVerdict[] {
  return gpus.map((bdf) => {
    const own = run.findings.filter((f) => f.candidate === bdf);
    const d = devices.find((x) => x.bdf === bdf);
    const n = (sev: string) => own.filter((f) => f.severity === sev).length;
    const errors = n('error');
    const warnings = n('warning');
    return {
      bdf,
      name: d?.name ?? null,
      ids: d?.ids ?? null,
      errors,
      warnings,
      infos: n('info'),
      verdict: errors + warnings > 0 ? 'problems' : 'fine',
      findings: own.map((f) => f.id),
    };
  });
}
