// D2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '显卡和无关设备在同一个 IOMMU 组',
  summary: 'IOMMU 组里的所有设备要一起交给虚拟机；显卡所在组里的无关设备也会离开宿主机。',
  messages: {
    shares: ({ bdf, group, others, critical }: { bdf: string; group: number; others: string[]; critical: string[] }) =>
      `位于 ${bdf} 的显卡和 ${others.join('、')} 同在 IOMMU 组 ${group}。IOMMU 组只能整体交给虚拟机，所以${others.length > 1 ? '这些设备' : '这个设备'}也会被一起拉进虚拟机${critical.length ? `；而宿主机需要 ${critical.join('、')}（存储、网络或 USB），所以这个组不能原样直通` : ''}。IOMMU 组取决于通往 CPU 的路径上的 PCIe ACS 隔离：芯片组下的插槽通常共用一个组。`,
    groupNotListed: ({ bdf }: { bdf: string }) => `列表里没有 ${bdf} 所在的 IOMMU 组`,
    partOfGroup: ({ group }: { group: number }) =>
      `只列出了 IOMMU 组 ${group} 的一部分（lspci -v 只显示每个设备所在的组，不显示组里的其他成员）；请粘贴完整的 IOMMU 组列表`,
  },
} satisfies RuleZh<typeof messages>;
