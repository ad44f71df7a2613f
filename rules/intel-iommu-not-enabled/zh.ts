// B2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '内核没有启用 Intel IOMMU',
  summary: '固件提供了 VT-d，但内核编译时默认关闭 IOMMU，而启动时没有加 intel_iommu=on。',
  messages: {
    notEnabled: ({ reason, kernelOff, firmware }: { reason: string; kernelOff: boolean; firmware?: string }) =>
      `内核命令行里没有 intel_iommu=on，IOMMU 也没有启用（${reason}）。${
        kernelOff
          ? '这个内核编译时没有设置 CONFIG_INTEL_IOMMU_DEFAULT_ON，所以不加 intel_iommu=on，IOMMU 就一直是关的。'
          : '很多内核（Arch、Debian、较旧的 Ubuntu 以及 6.8 之前的 Proxmox）不加 intel_iommu=on 就不启用 Intel IOMMU。'
      }${firmware !== undefined ? `固件确实提供了 VT-d（${firmware}）。` : '也请确认固件里已开启 VT-d。'}注意：没有 IOMMU 时也会打印 "iommu: Default domain type" 这类行；能证明 IOMMU 正常工作的是 "DMAR: Intel(R) Virtualization Technology for Directed I/O" 这一行。`,
    virtualMachine: () => '这是一台虚拟机；它的 IOMMU 取决于虚拟化层模拟了什么（见 running-inside-vm）',
    vendorUnknown: () => '不知道 CPU 厂商（请粘贴 /proc/cpuinfo 或 lscpu 的输出）',
    stateUnknown: ({ reason }: { reason: string }) => `不知道 IOMMU 是否已启用：${reason}`,
    defaultOn: () => '这个内核默认启用 Intel IOMMU（CONFIG_INTEL_IOMMU_DEFAULT_ON=y），但它没有启用；请检查固件设置',
    noCmdline: () => '没有给出内核命令行（cat /proc/cmdline）',
  },
} satisfies RuleZh<typeof messages>;
