// J4 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '启用了不安全的 VFIO no-IOMMU 模式',
  summary: 'vfio.enable_unsafe_noiommu_mode=1 把没有任何 DMA 隔离的设备交给用户态驱动，并会污染（taint）内核；它不能用于给虚拟机直通设备。',
  messages: {
    enabled: ({ inUse }: { inUse: number }) =>
      `VFIO 的不安全 no-IOMMU 模式已启用${inUse ? `并且正在使用（${inUse} 个设备得到了 "vfio-noiommu" 组，内核因此被 taint）` : ''}。它是为没有 IOMMU 的机器上的 DPDK 类用户态驱动准备的：设备没有 DMA 隔离，也没有地址转换，内核自己的说明写着它 "cannot be used for device assignment to virtual machines"——QEMU/libvirt 用不了 noiommu 组。它绕不过直通缺少 IOMMU 的问题，只会把真正的问题掩盖起来。请去掉它，改为启用 IOMMU（固件中的 VT-d/AMD-Vi，需要时加 intel_iommu=on）。`,
  },
} satisfies RuleZh<typeof messages>;
