// E10 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '设备由 pci-stub 占用（旧方法）',
  summary: 'pci-stub 只负责挡住宿主机驱动；vfio-pci.ids 能做到同样的事，还会为虚拟机管理电源状态、重置和 VGA。',
  messages: {
    stub: ({ held, ids, movable, shared }: { held: string[]; ids: string[]; movable: string[]; shared: string[] }) =>
      `${held.length ? `${held.join('、')} 由 pci-stub 占用` : `pci-stub 被配置为占用 ${ids.join('、') || '设备'}`}。这样能用——pci-stub 挡住宿主机驱动，libvirt（managed hostdev）在虚拟机启动时把显卡重新绑定到 vfio-pci——但这是 vfio-pci 还没有自己的 ids= 参数时的老办法：pci-stub 不做电源管理，也不处理重置，在虚拟机启动之前显卡一直处于无人管理的状态。${shared.length && !movable.length ? '' : `vfio-pci.ids=${movable.join(',') || 'vvvv:dddd'} 可以在开机时直接把它绑定到 vfio-pci。`}${
        shared.length
          ? `${shared.join('、')} 被不同插槽里型号相同的显卡共用：按 ID 绑定会把它们全部占走，所以${shared.length > 1 ? '这些 ID' : '这个 ID'}不放进 vfio-pci.ids——请改为按地址绑定要直通的显卡（见 identical-gpus-id-collision）。`
          : ''
      }`,
    noDrivers: () => '内核命令行、正在使用的驱动（lspci -nnk）和内核日志都没有提供',
  },
} satisfies RuleZh<typeof messages>;
