// vm-hostdev-unmanaged in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: "managed='no' 的 hostdev 仍在宿主机驱动上",
  summary: "<hostdev managed='no'> 的设备绑定在宿主机驱动上：libvirt 只会分离 managed 的设备，没有谁会把它交给 vfio-pci。",
  messages: {
    unmanaged: ({ vm, devices }: { vm: string; devices: string[] }) =>
      `${vm} 以 managed='no' 直通 ${devices.join('、')}，而${devices.length > 1 ? '它们' : '它'}还在宿主机驱动上。managed='no' 时，libvirt 不会在虚拟机启动前把设备从驱动上分离（这正是 managed='yes' 做的事），设备必须事先已在 vfio-pci 上；否则虚拟机无法启动（QEMU 打不开设备的 VFIO 组），或者宿主机驱动在使用中途失去设备。`,
  },
} satisfies RuleZh<typeof messages>;
