// vm-functions-split in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** vmLabel() (src/vm/host-view.ts) writes 'libvirt VM "win10"' or 'the Proxmox VM'. */
const vmZh = (vm: string) => vm.replace(/^the (libvirt|Proxmox) VM$/, '该 $1 虚拟机').replace(/^(libvirt|Proxmox) VM /, '$1 虚拟机 ');

const separate = (vm: string, card: string, problem: string) =>
  `${vmZh(vm)} 把显卡 ${card} 的各个功能作为互不相关的设备交给虚拟机：${problem}。这样虚拟机看到的就不是一张卡：NVIDIA 和 AMD 的 Windows 驱动要求显卡和它的音频是同一设备的不同功能（这是 Code 43 和驱动安装失败的原因之一）。`;

export const zh = {
  title: '显卡的各个功能位于虚拟机中不同的插槽',
  summary: "多功能显卡（GPU + HDMI 音频）在虚拟机里变成了互不相关的设备：各功能位于不同的虚拟机插槽，或者功能 0 缺少 multifunction='on'。",
  messages: {
    slots: ({ vm, card, slots, placed }: { vm: string; card: string; slots: number; placed: string[] }) =>
      separate(vm, card, `它们位于 ${slots} 个不同的虚拟机插槽（${placed.join('、')}）`),
    noMultifunction: ({ vm, card }: { vm: string; card: string }) =>
      separate(vm, card, "它们共用一个虚拟机插槽，但功能 0 缺少 multifunction='on'，所以虚拟机只能看到功能 0"),
    pveKeys: ({ vm, card, keys }: { vm: string; card: string; keys: string[] }) =>
      separate(vm, card, `每个功能各占一个 hostpci 条目（${keys.join('、')}），而 qemu-server 给每个条目单独分配一个虚拟机插槽`),
  },
} satisfies RuleZh<typeof messages>;
