// E12 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'NVIDIA:"probe routine was not called"（vfio-pci 占着显卡时属于正常）',
  summary: 'nvidia 模块已加载，但 NVIDIA 显卡被其他驱动（vfio-pci，或 driver_override）占着：对要直通的显卡来说无害。',
  messages: {
    noDriver: ({ cards }: { cards: string[] }) =>
      `nvidia 模块已加载，却没有接管 ${cards.join('、')}:${cards.length > 1 ? '这些显卡' : '这张显卡'}根本没有驱动。有东西把 nvidia 挡在外面——通常是以前直通时留下的 driver_override（检查 /sys/bus/pci/devices/<BDF>/driver_override 和 driverctl list-overrides），或者 vfio-pci.ids 把这张型号相同的显卡也算了进去。如果宿主机要用它，清除这些设置；如果它是给虚拟机的，就把它绑定到 vfio-pci。`,
    expected: ({ count, held, hostCards }: { count: number; held: string[]; hostCards: boolean }) =>
      `"NVRM: The NVIDIA probe routine was not called for ${count || 'N'} device(s)" 在这里属于正常：${held.length ? `${held.join('、')} 留给了虚拟机，所以 nvidia 模块${hostCards ? '只找到宿主机自己的显卡' : '找不到属于自己的显卡'}` : 'NVIDIA 显卡被其他驱动（直通用的 vfio-pci）占着，所以照样加载的 nvidia 模块没有可探测的设备'}。除非宿主机本身要用${held.length > 1 ? '其中某张显卡' : '这张显卡'}${hostCards ? '' : '（那就把它从 vfio-pci 解绑）'}，否则无需修复${hostCards ? '' : '；想消除这条消息，就不要在宿主机上加载 nvidia（把它列入黑名单或卸载驱动）'}。`,
  },
} satisfies RuleZh<typeof messages>;
