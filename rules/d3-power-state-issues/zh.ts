// H3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '设备卡在 D3 电源状态',
  summary: '内核无法把设备从 D3 唤醒到 D0（libvirt 随后读到 header type 127）：运行时电源管理或平台把它断电了。',
  messages: {
    stuck: ({ devices, header127, already }: { devices: string[]; header127: boolean; already: boolean }) =>
      [
        `${devices.length ? `${devices.join('、')} ` : '设备'}无法从 D3 唤醒到 D0${header127 ? '；配置空间读出来全是 1，所以 libvirt 读到了 "header type 127"' : ''}。设备处于断电状态（D3cold）或已从总线上消失，虚拟机要么无法启动，要么拿到一张不能用的卡。`,
        already
          ? '已经设置了 vfio-pci.disable_idle_d3=1，所以让它休眠的不是 vfio-pci：请检查设备及其上游桥的运行时电源管理（power/control）、ASPM 和固件设置。'
          : 'vfio-pci 默认会让空闲设备进入 D3；vfio-pci.disable_idle_d3=1 让它们保持在 D0，往设备的 power/control 写入 "on" 可以停止运行时电源管理。',
      ].join(''),
  },
} satisfies RuleZh<typeof messages>;
