// B7 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Why = Parameters<(typeof messages)['refused']>[0];
const whyText = (w: Why) =>
  w.by === 'cmdline' ? `内核命令行里有 ${w.param}` : w.by === 'kconfig' ? '内核默认开启 SME（CONFIG_AMD_MEM_ENCRYPT_ACTIVE_BY_DEFAULT=y）' : 'SME 已开启（mem_encrypt=on，或内核默认如此）';

export const zh = {
  title: 'SME 已开启，AMD IOMMU 被拒绝启用',
  summary: '开启了安全内存加密（SME）而 Zen 1 微码又较旧时，内核根本不启动 AMD IOMMU：没有 IOMMU 组，也就没有 VFIO。',
  messages: {
    refused: (why: Why) =>
      `AMD IOMMU 驱动在启动时放弃了：${whyText(why)}，而这颗 Zen 1（family 17h）CPU 的微码低于内核在 SME 下启用 IOMMU 所要求的版本（0x08001205，或 0x08001126–0x080011ff）。没有 IOMMU 就没有 IOMMU 组，也没有 VFIO。请更新固件（会带来新微码），或者用 mem_encrypt=off 启动。`,
  },
} satisfies RuleZh<typeof messages>;
