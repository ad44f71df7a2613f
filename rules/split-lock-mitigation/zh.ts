// split-lock-mitigation in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

const named = (threads: string[]) => `${threads.slice(0, 3).join('、')}${threads.length > 3 ? '、…' : ''}`;

export const zh = {
  title: 'Split lock 检测拖慢（或杀死）虚拟机',
  summary: '虚拟机执行了跨缓存行的原子访问（split lock）；宿主机内核逐次拦截，并且从 5.19 起让 vCPU 睡眠 10 ms：卡顿、爆音、DPC 延迟高（fatal 模式下虚拟机直接被杀死）。',
  messages: {
    fatal: ({ threads }: { threads: string[] }) =>
      `宿主机的 split lock 检测运行在 warn 以外的模式（split_lock_detect=fatal 或 ratelimit），而虚拟机的 vCPU（${threads.slice(0, 3).join('、')}）触发了 split lock：内核向它发送 SIGBUS,QEMU 因此被杀死。虚拟机（尤其是 Windows）会执行 split lock 的原子操作；作为虚拟机宿主机，请使用 split_lock_detect=off（或默认的 warn 模式）。`,
    slowed: ({ threads }: { threads: string[] }) =>
      `QEMU 的 vCPU 线程（${named(threads)}）触发了 split lock 陷阱。split lock 是跨两个缓存行的原子访问，会锁住整条内存总线；在默认的 "warn" 模式下，内核会记录它，并且从 Linux 5.19 起，每次都让出问题的线程睡眠 10 ms 并单独运行。对虚拟机来说，这就是 vCPU 冻结几毫秒：游戏卡顿、声音爆音、Windows 的 DPC 延迟高。这条警告有速率限制，所以几行日志背后可能是多得多的减速。在宿主机内核命令行上加 split_lock_detect=off 可以两者都去掉；kernel.split_lock_mitigate=0（6.2+）保留警告、去掉减速。运行不可信虚拟机的宿主机请保留这项缓解措施：它防御的是拒绝服务攻击。`,
  },
} satisfies RuleZh<typeof messages>;
