// A1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Inside = Parameters<(typeof messages)['inside']>[0];
/** index.ts falls back to the words "a hypervisor" when nothing names it. */
const name = (k: string) => (k === 'a hypervisor' ? '某个虚拟化平台' : k);

export const zh = {
  title: '这是虚拟机，不是物理宿主机',
  summary: '这里看到的 IOMMU 组、/dev/kvm 和显卡都是虚拟的；直通要在物理（裸金属）宿主机上设置。',
  messages: {
    inside: ({ kind, container, outerVm, product, iommu }: Inside) =>
      `vfio-doctor 正运行在${
        container ? `容器或兼容层（${name(kind)}）里${outerVm ? `，而它本身又运行在虚拟机（${name(outerVm)}）上` : ''}` : `虚拟机（${name(kind)}${product ? `,"${product}"` : ''}）里`
      }。它看到的 CPU 标志、IOMMU 组、/dev/kvm 和显卡都是虚拟硬件，在这里应用修复也改变不了物理宿主机。${
        container ? '' : iommu === 'emulated' ? '这里的 IOMMU 组属于一个模拟出来的 vIOMMU。' : '所以这里没有 IOMMU。'
      }请在拥有这张显卡的物理宿主机上运行 vfio-doctor（或者在那里采集诊断包，然后在任何地方分析）。只有外层宿主机开启了嵌套虚拟化、并且这台虚拟机里有 vIOMMU 时，才能嵌套直通（QEMU:-device intel-iommu,intremap=on,caching-mode=on）。想先看看工具的效果：vfio-doctor --demo。`,
    undetermined: () => '没有提供 CPU 标志、systemd-detect-virt 或 DMI 信息',
  },
} satisfies RuleZh<typeof messages>;
