// Pick the binding method for a set of functions: by address when their IDs are shared with a device the host keeps.
import type { Fix } from '../../schema/fix';
import type { PciDevice } from '../../schema/facts';
import type { Host } from '../../facts/host';
import { idOf } from '../../facts/targets';
import { bindByAddressFixes, bindByIdFixes } from './bind';

/** Devices outside `devs` that share a vendor:device ID with one of them (binding by ID would take them too). */
export function idCollisions(host: Host, devs: PciDevice[]): PciDevice[] {
  const mine = new Set(devs.map((d) => d.bdf));
  const ids = new Set(devs.map(idOf).filter(Boolean));
  // The vendor first: on a big server most devices are ruled out without making their ID string.
  const vendors = new Set(devs.map((d) => d.vendor));
  return host.facts.pci.filter((d) => vendors.has(d.vendor) && !mine.has(d.bdf) && idOf(d) !== undefined && ids.has(idOf(d)));
}

export function bindFixes(host: Host, ruleId: string, devs: PciDevice[]): Fix[] {
  if (idCollisions(host, devs).length > 0) return bindByAddressFixes(host, ruleId, devs);
  return bindByIdFixes(host, ruleId, devs);
}

export { slotFunctions } from '../../facts/targets';
