// I1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '虚拟机里的 NVIDIA GeForce:R465 之前的驱动会报 Code 43',
  summary: '465.89 之前的 GeForce 驱动检测到虚拟化环境就会停在 Code 43；新驱动允许直通。笔记本显卡报 Code 43 另有原因（缺少 vBIOS/ACPI 表）。',
  messages: {
    geforce: ({ device }: { device: string }) =>
      `${device} 是 NVIDIA 显卡。如果 Windows 里它显示 Code 43:R465（465.89,2021 年 3 月）之前的 GeForce 驱动检测到虚拟化环境就拒绝启动，所以请在虚拟机里安装新版驱动；如果要用旧驱动，在虚拟机定义里隐藏 KVM（<kvm><hidden state='on'/></kvm>）并设置 Hyper-V vendor_id。笔记本（无 MUX 的 Optimus）上的 Code 43 通常是因为虚拟机缺少 vBIOS 或 ACPI 表。`,
    vendorUnknown: ({ bdf }: { bdf: string }) => `不知道 ${bdf} 的厂商（请粘贴 lspci -nn 的输出）`,
  },
} satisfies RuleZh<typeof messages>;
