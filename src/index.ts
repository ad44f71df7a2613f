// Programmatic API: diagnose(sources) → Report, the same pipeline the command line uses.
import type { RawSource } from './schema/raw-source';
import type { Report } from './schema/report';
import { parseSources } from './facts/from-sources';
import { buildHost, type Host } from './facts/host';
import type { RunOptions } from './engine/run';
import { runPerCandidate } from './engine/per-candidate';
import { vmDevicesIn } from './facts/intent';
import { buildReport, type ReportSource } from './engine/report';
import { RULES } from '../rules/index';

export interface DiagnoseOptions extends RunOptions {
  gpus?: string[];
  source?: ReportSource;
  now?: Date;
}

export interface Diagnosis {
  report: Report;
  host: Host;
}

export function diagnoseFull(sources: RawSource[], opts: DiagnoseOptions = {}): Diagnosis {
  const facts = parseSources(sources);
  facts.vmDevices = vmDevicesIn(sources);
  const host = buildHost(facts, opts.gpus ?? []);
  const run = runPerCandidate(RULES, host, opts);
  return { report: buildReport(host, run, opts.source ?? { kind: 'bundle' }, opts.now), host };
}

export function diagnose(sources: RawSource[], opts: DiagnoseOptions = {}): Report {
  return diagnoseFull(sources, opts).report;
}

export type { Report, RawSource };
