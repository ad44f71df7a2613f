// Evidence of absence from a grep'd kernel log: the pattern would have shown a line, the output reaches back to
// boot and was not cut, and the line is not there.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { grepFilterOf, grepShows } from '../parse/log-scope';

export interface GrepAbsence {
  command: string;
  /** The command (the pattern is the point) and the first line of its output. */
  evidence: Evidence[];
}

/**
 * A grep'd boot log that would have shown every one of `samples` (real wordings of the line, with a dmesg stamp)
 * and shows no message matching `present`.
 */
export function greppedAbsence(f: Facts, samples: string[], present: RegExp): GrepAbsence | undefined {
  if (f.kernelLog.some((l) => present.test(l.message))) return undefined;
  for (const g of f.kernelLogGreps ?? []) {
    if (!g.fromBoot || g.cut) continue;
    const filter = grepFilterOf(g.command);
    if (!filter || !samples.every((s) => grepShows(filter, s))) continue;
    return { command: g.command, evidence: [{ source: g.evidence.source, text: `$ ${g.command}` }, g.evidence] };
  }
  return undefined;
}

// drivers/iommu/iommu.c iommu_group_add_device(): dev_info(dev, "Adding to iommu group %d\n"); before 5.1
// pr_info("Adding device %s to group %d\n") with the "iommu: " prefix. Printed for every device when an IOMMU is on.
export const GROUP_ADD_SAMPLES = ['[    0.912345] pci 0000:00:00.0: Adding to iommu group 0', '[    0.912345] iommu: Adding device 0000:00:00.0 to group 0'];
export const GROUP_ADD_PRESENT = /Adding to iommu group \d|iommu: Adding device \S+ to group \d/;
