// Runs every rule in isolation over the host model and links consequences to their root causes.
import type { Finding, UnableToCheck } from '../schema/finding';
import { severityRank } from '../schema/severity-order';
import type { Host } from '../facts/host';
import { titleOf, type Rule } from './rule';
import { tr } from '../i18n/lang';
import { sequenceDiffs } from './fixes/sequence';
import { finishFixes } from './fixes/finish';
import { recommendedFix } from './recommended';
import { errorMessage } from '../text/error-message';
import { missing, missingReason, requirementKinds, type InputKind } from './inputs';

/** Declared rules: the message id and data each finding was written from (kept beside, not in, the JSON report). */
const messageIds = new WeakMap<Finding, { messageId: string; data: unknown }>();
export const messageOf = (f: Finding) => messageIds.get(f);
/** The input kinds whose absence made a declared rule unable to check (for a summary grouped by input). */
const missingInputs = new WeakMap<UnableToCheck, InputKind[]>();
export const missingInputsOf = (u: UnableToCheck) => missingInputs.get(u);

export interface RunOptions {
  only?: string[];
  ignore?: string[];
  /** Live-only rules are skipped for pastes and bundles. */
  live?: boolean;
}

export interface RunResult {
  findings: Finding[];
  unableToCheck: UnableToCheck[];
}

export function runRules(rules: readonly Rule[], host: Host, opts: RunOptions = {}): RunResult {
  const findings: Finding[] = [];
  const unableToCheck: UnableToCheck[] = [];
  for (const rule of rules) {
    const { meta } = rule;
    if (opts.only?.length && !opts.only.includes(meta.id)) continue;
    if (opts.ignore?.includes(meta.id)) continue;
    if (meta.liveOnly && !opts.live) continue;
    let result;
    try {
      result = rule.check(host);
    } catch (e) {
      // One broken rule must not take the report down with it.
      unableToCheck.push({ id: meta.id, title: titleOf(meta), reason: tr(`internal error in this rule: ${errorMessage(e)}`, `此规则内部出错：${errorMessage(e)}`) });
      continue;
    }
    if (!Array.isArray(result)) {
      unableToCheck.push({ id: meta.id, title: titleOf(meta), reason: result.unable });
      continue;
    }
    // Nothing found, without an input the rule requires: unknown, not "fine". The first missing input is named.
    const lacking = result.length === 0 && meta.requires ? missing(host, meta.requires) : [];
    if (lacking.length > 0) {
      const u = { id: meta.id, title: titleOf(meta), reason: missingReason(host, lacking[0]!) };
      missingInputs.set(u, lacking.flatMap(requirementKinds));
      unableToCheck.push(u);
      continue;
    }
    for (const d of result) {
      // Plans this kernel cannot carry out are dropped (with the reason), checks needing root say sudo.
      const done = finishFixes(host, d.fixes ?? []);
      const none = done.fixes.length === 0 && done.dropped.length > 0;
      const finding: Finding = {
        id: meta.id,
        severity: d.severity ?? meta.severity,
        title: d.title ?? titleOf(meta),
        message: none ? tr(`${d.message} No fix is offered: ${done.dropped.join('; ')}.`, `${d.message} 没有可用的修复方案：${done.dropped.join(';')}。`) : d.message,
        evidence: dedupeEvidence(d.evidence),
        fixes: done.fixes.map((x) => sequenceDiffs(host.facts, x)),
        docs: meta.docs,
        devices: d.devices ?? [],
      };
      if (d.messageId !== undefined) messageIds.set(finding, { messageId: d.messageId, data: d.data });
      findings.push(finding);
    }
  }
  for (const f of findings) {
    // Every edit of the recommended plan is already in the files: only the reboot (or rebuild) is missing.
    const rec = recommendedFix(f);
    const edits = rec?.steps.filter((s) => s.kind === 'edit') ?? [];
    if (rec?.needsReboot && edits.length > 0 && edits.every((s) => s.kind === 'edit' && s.noop)) f.status = 'pending-reboot';
  }
  const fired = new Set(findings.map((f) => f.id));
  const byId = new Map(rules.map((r) => [r.meta.id, r.meta]));
  for (const f of findings) {
    const cause = byId.get(f.id)?.consequenceOf?.find((c) => fired.has(c) && c !== f.id);
    if (!cause) continue;
    f.rootCause = cause;
    // Fixing the cause fixes this one: repeating the cause's plan here would only confuse.
    if (findings.some((c) => c.id === cause && c.fixes.length > 0)) f.fixes = [];
  }
  // Findings that explain others come first (even a warning: "fix that first"), each followed by its consequences.
  const causes = new Set(findings.map((f) => f.rootCause).filter(Boolean));
  const top = findings
    .filter((f) => !f.rootCause)
    .sort((a, b) => (causes.has(a.id) ? 0 : 1) - (causes.has(b.id) ? 0 : 1) || severityRank[a.severity] - severityRank[b.severity]);
  const ordered: Finding[] = [];
  const place = (f: Finding) => {
    if (ordered.includes(f)) return;
    ordered.push(f);
    for (const c of findings.filter((x) => x.rootCause === f.id).sort((a, b) => severityRank[a.severity] - severityRank[b.severity])) place(c);
  };
  top.forEach(place);
  for (const f of findings) if (!ordered.includes(f)) ordered.push(f); // a cycle of causes: keep everything
  findings.splice(0, findings.length, ...ordered);
  return { findings, unableToCheck };
}

function dedupeEvidence<T extends { source: string; line?: number; text: string }>(ev: T[]): T[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    const k = `${e.source}\u0000${e.line ?? ''}\u0000${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
