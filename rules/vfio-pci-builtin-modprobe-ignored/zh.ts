// E3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

const quoted = (xs: string[]) => xs.map((o) => `"${o}"`).join('、');

export const zh = {
  title: 'vfio-pci 编译进了内核：/etc/modprobe.d 里给它的选项被忽略',
  summary: 'vfio-pci 编译进内核时（Ubuntu 20.04 及以后），"options vfio-pci ids=…" 永远不会生效；设备 ID 必须写到内核命令行里。',
  messages: {
    overrideBinding: ({ seen, said, guess, ids }: { seen: string[]; said?: string; guess?: string; ids: string[] }) => {
      const how = seen.length ? `${seen.join('、')} 设置了 driver_override=vfio-pci，却没有驱动` : `你是通过把 vfio-pci 写进 driver_override 来绑定显卡的（"${said}"；这是你的说法，sysfs 里没有看到）`;
      const builtinWhy = guess === undefined ? 'vfio-pci 编译进了这个内核' : `vfio-pci 很可能编译进了这个内核（${guess}）`;
      return `${how}，而且${builtinWhy}。写 driver_override 本身不会绑定任何东西：只有在某个驱动注册时（或通过 drivers_probe）内核才会 probe 设备。内置的 vfio-pci 在开机时、任何脚本运行之前就已注册，而 "modprobe vfio-pci" 对内置驱动什么也不做，所以这个设置把显卡驱动挡在外面，却没有任何东西绑定 vfio-pci：显卡就没有驱动了。这种做法在 vfio-pci 还是模块时（Ubuntu 20.04 之前）能用。请改为在内核命令行按设备 ID 绑定（vfio-pci.ids=${ids.length ? ids.join(',') : 'VENDOR:DEVICE,…'}），内置的 vfio-pci 注册时会读取它；不管 vfio-pci 是内置还是模块，这样都对。`;
    },
    probablyBuiltin: ({ guess, options, add }: { guess: string; options: string[]; add: string[] }) =>
      `vfio-pci 很可能编译进了这个内核（${guess}）。如果是这样，${quoted(options)} 永远到不了它：modprobe 不会加载或配置内置驱动。${add.length ? `把 ${add.join(' ')} 写到内核命令行，内置和模块两种情况都能生效，请这样做。` : '命令行里已经带了这些选项，两种情况都能生效。'}`,
    builtin: ({ seenBy, options, files, add, working }: { seenBy: 'config' | 'modprobe'; options: string[]; files: string[]; add: string[]; working: boolean }) => {
      const what = options.length
        ? `${files.join('、')} 里的 ${quoted(options)} 不起作用：modprobe 从不加载内置驱动，也就从不传这些选项。`
        : '"modprobe: FATAL: Module vfio_pci is builtin." 表示 vfio-pci 编译进了这个内核：modprobe 无法加载、卸载（modprobe -r）或配置它。';
      return `vfio-pci 编译进了这个内核（${seenBy === 'config' ? 'modules.builtin / 内核配置' : 'modprobe 这样说'}），Ubuntu 20.04 及以后都是这样。${what}它在开机早期注册，只从内核命令行读取参数：${add.length ? `请把 ${add.join(' ')} 写到命令行` : '请在命令行使用 vfio-pci.ids=…'}。内置驱动不需要 vfio-pci 的 softdep（它总是最先加载），钩子脚本应通过 sysfs 解绑设备，而不是 "modprobe -r vfio_pci"。${working ? '显卡反正已经在 vfio-pci 上（用别的方式绑定的），所以这些选项是无效的配置。' : ''}`;
    },
    nothingGiven: () => '既没有提供 /etc/modprobe.d，也不知道 vfio-pci 是否编译进了内核',
    builtinUnknown: () => '/etc/modprobe.d 里设置了 "options vfio-pci"，但不知道 vfio-pci 是否编译进了这个内核（请粘贴：grep vfio /lib/modules/$(uname -r)/modules.builtin）',
    modprobeNotGiven: () => 'vfio-pci 编译进了内核；没有提供 /etc/modprobe.d，无法看出里面是否给它设置了选项',
  },
} satisfies RuleZh<typeof messages>;
