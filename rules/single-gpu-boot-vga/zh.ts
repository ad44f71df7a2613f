// F3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '直通的是启动显卡，宿主机没有别的显卡可用',
  summary: '目标显卡是启动显卡（boot_vga=1），宿主机又没有驱动其他显示设备：宿主机会失去画面，显卡的 ROM 也可能读不出来。',
  messages: {
    onlyGpu: ({ device, idle }: { device: string; idle?: string[] }) =>
      `${device} 是要直通的显卡，也是启动显卡（boot_vga=1），而${idle ? `其他显示设备（${idle.join('、')}）没有被宿主机驱动` : '宿主机没有其他显示设备'}。虚拟机一接管它，宿主机就没有画面了；固件的帧缓冲还占着它的 BAR（见 bootfb-bar-conflict），显卡被固件 shadow 过的 VGA ROM 也可能读不出来，于是虚拟机可能黑屏（NVIDIA 显卡常常需要用 romfile= 传入导出的 ROM）。只有你本来就打算这样做，这才是一个有意的单显卡方案。`,
    bootVgaUnknown: ({ bdf, path }: { bdf: string; path: string }) => `不知道 ${bdf} 是不是启动显卡（请粘贴 cat /sys/bus/pci/devices/${path}/boot_vga 的输出）`,
    driverUnknown: ({ devices }: { devices: string[] }) => `不知道 ${devices.join('、')} 的驱动（请粘贴 lspci -nnk 的输出）`,
    onlyTarget: () => '只列出了要直通的显卡，不知道有没有其他显卡（请粘贴完整的 lspci -nnk 输出）',
  },
} satisfies RuleZh<typeof messages>;
