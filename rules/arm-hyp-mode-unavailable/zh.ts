// Arm hosts without EL2, in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

const noKvm = (why: string) =>
  `${why}Arm 上的 KVM 只有在 Linux 掌握 EL2 时才能初始化，所以没有 /dev/kvm：QEMU 只能纯软件模拟，也无法把任何设备直通给虚拟机。用 CONFIG_KVM 重新编译内核也改变不了这一点，要改的是启动路径。`;

export const zh = {
  title: 'Arm：内核没有在虚拟化模式（EL2）下启动，KVM 不可用',
  summary: '在 Arm 上，KVM 要求 CPU 在 EL2 进入 Linux；如果在 EL1 启动（固件、引导加载程序、另一个虚拟化层或本身就是虚拟机所致），KVM 不会初始化，也没有 /dev/kvm。',
  messages: {
    kvmOff: () => '内核命令行关闭了 KVM（kvm-arm.mode=none）：内核打印了 "KVM disabled from command line"，没有 /dev/kvm。',
    mixedModes: () => noKvm('各个 CPU 进入内核时处于不同的异常级别（固件缺陷），KVM 拒绝在这样的系统上运行。'),
    atEl1: () =>
      noKvm('CPU 在 EL1 而不是 EL2（虚拟化模式）进入内核：固件或引导加载程序把 EL2 留给了自己或另一个虚拟化层（例如高通的 Gunyah），或者这台宿主机本身就是虚拟机。'),
  },
} satisfies RuleZh<typeof messages>;
