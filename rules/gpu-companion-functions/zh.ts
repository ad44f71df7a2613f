// D6 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Who = Parameters<(typeof messages)['notOnVfio']>[0]['card'];
const who = (w: Who) => (w.held ? `${w.bdf} 已配置给 vfio-pci` : `${w.bdf} 是要直通的显卡（${w.reason}），${w.unbound ? '当前没有绑定驱动' : '输入里没有显示它的宿主机驱动'}`);

export const zh = {
  title: '显卡的音频 / USB / UCSI 功能没有交给 vfio-pci',
  summary: '同一张卡上的其他功能（HDMI 音频、USB-C xHCI、UCSI）必须和显卡一起直通给虚拟机。',
  messages: {
    notOnVfio: ({ card, functions, sameGroup }: { card: Who; functions: string[]; sameGroup: boolean }) =>
      `${who(card)}，但 ${functions.join('、')} ${card.held ? '没有配置给 vfio-pci' : '没有绑定到 vfio-pci'}。这些功能属于同一张卡${sameGroup ? '，并且在同一个 IOMMU 组里，QEMU 会以 not viable 为由拒绝这个组' : ''}；请把每个功能都交给 vfio-pci，并一起直通给虚拟机（Proxmox：勾选 "All Functions"）。`,
    driverNotShown: ({ card, functions, sameGroup }: { card: Who; functions: string[]; sameGroup: boolean }) =>
      `${who(card)}；它的其他功能 ${functions.join('、')} 必须交给 vfio-pci，并和它一起直通给虚拟机${sameGroup ? '（在同一个 IOMMU 组里：否则 QEMU 会拒绝这个组）' : ''}。输入里看不出它们由哪个驱动占用（lspci -nnk 可以看到）；如果是宿主机驱动（snd_hda_intel、xhci_hcd、nvidia-gpu / i2c_nvidia_gpu），也要把它们绑定到 vfio-pci。`,
    notMeant: ({ bdfs }: { bdfs: string[] }) =>
      bdfs.map((b) => `不知道 ${b} 是否打算交给 vfio-pci（输入里它既没有驱动，也没有对应的 vfio-pci 配置；可以用 --gpu 指明）`).join(';'),
  },
} satisfies RuleZh<typeof messages>;
