// A3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

const enable = (how: string, txt: boolean, vendorUnsure: boolean) =>
  `${how}请在固件设置中开启 "Intel Virtualization Technology"(VT-x)${txt ? '，同时开启 TXT' : ''}${vendorUnsure ? '（AMD CPU 上这个选项叫 "SVM Mode"）' : ''}，然后彻底关机再开机：这个 MSR 在下次重置之前只能写一次。如果这个设置总是自己变回关闭，多半是 CMOS 电池没电了。`;

export const zh = {
  title: 'Intel VT-x 在固件中被关闭',
  summary: '固件在 MSR_IA32_FEAT_CTL 中把 VT-x（VMX）关闭并锁定；内核隐藏了 vmx 标志，kvm_intel 拒绝加载。',
  messages: {
    kernelSays: ({ txt, vendorUnsure }: { txt: boolean; vendorUnsure: boolean }) =>
      enable(`内核报告固件${txt ? '在 Intel TXT（tboot）启动方式下' : ''}关闭了 VT-x：它锁定了 MSR_IA32_FEAT_CTL 却没有置上 VMX 启用位，所以内核去掉了 vmx CPU 标志，kvm_intel 无法加载（没有 /dev/kvm，完全无法运行虚拟机）。`, txt, vendorUnsure),
    modprobeFails: ({ vendorUnsure }: { vendorUnsure: boolean }) =>
      enable('modprobe kvm_intel 报 "Operation not supported"：在支持 VT-x 的 CPU 上，这表示固件关闭了它（内核随后也会隐藏 vmx 标志）。如果 CPU 根本没有 VT-x，见 cpu-virt-ext-absent。', false, vendorUnsure),
    noBootLog: () => '没有提供开机日志或 CPU 标志（sudo dmesg | grep -i -e vmx -e kvm，以及 /proc/cpuinfo）',
  },
} satisfies RuleZh<typeof messages>;
