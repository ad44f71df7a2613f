// Facts with nothing known yet, and whether parsing recognised anything at all (kept apart from the zod schema so
// the report path does not load zod; an unrecognisable paste is a usage error, not a clean bill of health).
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

export function hasAnyFacts(f: Facts): boolean {
  return !!(
    f.cmdline ||
    f.kernelLog.length ||
    f.pci.length ||
    f.groups ||
    f.modprobe.length ||
    f.grubVars ||
    f.statedParams?.length ||
    f.configFiles.length ||
    f.qemuErrors.length ||
    f.buildMessages.length ||
    f.kernelRelease ||
    f.distro ||
    f.cpu ||
    f.modulesLoaded ||
    f.modulesBuiltin ||
    f.kconfig ||
    f.kernelCmdlineFile ||
    f.iommuClass ||
    f.iommuGroupsSeen ||
    f.initramfsListings ||
    f.virt.detectVirt ||
    f.devKvm !== undefined ||
    f.probes.length ||
    f.vms?.length
  );
}
