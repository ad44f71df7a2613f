// C2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'IVRS 表有误：AMD 中断重映射被关闭',
  summary: '固件的 IVRS 表没有列出 IOAPIC，AMD IOMMU 驱动因此关闭中断重映射，VFIO 随之拒绝设备。',
  messages: {
    ivrs: ({ ids, noSouthbridge, disabled, refused, newSyntax, mapsGiven, deprecated }: Parameters<(typeof messages)['ivrs']>[0]) =>
      `固件的 IVRS 表没有列出${ids.length ? ` IOAPIC ${ids.join('、')}` : ' IOAPIC'}${noSouthbridge ? '，也没有指明南桥 IOAPIC' : ''}，所以 AMD IOMMU 驱动${disabled ? '关闭了' : '可能会关闭'}中断重映射。DMA 重映射（IOMMU 组）仍然可用，但没有中断重映射时 VFIO 会拒绝设备${refused ? '——这里发生的正是这种情况' : ''}。根本的解决办法是更新固件；在那之前可以在内核命令行上手动映射 IOAPIC（${newSyntax ? 'ivrs_ioapic=<id>@<seg:bus:dev.fn>' : '这个内核只认旧写法 ivrs_ioapic[<id>]=<bus:dev.fn>'}）。${mapsGiven ? '已经给出了 ivrs_ioapic= 映射，但检查仍然失败：其中的 ID 或地址与这块主板不符。' : ''}${deprecated.length ? `${deprecated.join(' ')} 用的是已弃用的写法（内核会警告 "option format deprecated"）。` : ''}`,
  },
} satisfies RuleZh<typeof messages>;
