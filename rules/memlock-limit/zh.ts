// I2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

const pinned = (what: string) =>
  `VFIO 无法锁定虚拟机内存：${what}，而设备直通需要锁定虚拟机的全部内存。对带 <hostdev> 的虚拟机，libvirt（qemu:///system）会自己调高这个限制；手动启动或 session 模式的 QEMU 需要给它的用户设置更高的限制。`;

const size = (bytes: number) => (bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`);

export const zh = {
  title: '锁定内存上限太低，VFIO 无法工作',
  summary: 'VFIO 必须锁定虚拟机的全部内存；以普通用户运行、RLIMIT_MEMLOCK 很小的 QEMU 会失败（vfio_pin_pages_remote: RLIMIT_MEMLOCK exceeded）。',
  messages: {
    limit: ({ bytes }: { bytes: number }) => pinned(`QEMU 进程最多只能锁定 ${bytes} 字节（${size(bytes)}）`),
    libvirtCannotRaise: () => pinned('libvirt 无权调高 QEMU 进程的锁定内存上限（它没有 CAP_SYS_RESOURCE:session 模式的 libvirt，或运行在容器里的 libvirt）'),
  },
} satisfies RuleZh<typeof messages>;
