// D3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'IOMMU 组不可用（not viable）：有成员被宿主机驱动占用',
  summary: 'QEMU 使用一个 IOMMU 组之前，组里的每个端点设备都必须绑定到 vfio-pci（或 pci-stub，或不绑定驱动）。',
  messages: {
    notViable: ({ group, qemu, held, unknown }: { group: string; qemu: boolean; held: string[]; unknown: string[] }) =>
      `${qemu ? `QEMU 以 not viable 为由拒绝了 IOMMU 组 ${group}。` : ''}${held.length ? `在组 ${group} 中，${held.join('、')} 正被宿主机驱动占用。` : ''}组里的每个端点设备都必须绑定到 vfio-pci（或 pci-stub，或不绑定驱动），虚拟机才能使用其中任何一个。${unknown.length && !held.length ? `没有给出 ${unknown.join('、')} 的驱动；请粘贴 lspci -nnk 的输出，看是哪个设备挡了路。` : ''}`,
    groupUnknown: () => '不知道目标设备所在的 IOMMU 组',
  },
} satisfies RuleZh<typeof messages>;
