// vm-hostdev-shared-autostart in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '同一设备在两个都会自动启动的虚拟机中',
  summary: '两个随宿主机启动的虚拟机直通了同一个 PCI 设备：只有一个能拿到它，另一个会启动失败。',
  messages: {
    shared: ({ a, b, devices }: { a: string; b: string; devices: string[] }) =>
      `${a} 和 ${b} 都直通了 ${devices.join('、')}，并且都随宿主机启动。一个设备同时只能在一个运行中的虚拟机里：后启动的那个会失败（libvirt 报 "PCI device … is in use by driver QEMU, domain …"；Proxmox 会拒绝使用另一个运行中的虚拟机占用的设备），哪个能成功取决于启动顺序。`,
  },
} satisfies RuleZh<typeof messages>;
