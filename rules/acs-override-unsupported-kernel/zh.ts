// D5 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '这个内核忽略了 pcie_acs_override=',
  summary: '只有打了树外 ACS override 补丁的内核才认识 pcie_acs_override=；在其他内核上它什么也不做，IOMMU 组保持原样。',
  messages: {
    ignored: ({ raw, release, listed }: { raw: string; release?: string; listed: boolean }) =>
      `${raw} 在这个内核${release !== undefined ? `（${release}）` : ''}上不起作用：${listed ? '内核把它列在了转交给 init 的未知参数里' : '完整的启动日志里没有 "PCIe ACS overrides enabled" 这一行'}。pcie_acs_override 来自一个树外补丁，Proxmox VE 内核、linux-zen、CachyOS、Liquorix 以及 AUR 的 linux-vfio/linux-tkg 带有它，Arch、Fedora、Debian、Ubuntu 的官方内核都没有。因此现在的 IOMMU 组就是硬件实际提供的分组。要么删掉这个参数，要么换用带补丁的内核——但要接受同一个真实分组里的设备可以绕过 IOMMU 互相 DMA。`,
    noBootLog: ({ raw }: { raw: string }) => `已设置 ${raw}，但没有启动日志能说明内核是否处理了它（sudo dmesg | grep -i -e ACS -e "command line"）`,
  },
} satisfies RuleZh<typeof messages>;
