// D1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** index.ts's `what` (its own words, or facts/iommu-state.ts's reason), in Chinese where it is one of the rule's own. */
const WHAT: Record<string, string> = {
  '/sys/kernel/iommu_groups is empty': '/sys/kernel/iommu_groups 是空的',
  'QEMU/libvirt found no IOMMU group for the device': 'QEMU/libvirt 找不到设备的 IOMMU 组',
};

export const zh = {
  title: '没有任何 IOMMU 组',
  summary: '/sys/kernel/iommu_groups 是空的（或 QEMU/libvirt 找不到 IOMMU 组）：IOMMU 没有启用。',
  messages: {
    none: ({ what, policy, vm }: { what: string; policy: boolean; vm: boolean }) =>
      `${WHAT[what] ?? what}，所以没有设备能直通：VFIO 以整个 IOMMU 组为单位分配设备，而没有启用的 IOMMU 就没有 IOMMU 组。${policy ? '（"iommu: Default domain type" 这一行没有 IOMMU 时也会打印，并不代表 IOMMU 已启用。）' : ''}${
        vm
          ? '在虚拟机里，除非虚拟化层模拟了 IOMMU（vIOMMU），否则不会有 IOMMU 组。'
          : '请先启用 IOMMU：看导致这个问题的根本原因那一条，或者检查固件设置（VT-d / AMD-Vi），Intel 平台还要加 intel_iommu=on。'
      }`,
    noListing: () => '没有给出 IOMMU 组列表（ls /sys/kernel/iommu_groups/）',
  },
} satisfies RuleZh<typeof messages>;
