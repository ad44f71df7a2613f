// A Facts object with nothing known yet; kept apart from the zod schema so the report path does not load zod.
import type { Facts } from '../schema/facts';

export function emptyFacts(): Facts {
  return {
    otherCmdlines: [],
    kernelLog: [],
    kernelLogSeen: false,
    kernelLogComplete: false,
    pci: [],
    pciComplete: false,
    groupsEvidence: [],
    groupsComplete: false,
    modulesLoadedComplete: false,
    modulesLoadedFilters: [],
    acpiTables: {},
    configFiles: [],
    modprobe: [],
    qemuErrors: [],
    buildMessages: [],
    virt: { evidence: [] },
    collected: false,
    probes: [],
    mentions: {},
    notes: [],
    unavailable: [],
    paths: [],
    mtimes: {},
    unparsed: { count: 0, sample: [] },
  };
}
