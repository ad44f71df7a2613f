// Is the IOMMU active? Sysfs decides; log success lines and QEMU/libvirt errors corroborate; otherwise unknown.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { greppedAbsence, GROUP_ADD_SAMPLES, GROUP_ADD_PRESENT } from './grep-absence';
import { tr } from '../i18n/lang';

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

// vfio-pci refusing a device with -EINVAL (-22): the driver core's message, before Linux 6.10 ("%s: probe of %s failed
// with error %d", drivers/base/dd.c) and after ("probe with driver %s failed with error %d", dev_err). vfio-pci returns
// -EINVAL when the device has no IOMMU group (vfio_pci_probe / vfio_group_find_or_alloc) and also for a non-type-0
// header (a bridge), which is why bridges are left out below.
const PROBE_EINVAL = /^vfio-pci: probe of (\S+) failed with error -22$|^vfio-pci (\S+): probe with driver vfio-pci failed with error -22$/;

/** Kernel lines of vfio-pci refusing a (non-bridge) device for want of an IOMMU group. */
export function vfioProbeEinval(f: Facts): Facts['kernelLog'] {
  return f.kernelLog.filter((l) => {
    const m = PROBE_EINVAL.exec(l.message);
    if (!m) return false;
    const bdf = (m[1] ?? m[2]!).toLowerCase();
    const dev = f.pci.find((d) => d.bdf === bdf || d.bdf.endsWith(`:${bdf}`));
    return !dev?.classCode?.startsWith('0604');
  });
}

export function iommuState(f: Facts): IommuState {
  if (f.groups && Object.keys(f.groups).length > 0) {
    return { state: 'active', evidence: f.groupsEvidence.slice(0, 3), reason: tr('IOMMU groups exist', '存在 IOMMU 组') };
  }
  if (f.iommuGroupsSeen) return { state: 'active', evidence: [f.iommuGroupsSeen], reason: tr('a tool found IOMMU groups in /sys/kernel/iommu_groups', '有工具在 /sys/kernel/iommu_groups 中找到了 IOMMU 组') };
  if (f.iommuClass && f.iommuClass.length > 0) return { state: 'active', evidence: [], reason: tr(`/sys/class/iommu has ${f.iommuClass.join(', ')}`, `/sys/class/iommu 中有 ${f.iommuClass.join('、')}`) };
  // libvirt's virt-host-validate passes this check only when /sys/kernel/iommu_groups has a group (src/parse/probe.ts).
  const validated = f.probes.filter((e) => /^\s*QEMU: Checking if IOMMU is enabled by kernel\s*: PASS\b/.test(e.text));
  if (validated.length > 0) return { state: 'active', evidence: validated.slice(0, 1), reason: tr('virt-host-validate found IOMMU groups', 'virt-host-validate 找到了 IOMMU 组') };
  const ok = f.kernelLog.filter((l) => IOMMU_SUCCESS.test(l.message));
  if (ok.length > 0) return { state: 'active', evidence: ok.slice(0, 3).map((l) => l.evidence), reason: tr('the kernel log shows the IOMMU initialised', '内核日志显示 IOMMU 已初始化') };
  if (f.groups && Object.keys(f.groups).length === 0) {
    return { state: 'inactive', evidence: f.groupsEvidence.slice(0, 2), reason: tr('/sys/kernel/iommu_groups is empty', '/sys/kernel/iommu_groups 是空的') };
  }
  const bad = [
    ...f.qemuErrors.filter((q) => q.kind === 'no-iommu-group' || q.kind === 'vfio-not-supported').map((q) => q.evidence),
    ...f.kernelLog.filter((l) => NO_IOMMU.test(l.message)).map((l) => l.evidence),
    ...vfioProbeEinval(f).map((l) => l.evidence),
  ];
  if (bad.length > 0) return { state: 'inactive', evidence: bad.slice(0, 3), reason: tr('QEMU, libvirt or vfio-pci found no IOMMU group', 'QEMU、libvirt 或 vfio-pci 找不到 IOMMU 组') };
  // `dmesg | grep -i iommu` from boot on: it would have shown the group lines every active IOMMU prints.
  const absent = greppedAbsence(f, GROUP_ADD_SAMPLES, GROUP_ADD_PRESENT);
  if (absent && !ok.length)
    return {
      state: 'inactive',
      evidence: absent.evidence,
      reason: tr(
        `"${absent.command}" reaches back to boot and would have shown the "Adding to iommu group" lines an active IOMMU prints for every device; it shows none`,
        `"${absent.command}" 的输出从开机时开始；IOMMU 开启时会为每个设备打印 "Adding to iommu group" 行，而输出中一行也没有`,
      ),
    };
  if (f.kernelLogComplete) {
    const first = f.kernelLog[0];
    return { state: 'inactive', evidence: first ? [first.evidence] : [], reason: tr('the full boot log has no line of an initialised IOMMU', '完整的启动日志中没有任何 IOMMU 初始化的记录') };
  }
  return { state: 'unknown', evidence: [], reason: tr('no group listing, /sys/class/iommu or full boot log was given', '没有提供 IOMMU 组列表、/sys/class/iommu 或完整的启动日志') };
}
