// E4 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, Wrong } from './index';
import { scanFields } from './scan-fields';

function explain(p: Wrong): string {
  switch (p.kind) {
    case 'address':
      return `"${p.token}" 是 PCI 地址，不是设备 ID：内核会把它读成厂商 ${p.token.split(/[:.]/)[0]!.padStart(4, '0')}、设备 ${p.token.split(/[:.]/)[1]!.padStart(4, '0')}，什么也匹配不上${p.meant ? `(${p.token} 上的设备是 ${p.meant})` : ''}`;
    case 'separator':
      return `"${p.token}" 的厂商和设备之间用的不是 ":"${scanFields(p.token) < 2 ? '，所以内核拒绝了它（"invalid id string"）' : ''}`;
    case 'invalid':
      return scanFields(p.token) < 2 ? `"${p.token}" 不是 厂商:设备 的格式，所以内核拒绝了它（"invalid id string"）` : `"${p.token}" 不是 4 位的 厂商:设备 ID，匹配不到任何设备`;
    case 'space':
      return `"${p.token}" 和列表之间隔了一个空格，所以不属于这个列表（${p.via === 'cmdline' ? '内核把它当成另一个未知参数' : 'modprobe 把它当成未知参数传下去'}）`;
    case 'nomatch':
      return /^00/.test(p.token)
        ? `${p.token} 不是真实的设备 ID（0100 以下的厂商 ID 没有分配）：它是把 PCI 地址（例如 ${Number.parseInt(p.token.slice(0, 4), 16).toString(16).padStart(2, '0')}:${p.token.slice(7, 9)}.0）写在 ID 位置时内核得到的结果`
        : `${p.token} 匹配不到这台宿主机上的任何 PCI 设备`;
    case 'dynid':
      return `vfio-pci 无法添加一个设备 ID(${p.token})`;
  }
}

export const zh = {
  title: 'vfio-pci.ids 格式错误，或写的 ID 匹配不到设备',
  summary: '设备 ID 必须是 lspci -nn 里的 厂商:设备 ID，用逗号分隔，不带空格；PCI 地址或其他分隔符永远匹配不上。',
  messages: {
    malformed: ({ problems, param, devices, unresolved }: { problems: Wrong[]; param?: string; devices: string[]; unresolved: boolean }) =>
      `vfio-pci 的设备 ID 列表写错了，所以 vfio-pci 不会接管想要的设备：${[...new Set(problems.map(explain))].join(';')}。设备 ID 是 \`lspci -nn\` 里的 厂商:设备 ID，用逗号分隔、不带空格${param ? `；这里应为：${param}` : ''}。${devices.length ? `想要的是：${devices.join('、')}。` : ''}${unresolved ? '有些条目无法从已提供的内容换算成设备 ID：请粘贴 `lspci -nn` 的输出。' : ''}`,
  },
} satisfies RuleZh<typeof messages>;
