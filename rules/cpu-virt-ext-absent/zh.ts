// A2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'CPU 没有显示 VT-x / AMD-V',
  summary: '没有 vmx（Intel）或 svm（AMD）CPU 标志，KVM 根本无法运行虚拟机。',
  messages: {
    inVm: () =>
      'CPU 标志里既没有 vmx 也没有 svm：运行这台虚拟机的虚拟化层没有把硬件虚拟化提供给它（嵌套虚拟化未开启）。这只影响嵌套场景；真正的直通要在物理宿主机上配置。',
    firmware: () =>
      'CPU 标志里既没有 vmx 也没有 svm，因为固件关闭了硬件虚拟化（此时内核会清掉这个标志）。请在固件设置里开启 "Intel Virtualization Technology (VT-x)" 或 "SVM Mode"；可能需要彻底断电一次。',
    absent: () =>
      'CPU 标志里既没有 vmx（Intel VT-x）也没有 svm（AMD-V）。要么 CPU 不支持，要么固件把它关掉了（此时内核会隐藏这个标志）。请在固件设置里开启 VT-x / SVM Mode，并确认 CPU 型号。',
  },
} satisfies RuleZh<typeof messages>;
