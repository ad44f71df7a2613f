// Whether parsing recognised anything at all (an unrecognisable paste is a usage error, not a clean bill of health).
import type { Facts } from '../schema/facts';

export function hasAnyFacts(f: Facts): boolean {
  return !!(
    f.cmdline ||
    f.kernelLog.length ||
    f.pci.length ||
    f.groups ||
    f.modprobe.length ||
    f.grubVars ||
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
    f.virt.detectVirt
  );
}
