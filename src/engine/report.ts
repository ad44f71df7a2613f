// Builds the --json report from facts and findings: the one object every renderer reads.
import { liveReason } from './live-reasons';
import { COLLECTED_LIVE, type InputKind } from './inputs';
import type { UnableToCheck } from '../schema/finding';
import type { Report, ReportDevice } from '../schema/report';
import { candidateVerdicts } from './candidate-verdicts';
import type { Host } from '../facts/host';
import type { RunResult } from './run';
import { VERSION } from '../version';
import { getLang, tr } from '../i18n/lang';

export interface ReportSource {
  kind: 'live' | 'bundle' | 'sysroot';
  path?: string;
}

const known = (value: string | undefined, reason?: string) => ({ value: value ?? null, reason });

export function buildReport(host: Host, run: RunResult, source: ReportSource, now = new Date()): Report {
  const f = host.facts;
  const devices: ReportDevice[] = f.pci.map((d) => ({
    bdf: d.bdf,
    ids: d.vendor && d.device ? `${d.vendor}:${d.device}` : null,
    class: d.classCode ?? null,
    name: d.name ?? d.className ?? null,
    driver: d.driver ?? null,
    driverKnown: d.driver !== undefined,
    iommuGroup: d.iommuGroup ?? null,
    bootVga: d.bootVga ?? null,
  }));
  const distro = f.distro?.name ?? f.distro?.id ?? (host.distroFamily ? tr(`${host.distroFamily} (from the kernel release)`, `${host.distroFamily}（根据内核版本推断）`) : undefined);
  return {
    schemaVersion: 1,
    tool: { name: 'vfio-doctor', version: VERSION },
    source: { kind: source.kind, path: source.path, generatedAt: now.toISOString() },
    summary: {
      errors: run.findings.filter((x) => x.severity === 'error').length,
      warnings: run.findings.filter((x) => x.severity === 'warning').length,
      infos: run.findings.filter((x) => x.severity === 'info').length,
    },
    lang: getLang(),
    host: {
      cpuVendor: known(host.cpuVendor, host.cpuVendorReason),
      kernel: known(host.kernel?.release),
      distro: known(distro),
      bootLoader: { ...known(host.bootLoader.value, host.bootLoader.reason), candidates: host.bootLoader.candidates },
      initramfs: { ...known(host.initramfs.value, host.initramfs.reason), candidates: host.initramfs.candidates },
      iommu: host.iommu.state,
      virtualMachine: host.virtualMachine ?? null,
    },
    targets: liveTargets(source.kind === 'live', host.targets.perCandidate ? { ...host.targets, candidates: candidateVerdicts(host.targets.gpus, devices, run) } : host.targets),
    devices,
    groups: f.groups ?? null,
    findings: run.findings,
    // On the live host nothing is to be pasted that the collector reads itself (engine/live-reasons.ts).
    // On the live host, inputs the collector reads were looked for: not "paste it" but "not on this host".
    unableToCheck: source.kind === 'live' ? run.unableToCheck.map((u) => liveUnable(u)) : run.unableToCheck,
    notes: f.notes,
    unparsed: f.unparsed,
  };
}

/** The targets, with why they were chosen worded for the live host ("no GPU was found on this host"). */
function liveTargets<T extends { reason?: string }>(live: boolean, t: T): T {
  return live && t.reason !== undefined ? { ...t, reason: liveReason(t.reason) } : t;
}

/** A could-not-check entry as the live host words it: inputs the collector reads are no longer something to paste. */
function liveUnable(u: UnableToCheck): UnableToCheck {
  const inputs = u.inputs?.filter((k) => !COLLECTED_LIVE.has(k as InputKind));
  const out: UnableToCheck = { ...u, reason: liveReason(u.reason) };
  if (u.inputs) {
    if (inputs?.length) out.inputs = inputs;
    else delete out.inputs;
  }
  return out;
}
