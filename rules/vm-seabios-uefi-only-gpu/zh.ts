// vm-seabios-uefi-only-gpu in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'SeaBIOS 虚拟机配了只支持 UEFI 的显卡',
  summary: '虚拟机用传统 BIOS（SeaBIOS）启动，但直通显卡的 option ROM 里没有传统 x86 映像（只支持 UEFI 的显卡）：请改用 OVMF。',
  messages: {
    uefiOnly: ({ vm, gpu }: { vm: string; gpu: string }) =>
      `${vm} 用 SeaBIOS（传统 BIOS）启动，但 ${gpu} 的 option ROM 里只有 UEFI（EFI）映像，没有传统 x86（PC-AT）映像。SeaBIOS 只能运行传统 option ROM，所以启动过程中显卡没有任何画面（看不到 BIOS 界面和引导加载程序），可能一直黑屏到虚拟机中系统的驱动加载为止。请改用 OVMF（UEFI）启动虚拟机。`,
  },
} satisfies RuleZh<typeof messages>;
