// B3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'amd_iommu=on 不起任何作用',
  summary: '"on" 不是 amd_iommu= 的有效取值；只要固件提供了 AMD IOMMU，它默认就是开启的。',
  messages: {
    noSuchOption: ({ kernelSaid }: { kernelSaid: boolean }) =>
      `amd_iommu= 没有 on 这个选项（有效取值：off、force_enable、force_isolation、pgtbl_v1、pgtbl_v2、irtcachedis、nohugepages、v2_pgsizes_only）${kernelSaid ? '；内核也用 "AMD-Vi: Unknown option - \'on\'" 说明了这一点' : '；大约从 6.2 起内核会记录 "AMD-Vi: Unknown option - \'on\'"'}。固件提供 IVRS 表时，AMD IOMMU 会自动启用，所以这个参数无害，但也没有开启任何东西：如果看不到 IOMMU 组，请去检查固件设置。`,
  },
} satisfies RuleZh<typeof messages>;
