// E5 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '两张相同型号的显卡共用一个厂商：设备 ID',
  summary: 'vfio-pci.ids 会匹配所有带这个 ID 的卡，宿主机会连自己的显卡一起丢掉。请按 PCI 地址绑定要直通的显卡。',
  messages: {
    collision: ({ others, ids, targets, bad, configured, stubbed, lost, lostDrivers, inferred }: Parameters<(typeof messages)['collision']>[0]) =>
      `${others.join('、')} 与 ${targets.join('、')} 上要直通的显卡厂商：设备 ID 相同（${ids.join('、')}）。${
        bad
          ? `${configured.length ? `vfio-pci 按 ID 配置（${configured.join('、')}），所以它` : stubbed.length ? `pci-stub 按 ID 配置（pci-stub.ids:${stubbed.join('、')}），所以它` : 'vfio-pci '}会接管所有带这个 ID 的卡${lost.length ? `——${lost.join('、')} 现在在 ${lostDrivers.join(' 和 ')} 上，宿主机已经失去了它们` : ''}。`
          : '按 ID 绑定（vfio-pci.ids）会把两张卡都拿走。'
      }请改为按 PCI 地址绑定要直通的显卡：由开机早期运行的脚本往它每个功能的 driver_override 写入 "vfio-pci"，另一张卡留给宿主机。${inferred !== undefined ? `（目标 ${targets.join('、')}:${inferred}。）` : ''}`,
  },
} satisfies RuleZh<typeof messages>;
