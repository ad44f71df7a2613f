// E2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'vfio-pci 没有加载',
  summary: 'vfio_pci 既没有加载也不是内置的（或者内核根本没有 vfio-pci），所以配置的设备 ID 和 override 永远不会生效。',
  messages: {
    noDriver: ({ release, tool }: { release?: string; tool?: string }) =>
      `这个内核${release ? `(${release})` : ''}没有 vfio-pci 驱动：${tool ? `${tool} 找不到这个模块` : '它编译时没有启用 CONFIG_VFIO_PCI'}。在运行带 vfio-pci 的内核之前，任何设备都无法交给虚拟机——请安装发行版的标准内核（或它的模块包，例如 Ubuntu 的 linux-modules-extra），或者用 CONFIG_VFIO_PCI=m 重新编译。`,
    configured: ({ ids, overrides }: { ids: string[]; overrides: string[] }) =>
      `vfio-pci 被配置为接管${ids.length ? ` ${ids.join('、')}(vfio-pci.ids)` : ''}${ids.length && overrides.length ? ' 和' : ''}${overrides.length ? ` ${overrides.join('、')}(driver_override)` : ''}，但 vfio_pci 模块既没有加载，也不是内置的：从来没有东西加载它，所以这些配置从未生效。请让它从 initramfs（以及 /etc/modules-load.d）加载，这样它能先于显卡驱动接管显卡。`,
    notLoaded: ({ forTarget, held }: { forTarget: boolean; held: { bdf: string; driver: string }[] }) =>
      `vfio_pci 模块没有加载（也不是内置的）。开机时不会有东西为 VFIO 接管${forTarget ? '要直通的显卡' : '显卡'}${held.length ? `;${held.map((d) => `${d.bdf} 在 ${d.driver} 上`).join(',')}` : ''}。对 managed 的 <hostdev> 设备，libvirt 会自己加载 vfio-pci，但显卡应该在开机时就绑定：请尽早加载 vfio-pci，并把显卡的设备 ID 交给它。`,
    modulesUnknown: () => '不知道加载了哪些模块（请粘贴 lsmod 或 /proc/modules）',
    modulesFiltered: () => '只给出了部分模块列表（lsmod 经过了过滤）；请粘贴完整的 lsmod 或 /proc/modules',
    builtinUnknown: () => '模块列表里没有 vfio_pci，但不知道它是否编译进了内核（请粘贴 grep vfio /lib/modules/$(uname -r)/modules.builtin 的输出）',
  },
} satisfies RuleZh<typeof messages>;
