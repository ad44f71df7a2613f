// vm-memory-over-memlock in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '虚拟机内存超过锁定内存限制',
  summary: 'VFIO 会锁定虚拟机的全部内存：如果虚拟机内存超过 QEMU 获得的锁定内存限制（libvirt 的 <memtune><hard_limit>，或手动启动的 QEMU 的 RLIMIT_MEMLOCK），就无法为设备映射内存。',
  messages: {
    hardLimit: ({ vm, memory, limit, short }: { vm: string; memory: string; limit: string; short: boolean }) =>
      `${vm} 有 ${memory} 内存，<memtune><hard_limit> 为 ${limit}。设置了硬限制时，libvirt 会用它作为 QEMU 进程的锁定内存限制，而不用自己算的值（有直通设备的虚拟机为内存加 1 GiB），而 VFIO 必须锁定全部虚拟机内存：${short ? '这个限制低于虚拟机内存，映射会失败（"vfio_pin_pages_remote: RLIMIT_MEMLOCK exceeded"，QEMU 报 "VFIO_MAP_DMA failed: Cannot allocate memory"），虚拟机无法启动' : '这个限制留给 QEMU 的余量少于 libvirt 自己在虚拟机内存之外预留的 1 GiB（ROM 和 BAR 映射、QEMU 进程本身），虚拟机可能无法启动或无法映射设备'}。`,
    overLimit: ({ vm, memory, limit }: { vm: string; memory: string; limit: string }) =>
      `${vm} 有 ${memory} 内存，但 QEMU 进程只能锁定 ${limit}（内核的 RLIMIT_MEMLOCK 日志）：VFIO 会固定全部虚拟机内存，所以锁定内存限制至少要有 ${memory}，再加上 QEMU 自己的部分。这个 QEMU 不是由 libvirt 或 Proxmox 启动的（它们会自己设置这个限制）。`,
  },
} satisfies RuleZh<typeof messages>;
