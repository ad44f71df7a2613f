// B4 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** The English reasons of index.ts's OFF table, in Chinese (the data keeps the English one). */
const WHY: Record<string, string> = {
  'switches Intel VT-d DMA remapping off': '关闭了 Intel VT-d 的 DMA 重映射',
  'switches the AMD IOMMU off': '关闭了 AMD IOMMU',
  'disables every IOMMU (no_iommu)': '禁用了所有 IOMMU（no_iommu）',
  'asks for software bounce buffering (SWIOTLB) instead of the hardware IOMMU': '要求用软件回弹缓冲（SWIOTLB）代替硬件 IOMMU',
};

export const zh = {
  title: '内核命令行关闭了 IOMMU',
  summary: '内核命令行里的 intel_iommu=off、amd_iommu=off、iommu=off 或 iommu=soft 让 VFIO 无法工作。',
  messages: {
    off: ({ param, why }: { param: string; why: string }) =>
      `当前运行内核的命令行里的 ${param} ${WHY[why] ?? why}，所以没有任何设备能交给虚拟机。它常常是以前为笔记本、显卡或 IO_PAGE_FAULT 问题加的临时办法留下来的；如果当初是为了这个，intel_iommu=igfx_off（只排除 Intel 核显）是影响更小的做法。`,
  },
} satisfies RuleZh<typeof messages>;
