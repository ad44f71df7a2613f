// vm-xvga-with-ovmf in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** vmLabel() (src/vm/host-view.ts) writes 'libvirt VM "win10"' or 'the Proxmox VM'. */
const vmZh = (vm: string) => vm.replace(/^the (libvirt|Proxmox) VM$/, '该 $1 虚拟机').replace(/^(libvirt|Proxmox) VM /, '$1 虚拟机 ');

export const zh = {
  title: 'OVMF（UEFI）虚拟机设置了 x-vga=on',
  summary: 'x-vga 为 SeaBIOS 启动把传统 VGA 地址范围路由给显卡；OVMF 不需要它，反而可能破坏启动画面或让虚拟机无法启动（VGA 仲裁）。',
  messages: {
    xvga: ({ vm, devices }: { vm: string; devices: string[] }) =>
      `${vmZh(vm)} 使用 OVMF（UEFI）启动，却在 ${devices.join('、')} 上设置了 x-vga。x-vga 把传统 VGA 地址范围交给显卡，这是传统 BIOS（SeaBIOS）启动才需要的；UEFI 虚拟机通过显卡的 GOP ROM 驱动显卡，用不到它们。OVMF 下不需要这个选项，而且当宿主机不提供 VGA 区域时（vfio-pci disable_vga=1、内核没有 VFIO_PCI_VGA、显卡没有 VGA），QEMU 会拒绝启动："vfio: Device does not support requested feature x-vga"。`,
  },
} satisfies RuleZh<typeof messages>;
