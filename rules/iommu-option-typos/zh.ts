// B5 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, Why } from './index';

const quoted = (ws: string[]) => ws.map((x) => `"${x}"`).join('、');

function whyText(w: Why): string {
  switch (w.kind) {
    case 'noValue':
      return `"${w.raw}" 没有值：内核只认 ${w.key}=…，所以这个词被交给 init，不起任何作用`;
    case 'x86On':
      return `iommu=${w.bad.join(',')} 不是 x86 上 iommu= 的有效值（解析器只认 off、force、noforce、pt、nopt、soft 等），会被悄悄忽略，什么也不开启${w.vendor === 'amd' ? '（固件提供 AMD IOMMU 时它会自己开启）' : w.vendor === 'intel' ? ';Intel VT-d 要用 intel_iommu=on 开启' : ';Intel 上要用 intel_iommu=on,AMD 上不需要任何参数'}`;
    case 'intelUnknown':
      return `intel_iommu= 不认识 ${quoted(w.bad)}(有效值：on、off、igfx_off、sp_off、sm_on、sm_off、tboot_noforce);5.16 起的内核会记录 "DMAR: Unknown option - '${w.bad[0]}'"${w.bad.includes('pt') ? '；直通模式是 iommu=pt，是另一个参数' : ''}`;
    case 'amdUnknown':
      return `amd_iommu= 不认识 ${quoted(w.bad)}（有效值：off、force_enable、force_isolation、pgtbl_v1、pgtbl_v2、irtcachedis、nohugepages、v2_pgsizes_only）；大约 6.2 起的内核会记录 "AMD-Vi: Unknown option - '${w.bad[0]}'"，更老的内核直接忽略${w.bad.includes('pt') ? '；直通模式是 iommu=pt' : ''}`;
    case 'misspelt':
      return `"${w.raw}" 不是内核参数（是 ${w.target}= 的拼写错误），不起任何作用`;
  }
}

export const zh = {
  title: '不起作用的 IOMMU 内核参数',
  summary: 'iommu=on、intel_iommu=pt、amd_iommu=pt 以及拼错的 IOMMU 参数会被忽略（或记录为未知参数），什么也不开启。',
  messages: {
    ignored: ({ whys, configuredOnly, add }: { whys: Why[]; configuredOnly: string[]; add: string[] }) =>
      `${whys.map(whyText).join('。')}。${configuredOnly.length ? `（${configuredOnly.join('、')} 目前只在引导配置里。）` : ''}${add.length ? `请改写为 ${add.join(' ')}。` : '请删掉它。'}`,
    listedByMistake: ({ param }: { param: string }) =>
      `"${param}" 出现在内核的未知参数列表里，但它是有效的：5.14 和早期 5.15 内核会误把 intel_iommu= 列在这里（它的处理函数返回了 0;5.16 和 5.15.y 已修复）。它已经生效。那一行里的其他词（BOOT_IMAGE=、splash 等）属于引导加载程序或 init，没有影响。`,
  },
} satisfies RuleZh<typeof messages>;
