// G2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Table = Parameters<(typeof messages)['refused']>[0]['table'];
const TABLE: Record<Table, string> = { ivmd: 'AMD IVRS 表中的 IVMD 条目', rmrr: 'Intel DMAR 表中的 RMRR', either: 'RMRR（Intel）或 IVMD（AMD）条目' };

export const zh = {
  title: '固件要求该设备使用 1:1 IOMMU 映射',
  summary: '从 6.6 起，IOMMU 核心拒绝把带有固件直接映射区域（Intel RMRR、AMD IVMD）的设备交给 VFIO；QEMU 报 "Failed to set group container: Invalid argument"。',
  messages: {
    refused: ({ devices, table, kernelSaid }: { devices: string[]; table: Table; kernelSaid: boolean }) =>
      `${devices.length ? devices.join('、') : '该设备'}：固件声明了一段设备必须始终以 1:1 方式访问的内存（${TABLE[table]}），而从 6.6 起 IOMMU 核心拒绝把这样的设备交给 VFIO${kernelSaid ? '' : '——QEMU 那边表现为 "Failed to set group container: Invalid argument"；启动虚拟机时的内核日志会指明是哪个设备'}。上游内核没有绕过的开关；删掉这项检查的补丁无视了固件的要求。请在固件里解决：关闭 "Kernel DMA Protection"/"Pre-boot DMA Protection"、更新固件，或换一个插槽。IOMMU 组的 reserved_regions 文件会把相关地址范围标为 "direct"。（6.5 及更早的内核对 Intel 平台报的是 "Device is ineligible for IOMMU domain attach due to platform RMRR requirement"。）`,
  },
} satisfies RuleZh<typeof messages>;
