// C1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, Cause } from './index';

const causeText = (c: Cause) =>
  c.kind === 'kconfig'
    ? '这个内核编译时没有启用中断重映射（"# CONFIG_IRQ_REMAP is not set"），不管固件提供什么，都没有 IOMMU 能重映射中断'
    : c.kind === 'intremap'
      ? `命令行里的 ${c.param} 关掉了中断重映射`
      : c.kind === 'amdOff'
        ? 'AMD IOMMU 驱动在开机时关闭了中断重映射（"AMD-Vi: Disabling interrupt remapping"，固件 IVRS 表的 bug）'
        : c.kind === 'platform'
          ? '平台没有提供中断重映射（固件里没有开启，或者不支持）'
          : 'QEMU 在挂接 IOMMU 组时得到 "Operation not permitted"：通常是缺少中断重映射（这时 dmesg 里有 "vfio_iommu_type1_attach_group: No interrupt remapping support"）；在 6.5 及更早的 Intel 内核上，RMRR 设备也会报同样的错（见 intel-rmrr-ineligible）';

export const zh = {
  title: '没有中断重映射：VFIO 拒绝接管设备',
  summary: '没有中断重映射时 VFIO 不会挂接设备（type1 会在 dmesg 里说明，iommufd 则直接拒绝）；QEMU 报 "Operation not permitted"。',
  messages: {
    unsafeOverride: ({ override }: { override?: string }) =>
      `缺少中断重映射，VFIO 是靠不安全的覆盖选项（${override ?? 'allow_unsafe_interrupts'}）在运行。直通能用，但虚拟机可以向宿主机伪造 MSI 中断。能修好中断重映射时就修好并去掉这个选项；运行不可信虚拟机的宿主机上绝不要保留它。`,
    refused: ({ refused, cause, type1 }: { refused: boolean; cause: Cause; type1: boolean }) =>
      `${refused ? 'VFIO 拒绝挂接设备' : 'VFIO 将会拒绝挂接设备'}\uff1a${causeText(cause)}。没有中断重映射，设备可以向宿主机发送伪造的 MSI，所以 vfio_iommu_type1 ${type1 ? '打印了拒绝信息' : '会以 -EPERM 拒绝'}；较新的 iommufd 后端同样拒绝，但不打印任何信息。QEMU 那边显示 "failed to setup container … Failed to set iommu for container: Operation not permitted"。无害的 "DMAR-IR: x2apic is disabled because BIOS sets x2apic opt out bit" 不是这个问题：在 xAPIC 模式下中断重映射照样工作。`,
    noEnabledLine: ({ vendor }: { vendor: 'intel' | 'amd' }) =>
      `IOMMU 已启用，但开机日志里没有说明中断重映射已开启的那一行（"${vendor === 'intel' ? 'DMAR-IR: Enabled IRQ remapping in x2apic/xapic mode' : 'AMD-Vi: Interrupt remapping enabled'}"）。VFIO 需要它；除非设置了不安全的覆盖选项，否则会以 "Operation not permitted" 拒绝设备。`,
  },
} satisfies RuleZh<typeof messages>;
