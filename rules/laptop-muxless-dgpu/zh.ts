// K1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Power = 'd3cold' | 'header127' | undefined;
const CHASSIS: Record<string, string> = { laptop: '笔记本', convertible: '二合一笔记本', tablet: '平板' };

const caveats = (power: Power) =>
  [
    '在无 MUX 的设计中，虚拟机里的驱动需要 vBIOS，而笔记本把它放在 ACPI 表（_ROM）里，所以 NVIDIA 虚拟机常常停在 Code 43，除非你提供 ROM 文件并加上假电池/ACPI 调整；画面只能通过 Looking Glass 或远程桌面看到。',
    ...(power ? [`运行时电源管理${power === 'd3cold' ? '让显卡处于 D3cold' : '让显卡无法读取（libvirt 读到 header type 127）'}，在唤醒之前 vfio-pci 无法读取它。`] : []),
    '请在固件中找找 MUX 开关（"dGPU only" / "独显直连"模式）：打开后，这张卡就和台式机显卡一样了。',
  ].join('');

export const zh = {
  title: '没有自己输出接口的笔记本独显（无 MUX 的 Optimus / 混合显卡）',
  summary: '笔记本上集成显卡作启动显卡、旁边是一张 3D 控制器类的独显：它的 vBIOS 在 ACPI 里，运行时电源管理会把它置于 D3cold，虚拟机里常见 Code 43。',
  messages: {
    stated: ({ device, muxless, quote, power }: Parameters<(typeof messages)['stated']>[0]) =>
      `${device} 是 3D 控制器（自身没有显示输出），而你说这台机器是${muxless ? '无 MUX 的 Optimus 混合显卡' : '笔记本'}（"${quote.slice(0, 120)}${quote.length > 120 ? '…' : ''}"；这是你的描述，并非从固件读到）：这就是笔记本混合显卡里的独显，画面经集成显卡输出（粘贴内容中没有集成显卡）。${caveats(power)}`,
    looks: ({ device, threeD, integrated, chassis, power }: Parameters<(typeof messages)['looks']>[0]) =>
      `${device} 看起来是笔记本混合显卡里的独显${threeD ? '（类别为 3D 控制器：自身没有显示输出）' : ''}，旁边是集成显卡 ${integrated.join('、')}${chassis ? `，机箱类型是${CHASSIS[chassis] ?? ` ${chassis}`}` : ''}。${caveats(power)}`,
  },
} satisfies RuleZh<typeof messages>;
