// G1: (kernels ≤ 6.5) Intel VT-d refuses to give an RMRR-bound device to a VM ("Device is ineligible … RMRR").
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import { normalizeBdf } from '../../src/parse/bdf';
import type { Fix } from '../../src/schema/fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'intel-rmrr-ineligible';

// drivers/iommu/intel/iommu.c intel_iommu_attach_device() up to 6.5 (dev_warn with the "DMAR: " dev_fmt; returns
// -EPERM); removed in 6.6 by d3aedf94f480, replaced by the core check firmware-direct-mapping-required reads.
const INELIGIBLE = /^(?:(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): )?(?:DMAR: )?Device is ineligible for IOMMU domain attach due to platform RMRR requirement/;
const RMRR_TABLE = /^DMAR: RMRR base: /;

export const messages = {
  ineligible: ({ devices, eperm, release }: { devices: string[]; eperm: boolean; release?: string }) =>
    `${devices.length ? devices.join(', ') : 'The device'} has a firmware-reserved memory region (RMRR) that the platform may use for DMA at any time, so VT-d refuses to put it in a VM's IOMMU domain${eperm ? ' — QEMU reports that as "Failed to set iommu for container: Operation not permitted"' : ' (QEMU then reports "Operation not permitted")'}. Only the firmware can drop the RMRR. USB and graphics RMRRs are already relaxed by the kernel; this one is not. Out-of-tree "relax RMRR" patches (intel_iommu=relax_rmrr) exist but ignore the firmware's requirement. This wording comes from kernels up to 6.5${release !== undefined ? `; this ${release} kernel prints "Firmware has requested this device have a 1:1 IOMMU mapping" instead (firmware-direct-mapping-required)` : '; 6.6 and newer print "Firmware has requested this device have a 1:1 IOMMU mapping" for the same problem'}.`,
  onlyQemuLines: () => 'no kernel log from the VM start was given (sudo dmesg | grep -i rmrr)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'G1',
    title: 'RMRR: the firmware keeps this device from being assigned (Intel, kernels up to 6.5)',
    severity: 'error',
    category: 'reserved-regions',
    summary: 'The firmware reserves memory for the device (an RMRR in the DMAR table) that it may DMA to at any time, so VT-d refuses to attach it to a VM.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html', 'https://support.hpe.com/hpesc/public/docDisplay?docId=emr_na-c04781229'],
    keywords: ['RMRR', 'ineligible', 'platform RMRR requirement', 'Contact your platform vendor', 'HP ProLiant', 'relax_rmrr', 'Operation not permitted'],
    // QEMU's EPERM alone has other causes: only the kernel's refusal, logged as the VM starts, shows this one.
    requires: ['kernelLogAfterVm'],
    reads: { log: [RMRR_TABLE, 'Device is ineligible for IOMMU domain attach due to platform RMRR requirement'] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const lines = host.log(INELIGIBLE);
    // QEMU's own "vfio 0000:…: failed to setup container" lines look like kernel lines but are not the kernel's.
    const kernelSeen = f.kernelLog.some((l) => !/^vfio [0-9a-f]{4}:/.test(l.message));
    // No kernel log at all: the engine says so. Only QEMU's lines in it: they are not the kernel's, so still unknown.
    if (!lines.length) return kernelSeen || !ctx.given('kernelLogAfterVm') ? [] : ctx.unable('onlyQemuLines');
    const devices = [...new Set(lines.map((l) => INELIGIBLE.exec(l.message)![2]).filter(Boolean).map((b) => normalizeBdf(b!)!))];
    const eperm = f.qemuErrors.filter((q) => q.kind === 'container-eperm');
    const regions = host.log(RMRR_TABLE).slice(0, 3);
    const newer = host.kernel && host.kernel.major * 100 + host.kernel.minor >= 606;
    const fixes: Fix[] = [
      plainFix(`${ID}/firmware`, tr('Remove the RMRR for that slot in the firmware', '在固件中去掉这个插槽的 RMRR'), tr('firmware setup', '固件设置'), [
          { kind: 'manual', description: tr('Update the firmware. HP ProLiant Gen8/Gen9: exclude the PCIe slot from RMRR with HPE\'s conrep tool (advisory c04781229). Some boards drop the RMRR when "Kernel DMA Protection"/"Pre-boot DMA Protection" or the onboard management sensors are turned off.', '更新固件。HP ProLiant Gen8/Gen9：用 HPE 的 conrep 工具把这个 PCIe 插槽排除在 RMRR 之外（公告 c04781229）。有些主板在关闭 "Kernel DMA Protection"/"Pre-boot DMA Protection" 或板载管理传感器后会去掉 RMRR。') },
          { kind: 'manual', description: tr('If the firmware cannot change it, try another PCIe slot: RMRRs are usually tied to specific devices or slots.', '如果固件改不了，换一个 PCIe 插槽试试：RMRR 通常绑定在特定的设备或插槽上。') },
          { kind: 'verify', description: tr('Starting the VM no longer logs the RMRR refusal', '启动虚拟机时不再记录 RMRR 拒绝'), argv: ['sh', '-c', 'dmesg | grep -i rmrr'] },
        ], { needsReboot: true }),
    ];
    return [
      {
        messageId: 'ineligible',
        data: { devices, eperm: eperm.length > 0, ...(newer ? { release: host.kernel!.release } : {}) },
        evidence: [...lines.map((l) => l.evidence), ...eperm.map((q) => q.evidence), ...regions.map((l) => l.evidence)],
        fixes,
        devices,
      },
    ];
  },
});
