// B6 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '固件强制开启了 Intel IOMMU（platform opt-in）',
  summary: '支持 Kernel DMA Protection 的固件（带雷电接口的笔记本和主板）会让内核在没有 intel_iommu=on 时也启用 VT-d。',
  messages: {
    forcedOn: ({ intelIommuOn }: { intelIommuOn: boolean }) =>
      `固件要求 DMA 保护（ACPI DMAR 表中的 "platform opt-in" 标志，即雷电 / Kernel DMA Protection 功能），所以内核自行开启了 Intel IOMMU。只有原本会让 VT-d 保持关闭的内核才会打印这一行：它编译时没有启用 CONFIG_INTEL_IOMMU_DEFAULT_ON${intelIommuOn ? '' : '，启动时也没有加 intel_iommu=on'}。VFIO 现在就能用；这里不需要 intel_iommu=on${intelIommuOn ? '（加了也无害）' : ''}。一些较旧的内核在这种模式下还会给受信任的内置设备使用直通（passthrough）DMA 映射。intel_iommu=off 也会关掉 opt-in（VFIO 随之不可用），所以不要加它。`,
  },
} satisfies RuleZh<typeof messages>;
