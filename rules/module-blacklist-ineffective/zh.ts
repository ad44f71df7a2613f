// E11 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Cause = Parameters<(typeof messages)['ineffective']>[0]['cause'];

/** `where` names files, or "modprobe.blacklist= on the command line" (written in English by the check). */
const whereZh = (where: string[]) => where.map((w) => w.replace(/^(\S+=) on the command line$/, '内核命令行上的 $1').replace(/^pasted text$/, '粘贴的文本')).join('、');

const why = (mod: string, c: Cause) =>
  c.kind === 'builtin'
    ? `${mod} 编译进了这个内核（modules.builtin），任何黑名单都挡不住内置驱动`
    : c.kind === 'refused'
      ? `module_blacklist= 会直接拒绝加载该模块，所以 ${mod} 一定是内置的，或者是从内核命令行管不到的地方加载的`
      : c.kind === 'oldImage'
        ? `黑名单是在 ${c.image} 生成之后才写的，而 initramfs（它会提前加载 ${mod}）里还是旧配置`
        : `"blacklist" 只阻止按设备别名自动加载：${mod} 仍可能从 initramfs 加载（它在写黑名单之前生成，或者没有包含 /etc/modprobe.d），被显式的 "modprobe ${mod}" 加载，或者作为其他模块的依赖被加载${c.installs ? `（见提到它的 install 行）` : ''}`;

export const zh = {
  title: '被列入黑名单的驱动仍占着设备',
  summary: '"blacklist" 只阻止按别名自动加载：内置驱动、在黑名单之前生成的 initramfs、显式的 modprobe 或模块依赖仍会加载它。',
  messages: {
    stated: ({ module, where, sentence }: { module: string; where: string[]; sentence: string }) =>
      `${module} 已列入黑名单（${whereZh(where)}），而你说黑名单没有挡住它（"${sentence}"；这是你的描述，并未看到：请粘贴 lsmod 和 lspci -nnk 确认）。"blacklist" 只阻止按设备别名自动加载：模块仍会从写黑名单之前生成的 initramfs 加载（镜像里有自己的一份 /etc/modprobe.d），被显式的 "modprobe ${module}" 加载，或者作为其他模块的依赖被加载。改完之后重新生成 initramfs 通常就能解决。`,
    ineffective: ({ module, where, devices, cause }: { module: string; where: string[]; devices: string[]; cause: Cause }) =>
      `${module} 已列入黑名单（${whereZh(where)}），却仍在驱动 ${devices.join('、')}:${why(module, cause)}。${cause.kind === 'builtin' ? '请改为在内核命令行上按设备 ID、或按地址把显卡绑定到 vfio-pci。' : ''}`,
    driversUnknown: ({ modules }: { modules: string[] }) => `${modules.join('、')} 已列入黑名单，但不知道设备正在使用哪些驱动（请粘贴 lspci -nnk 的输出）`,
  },
} satisfies RuleZh<typeof messages>;
