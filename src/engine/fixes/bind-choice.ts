// Pick the binding method for a set of functions: by address when their IDs are shared with a device the host keeps.
import type { Fix } from '../../schema/fix';
import type { PciDevice } from '../../schema/facts';
import type { Host } from '../../facts/host';
import { idOf } from '../../facts/targets';
import { bindByAddressFixes, bindByIdFixes } from './bind';

/**
 * The devices of each vendor, in the facts' order, made once per device list: every finding with a binding fix asked
 * for its collisions by walking all of a big server's functions (2,000, most of another vendor's).
 */
const byVendor = new WeakMap<readonly PciDevice[], { length: number; index: Map<string | undefined, PciDevice[]> }>();
function vendorIndex(pci: readonly PciDevice[]): Map<string | undefined, PciDevice[]> {
  const made = byVendor.get(pci);
  // A list that grew since (a test adding a device) is indexed again.
  let index = made?.length === pci.length ? made.index : undefined;
  if (!index) {
    index = new Map();
    for (let i = 0; i < pci.length; i++) {
      const d = pci[i]!;
      const list = index.get(d.vendor);
      if (list) list.push(d);
      else index.set(d.vendor, [d]);
    }
    byVendor.set(pci, { length: pci.length, index });
  }
  return index;
}

/** Devices outside `devs` that share a vendor:device ID with one of them (binding by ID would take them too). */
export function idCollisions(host: Host, devs: PciDevice[]): PciDevice[] {
  const mine = new Set(devs.map((d) => d.bdf));
  const ids = new Set(devs.map(idOf).filter(Boolean));
  const vendors = new Set(devs.map((d) => d.vendor));
  const pci = host.facts.pci;
  // The vendor first: on a big server most devices are of another vendor. One vendor (the usual case): its devices in
  // the facts' order; several: the whole list, to keep that order.
  const candidates = vendors.size === 1 ? (vendorIndex(pci).get(devs[0]!.vendor) ?? []) : pci.filter((d) => vendors.has(d.vendor));
  return candidates.filter((d) => !mine.has(d.bdf) && idOf(d) !== undefined && ids.has(idOf(d)));
}

export function bindFixes(host: Host, ruleId: string, devs: PciDevice[]): Fix[] {
  if (idCollisions(host, devs).length > 0) return bindByAddressFixes(host, ruleId, devs);
  return bindByIdFixes(host, ruleId, devs);
}

export { slotFunctions } from '../../facts/targets';
