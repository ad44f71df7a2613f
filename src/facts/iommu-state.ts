// Is the IOMMU active? Sysfs decides; log success lines and QEMU/libvirt errors corroborate; otherwise unknown.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { greppedAbsence, GROUP_ADD_SAMPLES, GROUP_ADD_PRESENT } from './grep-absence';

export interface IommuState {
  state: 'active' | 'inactive' | 'unknown';
  evidence: Evidence[];
  reason: string;
}

// Lines only an initialised IOMMU prints (the "Default domain type" line is printed without one, so it is not here).
export const IOMMU_SUCCESS =
  /^(?:DMAR: Intel\(R\) Virtualization Technology for Directed I\/O|PCI-DMA: Intel\(R\) Virtualization Technology for Directed I\/O|DMAR: Intel-IOMMU force enabled|AMD-Vi: Interrupt remapping enabled|AMD-Vi: Extended features|perf\/amd_iommu: Detected AMD IOMMU|AMD-Vi: Found IOMMU|\S+ [0-9a-f:.]+: Adding to iommu group \d+|iommu: Adding device \S+ to group \d+)/;
// Lines that only appear when no IOMMU group exists for a device.
const NO_IOMMU =
  /no iommu_group found|VFIO device assig?nment is currently not supported/i;

export function iommuState(f: Facts): IommuState {
  if (f.groups && Object.keys(f.groups).length > 0) {
    return { state: 'active', evidence: f.groupsEvidence.slice(0, 3), reason: 'IOMMU groups exist' };
  }
  if (f.iommuGroupsSeen) return { state: 'active', evidence: [f.iommuGroupsSeen], reason: 'a tool found IOMMU groups in /sys/kernel/iommu_groups' };
  if (f.iommuClass && f.iommuClass.length > 0) return { state: 'active', evidence: [], reason: `/sys/class/iommu has ${f.iommuClass.join(', ')}` };
  const ok = f.kernelLog.filter((l) => IOMMU_SUCCESS.test(l.message));
  if (ok.length > 0) return { state: 'active', evidence: ok.slice(0, 3).map((l) => l.evidence), reason: 'the kernel log shows the IOMMU initialised' };
  if (f.groups && Object.keys(f.groups).length === 0) {
    return { state: 'inactive', evidence: f.groupsEvidence.slice(0, 2), reason: '/sys/kernel/iommu_groups is empty' };
  }
  const bad = [
    ...f.qemuErrors.filter((q) => q.kind === 'no-iommu-group' || q.kind === 'vfio-not-supported').map((q) => q.evidence),
    ...f.kernelLog.filter((l) => NO_IOMMU.test(l.message)).map((l) => l.evidence),
  ];
  if (bad.length > 0) return { state: 'inactive', evidence: bad.slice(0, 3), reason: 'QEMU, libvirt or vfio-pci found no IOMMU group' };
  // `dmesg | grep -i iommu` from boot on: it would have shown the group lines every active IOMMU prints.
  const absent = greppedAbsence(f, GROUP_ADD_SAMPLES, GROUP_ADD_PRESENT);
  if (absent && !ok.length) return { state: 'inactive', evidence: absent.evidence, reason: `"${absent.command}" reaches back to boot and would have shown the "Adding to iommu group" lines an active IOMMU prints for every device; it shows none` };
  if (f.kernelLogComplete) {
    const first = f.kernelLog[0];
    return { state: 'inactive', evidence: first ? [first.evidence] : [], reason: 'the full boot log has no line of an initialised IOMMU' };
  }
  return { state: 'unknown', evidence: [], reason: 'no group listing, /sys/class/iommu or full boot log was given' };
}
