// F4 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '多个 VGA 设备之间的传统 VGA 仲裁',
  summary: '有多张 VGA 显卡时，VGA 仲裁器每次只把传统 VGA I/O 路由给其中一张；UEFI（OVMF）虚拟机不需要它，所以用 vfio-pci.disable_vga=1 把直通显卡排除在外。',
  messages: {
    shared: ({ count, devices }: { count: number; devices: string[] }) =>
      `${count} 个 VGA 设备共用传统 VGA 路由（${devices.join('、')}）；VGA 仲裁器在它们之间来回切换传统 VGA 地址范围。UEFI 虚拟机（OVMF，通常配合 q35 机型）从不使用直通显卡上的传统 VGA，所以 vfio-pci.disable_vga=1 可以把它移出仲裁，避免与宿主机显卡争用（Proxmox 建议在 OVMF 下这样做）。只有通过显卡 VGA BIOS 启动的 SeaBIOS/i440fx 虚拟机才需要保留传统 VGA。`,
    onlyTarget: () => '只列出了要直通的显卡（请粘贴完整的 lspci -nnk 输出）',
  },
} satisfies RuleZh<typeof messages>;
