// vm-nvidia-code43-settings in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

// index.ts names the missing elements in English prose ("a Hyper-V <vendor_id …/>"): the article goes.
export const zh = {
  title: '直通 NVIDIA GeForce 的虚拟机没有隐藏 KVM 或设置 vendor_id',
  summary: "libvirt 虚拟机直通了 GeForce 显卡，却既没有 <kvm><hidden state='on'/>，也没有 Hyper-V <vendor_id>：R465 之前的虚拟机驱动会报 Code 43。",
  messages: {
    unhidden: ({ vm, gpu, missing }: { vm: string; gpu: string; missing: string[] }) =>
      `${vm} 直通了 ${gpu}，但没有 ${missing.map((m) => m.replace(/^a /, '')).join(' 和 ')}。Windows 虚拟机里早于 R465（465.89，2021 年 3 月）的 GeForce 驱动会检测到虚拟化环境，并以 Code 43 停用显卡；R465 及更新的驱动允许直通，两者都不需要。如果虚拟机里是旧驱动，请加上它们；如果是新驱动，这只是一条提示。`,
  },
} satisfies RuleZh<typeof messages>;
