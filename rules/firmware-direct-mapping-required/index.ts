// G2: (kernels ≥ 6.6, Intel and AMD) the firmware requires a 1:1 mapping for the device, so VFIO cannot take it.
import { defineRule } from '../../src/engine/rule';
import { normalizeBdf } from '../../src/parse/bdf';
import { kernelAtLeast } from '../../src/facts/host';
import type { Fix } from '../../src/schema/fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'firmware-direct-mapping-required';

// drivers/iommu/iommu.c (a48ce36e2786, 6.6): dev_warn(dev, "Firmware has requested this device have a 1:1 IOMMU
// mapping, rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.") → -EINVAL.
const DIRECT = /^(?:(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): )?Firmware has requested this device have a 1:1 IOMMU mapping/;

const TABLE = { ivmd: 'an IVMD entry in the AMD IVRS table', rmrr: 'an RMRR in the Intel DMAR table', either: 'an RMRR (Intel) or IVMD (AMD) entry' } as const;

export const messages = {
  refused: ({ devices, table, kernelSaid }: { devices: string[]; table: keyof typeof TABLE; kernelSaid: boolean }) =>
    `${devices.length ? devices.join(', ') : 'The device'}: the firmware declared memory the device must always reach 1:1 (${TABLE[table]}), and since 6.6 the IOMMU core refuses to give such a device to VFIO${kernelSaid ? '' : ' — QEMU\'s "Failed to set group container: Invalid argument" is how this shows up on the QEMU side; the kernel log from the VM start names the device'}. There is no upstream override; patches that delete the check ignore what the firmware asked for. Fix it in the firmware: turn off "Kernel DMA Protection"/"Pre-boot DMA Protection", update the firmware, or use another slot. The group's reserved_regions file lists the offending ranges as "direct". (Kernels up to 6.5 reported the Intel case as "Device is ineligible for IOMMU domain attach due to platform RMRR requirement".)`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'G2',
    title: 'The firmware requires a 1:1 IOMMU mapping for the device',
    severity: 'error',
    category: 'reserved-regions',
    summary: 'Since 6.6 the IOMMU core refuses to hand a device with firmware direct-mapped regions (Intel RMRR, AMD IVMD) to VFIO; QEMU says "Failed to set group container: Invalid argument".',
    docs: ['https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['1:1 IOMMU mapping', 'Contact your platform vendor', 'RMRR', 'IVMD', 'Failed to set group container', 'Invalid argument', 'Kernel DMA Protection', 'reserved_regions'],
    requires: [{ anyOf: ['kernelLogAfterVm', 'qemuLog'] }],
    reads: { log: ['Firmware has requested this device have a 1:1 IOMMU mapping'] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const lines = host.log(DIRECT);
    const einval = f.qemuErrors.filter((q) => q.kind === 'container-einval');
    if (!lines.length && !einval.length) return [];
    // QEMU's EINVAL alone only points here on kernels that have the 6.6 check.
    if (!lines.length && kernelAtLeast(host, 6, 6) === false) return [];
    const devices = [
      ...new Set([...lines.map((l) => DIRECT.exec(l.message)![2]), ...einval.map((q) => q.bdf)].filter(Boolean).map((b) => normalizeBdf(b!)!)),
    ];
    const amd = host.cpuVendor === 'amd';
    const fixes: Fix[] = [
      {
        id: `${ID}/firmware`,
        title: tr('Remove the firmware\'s direct-mapped region for the device', '去掉固件为这个设备设置的直接映射区域'),
        variant: tr('firmware setup', '固件设置'),
        recommended: true,
        needsReboot: true,
        needsInitramfs: false,
        warnings: [],
        steps: [
          {
            kind: 'manual',
            description: tr(
              `In the firmware setup turn off "Kernel DMA Protection" / "Pre-boot DMA Protection" (on some boards it only shows once IOMMU is set to Enabled instead of Auto), and update the firmware.${amd ? ' Reports cover AMD AM5 boards (e.g. B650) with recent GPUs.' : ' On HP ProLiant servers exclude the slot from RMRR with HPE\'s conrep tool.'}`,
              `在固件设置里关闭 "Kernel DMA Protection" / "Pre-boot DMA Protection"（有些主板要先把 IOMMU 从 Auto 改成 Enabled 才会出现这个选项），并更新固件。${amd ? '已有报告涉及搭配新显卡的 AMD AM5 主板（如 B650）。' : '在 HP ProLiant 服务器上，用 HPE 的 conrep 工具把这个插槽排除在 RMRR 之外。'}`,
            ),
          },
          { kind: 'manual', description: tr('If that does not help, try another PCIe slot: the reserved ranges usually cover specific devices or buses.', '如果没有用，换一个 PCIe 插槽试试：保留区域通常只覆盖特定的设备或总线。') },
          { kind: 'verify', description: tr(`No "direct" entries remain in the group's reserved regions`, 'IOMMU 组的 reserved_regions 里不再有 "direct" 条目'), argv: ['sh', '-c', `cat /sys/bus/pci/devices/${devices[0] ?? '<BDF>'}/iommu_group/reserved_regions`] },
        ],
      },
    ];
    return [
      {
        messageId: 'refused',
        data: { devices, table: amd ? ('ivmd' as const) : host.cpuVendor === 'intel' ? ('rmrr' as const) : ('either' as const), kernelSaid: lines.length > 0 },
        evidence: [...lines.map((l) => l.evidence), ...einval.map((q) => q.evidence)],
        fixes,
        devices,
      },
    ];
  },
});
