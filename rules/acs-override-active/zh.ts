// D4 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'ACS override 已生效：IOMMU 组的隔离没有保证',
  summary: 'pcie_acs_override 把硬件并未隔离的 IOMMU 组拆开；同一个真实分组里的设备仍能通过点对点 DMA 互相访问。',
  messages: {
    inEffect: ({ param, patchedRelease }: { param?: string; patchedRelease?: string }) =>
      `${param ?? 'ACS override'} 已生效${patchedRelease ? `（${patchedRelease} 内核带有这个补丁）` : ''}。它让内核在硬件并未保证的情况下，把 PCIe 设备当作彼此隔离，所以 IOMMU 组看起来比实际的小。共用一个真实分组的设备仍能绕过 IOMMU 直接互相 DMA：拥有其中一个设备的虚拟机可能读写其他设备（磁盘控制器、网卡）的内存，并借此访问宿主机。在只有自己使用、信任所有虚拟机的机器上可以接受；在运行他人虚拟机的宿主机上绝不要用。优先从硬件上解决：换到直连 CPU 的插槽、换用 ACS 支持完善的主板或固件，或者把整个组一起直通。`,
    patchUnknown: ({ param }: { param: string }) => `已设置 ${param}，但不知道这个内核是否带有 ACS override 补丁（sudo dmesg | grep -i "ACS overrides"）`,
  },
} satisfies RuleZh<typeof messages>;
