// J2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Target = Parameters<(typeof messages)['wrongFile']>[0]['target'];
const TARGET: Record<Target, string> = { grub: '/etc/default/grub', 'loader-entry': '手写启动项的 "options" 行', 'kernel-cmdline': '/etc/kernel/cmdline' };

export const zh = {
  title: '配置好的内核参数没有生效',
  summary: '参数写在启动配置里，却不在 /proc/cmdline 中：没有重新生成配置、没有重启，或者写进了别的引导加载程序的文件。',
  messages: {
    wrongFile: ({ params, file, loader, loaderReason, target }: Parameters<(typeof messages)['wrongFile']>[0]) =>
      `${params.join(' ')} 写在 ${file} 里，但这台宿主机用 ${loader} 启动（${loaderReason}），它不读这个文件——所以当前运行的内核命令行里没有这些参数。请改为写进 ${TARGET[target]}。`,
    notRegenerated: ({ params, file, loaderKnown }: { params: string[]; file: string; loaderKnown: boolean }) =>
      `${params.join(' ')} 在 ${file} 里，但不在当前运行的内核命令行（/proc/cmdline）中。修改后没有重新生成引导加载程序配置，或者之后没有重启${loaderKnown ? '' : '（也可能这个文件属于本机没有使用的引导加载程序）'}。`,
    notConfigured: ({ params, file }: { params: string[]; file: string }) =>
      `${params.join(' ')} 在当前运行的内核命令行里，却不在 ${file} 中：可能是在启动菜单里手动加的，或者上次启动后文件被改过。除非写进 ${file}，下次重新生成配置后它们就会消失。`,
    noCmdlineVariable: () => '给出的启动配置没有设置内核命令行（没有 GRUB_CMDLINE_LINUX 或 GRUB_CMDLINE_LINUX_DEFAULT）',
  },
} satisfies RuleZh<typeof messages>;
