// B8 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'iommu=pt 和 "Default domain type" 是什么意思',
  summary: 'iommu=pt 只是让宿主机自用的设备使用 1:1 DMA 映射；它既不会启用 IOMMU，也不会削弱虚拟机的隔离。"Default domain type" 这一行没有 IOMMU 时也会打印。',
  messages: {
    passthrough: ({ params, intelOff }: { params: string[]; intelOff: boolean }) =>
      `${params.length ? `${params.join(' ')} ` : '把直通（passthrough）设为默认域类型'}会让宿主机自己使用的设备工作在恒等（1:1）DMA 模式，省去 IOMMU 地址转换的开销。通过 VFIO 交给虚拟机的设备仍然有各自隔离的域，所以虚拟机的隔离不受影响。它不会启用 IOMMU${intelOff ? '——在这台 Intel 宿主机上，VT-d 仍然需要 intel_iommu=on（见 intel-iommu-not-enabled）' : ''}，直通也不需要它：只有把它当作性能优化，或者给某个在 IOMMU 后面工作不正常的设备做临时办法时才保留。如果宿主机的 IOMMU 不支持 page mode 0，它还会导致无法使用 AMD SEV-SNP（"SNP: IOMMU configured in passthrough mode, SNP cannot be supported"）。`,
    encryptionOverrode: () =>
      '内核编译时把直通（passthrough）设为默认域类型，但内存加密（SME/SEV）已开启，所以宿主机设备改用了地址转换的 DMA。这对 VFIO 没有任何影响。',
    policyNotIommu: ({ tlb }: { tlb: boolean }) =>
      `"iommu: Default domain type: …"${tlb ? '和 "DMA domain TLB invalidation policy"' : ''}是所有带 IOMMU 支持编译的内核都会打印的，即使没有 IOMMU 或没有启用也一样。它们描述的是策略，不代表 IOMMU 已启用。能证明 IOMMU 已启用的是："DMAR: Intel(R) Virtualization Technology for Directed I/O"（Intel）、"AMD-Vi: Interrupt remapping enabled" / "AMD-Vi: Extended features"、/sys/class/iommu 下有条目，或者 /sys/kernel/iommu_groups 不为空。`,
  },
} satisfies RuleZh<typeof messages>;
