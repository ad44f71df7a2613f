// vm-hostdev-not-on-host in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** vmLabel() (src/vm/host-view.ts) writes 'libvirt VM "win10"' or 'the Proxmox VM'. */
const vmZh = (vm: string) => vm.replace(/^the (libvirt|Proxmox) VM$/, '该 $1 虚拟机').replace(/^(libvirt|Proxmox) VM /, '$1 虚拟机 ');

export const zh = {
  title: '虚拟机直通了宿主机上不存在的 PCI 地址',
  summary: 'hostdev / hostpci 的地址在宿主机的 PCI 总线上找不到对应设备，虚拟机无法启动。',
  messages: {
    absent: ({ vm, gone, gpus }: { vm: string; gone: string[]; gpus: string[] }) =>
      `${vmZh(vm)} 直通了 ${gone.join('、')}，但宿主机上${gone.length > 1 ? '这些地址' : '这个地址'}没有设备：虚拟机会启动失败（libvirt:"Device 0000:…not found: could not access /sys/bus/pci/devices/…/config";Proxmox:"no PCI device found for '…'"）。加装或挪动显卡、更新固件之后，地址都可能改变。${gpus.length ? `宿主机现有的显示控制器：${gpus.join('、')}。` : ''}`,
    partialPci: () => '输入中没有完整的 PCI 设备列表（lspci -nnk）',
  },
} satisfies RuleZh<typeof messages>;
