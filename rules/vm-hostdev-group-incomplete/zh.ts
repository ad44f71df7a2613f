// vm-hostdev-group-incomplete in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** vmLabel() (src/vm/host-view.ts) writes 'libvirt VM "win10"' or 'the Proxmox VM'. */
const vmZh = (vm: string) => vm.replace(/^the (libvirt|Proxmox) VM$/, '该 $1 虚拟机').replace(/^(libvirt|Proxmox) VM /, '$1 虚拟机 ');

export const zh = {
  title: '虚拟机只拿到了 IOMMU 组或显卡的一部分',
  summary: '虚拟机的 hostdev 漏掉了同一 IOMMU 组里的其他端点设备，或同一张显卡的其他功能。',
  messages: {
    incomplete: ({ vm, given, missing, onHost, cardOnly, rest, restUnknown }: Parameters<(typeof messages)['incomplete']>[0]) => {
      const parts: string[] = [];
      if (onHost.length)
        parts.push(`${onHost.join('、')} 在同一个组里，并且在宿主机驱动上，所以虚拟机启动时 QEMU 会以组不可用（not viable）为由拒绝（libvirt 的 managed='yes' 和 Proxmox 只会分离虚拟机列出的设备）`);
      if (cardOnly.length) parts.push(`${cardOnly.join('、')} 是同一张显卡的功能，应该和它一起交给虚拟机（虚拟机里的驱动需要整张卡；HDMI 音频也需要它）`);
      if (rest.length) parts.push(`${rest.join('、')} 在同一个组里；${restUnknown ? '输入中看不出它用的是哪个驱动：如果在宿主机驱动上，这个组就不可用' : '它在 vfio-pci 上或没有驱动，可以不交给虚拟机'}`);
      return `${vmZh(vm)} 拿到了 ${given.join('、')}，却没有 ${missing.join('、')}:${parts.join(';')}。`;
    },
    groupsNotGiven: () => '输入中没有 IOMMU 组信息（for d in /sys/kernel/iommu_groups/*/devices/*; do echo "$d"; done）',
  },
} satisfies RuleZh<typeof messages>;
