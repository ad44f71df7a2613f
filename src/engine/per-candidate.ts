// Several candidate GPUs and nothing naming one: run the rules once per candidate and keep each verdict apart.
import type { Finding, UnableToCheck } from '../schema/finding';
import type { Host } from '../facts/host';
import type { Rule } from './rule';
import { runRules, type RunOptions, type RunResult } from './run';
import { shortBdf } from '../pci/bdf';
import { tr } from '../i18n/lang';

/** A finding's identity across runs: the same rule saying the same thing about the same fixes. */
const keyOf = (f: Finding) => `${f.id}\u0000${f.severity}\u0000${f.title}\u0000${f.message}\u0000${f.fixes.map((x) => JSON.stringify(x)).join('\u0001')}`;

/**
 * With one target (or none) this is runRules. With `host.targets.perCandidate`, each candidate is made the only target
 * in turn; a finding every candidate's run produced alike concerns the host (kept once), any other concerns its
 * candidate: it carries `candidate` and names it first in `devices`. Host-wide findings come first, then each
 * candidate's, in the order of the candidates.
 */
export function runPerCandidate(rules: readonly Rule[], host: Host, opts: RunOptions = {}): RunResult {
  const t = host.targets;
  if (!t.perCandidate || t.gpus.length < 2) return runRules(rules, host, opts);
  const runs = t.gpus.map((bdf) => ({ bdf, run: runRules(rules, { ...host, targets: { ...t, gpus: [bdf] } }, opts) }));
  const counts = new Map<string, number>();
  for (const { run } of runs) for (const k of new Set(run.findings.map(keyOf))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const common = new Set([...counts].filter(([, n]) => n === runs.length).map(([k]) => k));
  const hostWide: Finding[] = [];
  const own: Finding[] = [];
  for (const { bdf, run } of runs) {
    for (const f of run.findings) {
      const k = keyOf(f);
      if (!common.has(k)) {
        own.push({ ...f, candidate: bdf, devices: [bdf, ...f.devices.filter((d) => d !== bdf)] });
        continue;
      }
      const seen = hostWide.find((x) => keyOf(x) === k);
      if (!seen) hostWide.push({ ...f, devices: [...f.devices] });
      else for (const d of f.devices) if (!seen.devices.includes(d)) seen.devices.push(d);
    }
  }
  return { findings: [...hostWide, ...own], unableToCheck: mergeUnable(runs) };
}

/** A rule that could not check alike for every candidate says for which one it could not. */
function mergeUnable(runs: { bdf: string; run: RunResult }[]): UnableToCheck[] {
  const out: UnableToCheck[] = [];
  const all = runs.flatMap(({ bdf, run }) => run.unableToCheck.map((u) => ({ bdf, u })));
  for (const { bdf, u } of all) {
    const same = all.filter((x) => x.u.id === u.id && x.u.reason === u.reason);
    if (same.length === runs.length) {
      if (!out.some((x) => x.id === u.id && x.reason === u.reason)) out.push(u);
    } else out.push({ ...u, reason: tr(`for candidate ${shortBdf(bdf)}: ${u.reason}`, `对候选显卡 ${shortBdf(bdf)}:${u.reason}`) });
  }
  return out;
}
