// vm-pcie-on-i440fx in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** vmLabel() (src/vm/host-view.ts) writes 'libvirt VM "win10"' or 'the Proxmox VM'. */
const vmZh = (vm: string) => vm.replace(/^the (libvirt|Proxmox) VM$/, '该 $1 虚拟机').replace(/^(libvirt|Proxmox) VM /, '$1 虚拟机 ');

export const zh = {
  title: '在 i440fx 机型上直通 PCIe 设备',
  summary: '虚拟机使用 i440fx（只有 PCI）机型：Proxmox 在这种机型上拒绝 pcie=1，显卡在 q35（PCIe）上效果最好。',
  messages: {
    pcieRefused: ({ vm, devices, machine }: { vm: string; devices: string[]; machine?: string }) =>
      `${vmZh(vm)} 在 ${devices.join('、')} 上设置了 pcie=1，但它的机型${machine ? `是 ${machine}` : '没有设置（默认为 i440fx）'}:Proxmox 会以 "q35 machine model is not enabled" 拒绝启动它。`,
    gpuOnPci: ({ vm, devices, machine }: { vm: string; devices: string[]; machine?: string }) =>
      `${vmZh(vm)} 把显卡 ${devices.join('、')} 交给了 i440fx 机型（${machine ?? '默认机型'}），而它没有 PCIe 总线：虚拟机看到的显卡没有 PCIe 链路，较新的驱动（尤其是 AMD 的）会出问题。显卡直通应使用 q35 机型。`,
  },
} satisfies RuleZh<typeof messages>;
