// vm-looking-glass-shmem-small in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'Looking Glass 共享内存太小',
  summary: 'Looking Glass 使用的 ivshmem 设备小于 1080p 桌面两帧加 10 MiB（32 MiB）。',
  messages: {
    small: ({ vm, size, need }: { vm: string; size: number; need: string[] }) =>
      `${vm} 只给了 Looking Glass ${size} MiB 共享内存（<shmem name='looking-glass'>），不够 1920x1080 桌面使用。它的大小必须能放下虚拟机最大分辨率的两帧，再加 10 MiB，并向上取整到 2 的幂：${need.join('、')}。太小时，虚拟机里的 Looking Glass host 放不下帧，无法开始捕获。`,
  },
} satisfies RuleZh<typeof messages>;
