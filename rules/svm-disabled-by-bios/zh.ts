// A4 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** host.cpuVendorReason is written in English by src/facts/host.ts; the AMD ones said in Chinese, others kept. */
const REASON: Record<string, string> = {
  'from /proc/cpuinfo': '来自 /proc/cpuinfo',
  'the kernel log has AMD-Vi lines': '内核日志里有 AMD-Vi 的行',
  'the firmware has an IVRS (AMD-Vi) table': '固件里有 IVRS（AMD-Vi）表',
  'assumed from amd_iommu= on the command line': '根据内核命令行上的 amd_iommu= 推断',
  'the host bridge at 00:00.0 is AMD': '00:00.0 的主桥是 AMD 的',
  'the PCI bridges on bus 00 are AMD': '总线 00 上的 PCI 桥是 AMD 的',
};
const reasonZh = (r: string) => REASON[r] ?? r.replace(/^named in prose only \((.*)\)$/, '仅在描述中提到（$1）');

const FIRMWARE = '请在固件设置中把 "SVM Mode" 设为 Enabled（通常在 Advanced > CPU Configuration 下，有些主板在超频/"Tweaker" 菜单里），然后彻底关机再开机。';

export const zh = {
  title: 'AMD SVM（AMD-V）在固件中被关闭',
  summary: '固件在 MSR_VM_CR 中设置了 SVMDIS：内核隐藏了 svm 标志，kvm_amd 拒绝加载。',
  messages: {
    paraphrase: ({ said, vendorReason }: { said: string; vendorReason: string }) =>
      `你说内核日志报告 ${said}（这是转述：没有贴出日志原文），而 CPU 是 AMD 的（${reasonZh(vendorReason)}）。在 AMD 上，这条消息表示固件关闭了 SVM（AMD-V）：它在 MSR_VM_CR 中设置了 SVMDIS，内核隐藏 svm 标志，kvm_amd 无法加载，于是没有 /dev/kvm。固件更新常常会把这个选项恢复默认。${FIRMWARE}要确认的话，请粘贴 sudo dmesg | grep -i -e svm -e kvm 的输出（内核的原文是 "SVM disabled (by BIOS) in MSR_VM_CR" 或 "kvm: disabled by bios"）。`,
    modprobeFails: ({ flagsKnown }: { flagsKnown: boolean }) =>
      `modprobe kvm_amd 报 "Operation not supported"${flagsKnown ? ',CPU 标志里也没有 svm' : ''}：在 AMD CPU 上（2006 年以来的型号都有 AMD-V），这表示固件关闭了 SVM——内核随后隐藏该标志，kvm_amd 无法加载（没有 /dev/kvm）。${FIRMWARE}开机日志里的 "SVM disabled (by BIOS) in MSR_VM_CR"（sudo dmesg）可以证实这一点。`,
    kernelSays: () =>
      `固件关闭了 AMD-V：它在 MSR_VM_CR 中设置了 SVMDIS 位，所以内核去掉了 svm CPU 标志，kvm_amd 无法加载（"SVM not supported",modprobe 失败；没有 /dev/kvm）。任何内核设置都解不开这把锁。${FIRMWARE}`,
    noBootLog: () => '没有提供开机日志或 CPU 标志（sudo dmesg | grep -i -e svm -e kvm，以及 /proc/cpuinfo）',
  },
} satisfies RuleZh<typeof messages>;
