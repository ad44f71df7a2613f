// F2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '内核 6.0–6.4：绑定虚拟机显卡可能让宿主机控制台黑屏',
  summary: '在 6.0–6.4 上，vfio-pci 绑定第二张显卡时，会连同主显卡的固件帧缓冲一起移除（6.5 和 stable 分支中由 5ae3716cfdcd 修复）。',
  messages: {
    evicted: ({ release, secondary, primary }: { release: string; secondary: string[]; primary?: string }) =>
      `内核 ${release} 处于 6.0–6.4 范围：在这些版本里，vfio-pci 绑定非启动的 VGA 显卡（${secondary.join('、')}）时，会连同启动显卡${primary ? ` ${primary} ` : ''}的固件帧缓冲一起移除：宿主机的文本控制台会冻结，或切换到 dummy 控制台，直到真正的驱动加载。提交 5ae3716cfdcd（"video/aperture: Only remove sysfb on the default vga pci device"）在 6.5 中修复了这个问题，并已合入 stable（6.1.y 和 6.4.y 较新的小版本带有它），所以你这个系列的最新小版本可能已经没有问题。对虚拟机本身无害。`,
    noGpu: () => '输入中没有找到显卡（请粘贴 lspci -nnk 的输出）',
    bootDisplayUnknown: () => '不知道哪张显卡是启动显卡（请粘贴 grep . /sys/bus/pci/devices/*/boot_vga 的输出）',
  },
} satisfies RuleZh<typeof messages>;
