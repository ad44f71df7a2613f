// E1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Late = { kind: 'none' } | { kind: 'builtin' } | { kind: 'configured'; ids: string[] };

export const zh = {
  title: '要直通的显卡被宿主机驱动占用',
  summary: '宿主机驱动（nvidia、nouveau、amdgpu、radeon、snd_hda_intel 等）占着目标显卡，vfio-pci 无法接管。',
  messages: {
    owned: ({ gpu, driver, alsoHeld, late }: { gpu: string; driver: string; alsoHeld: string[]; late: Late }) =>
      `${gpu} 是要直通的显卡，但它正被宿主机驱动 ${driver} 占用。${alsoHeld.length ? `宿主机驱动还占着 ${alsoHeld.join('、')}。` : ''}显卡的每个功能都必须在开机时、${driver} 加载之前绑定到 vfio-pci。${
        late.kind === 'none'
          ? ''
          : late.kind === 'builtin'
            ? '设备 ID 写在 /etc/modprobe.d 的 "options vfio-pci ids=" 里，但这个内核把 vfio-pci 编译进了内核，modprobe 选项根本到不了它：请改为在内核命令行加 vfio-pci.ids=。'
            : `vfio-pci 已配置接管 ${late.ids.join('、')}，但 ${driver} 先抢到了显卡：vfio-pci 必须先于显卡驱动加载（放进 initramfs 并设置 softdep），或者配置从未生效（重新生成 initramfs、更新引导加载程序配置并重启）。`
      }`,
    driverUnknown: ({ bdf }: { bdf: string }) => `不知道 ${bdf} 用的是哪个驱动（请粘贴 lspci -nnk 的输出）`,
  },
} satisfies RuleZh<typeof messages>;
