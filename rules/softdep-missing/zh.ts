// E8 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '没有 softdep 让 vfio-pci 先于显卡驱动加载',
  summary: 'vfio-pci 是模块时，只有 "softdep <driver> pre: vfio-pci" 能保证它在 amdgpu/nouveau/nvidia/snd_hda_intel/xhci_pci 之前加载。',
  messages: {
    noOrder: ({ ids, missing, held }: { ids: string[]; missing: string[]; held: string[] }) =>
      `vfio-pci 是模块，配置了 ${ids.join('、')}，但没有任何设置让它先于 ${missing.join('、')} 加载：没有针对${missing.length > 1 ? '它们' : '它'}的 "softdep <driver> pre: vfio-pci" 行。哪个模块先加载，显卡就归谁${held.length ? `，而这里宿主机驱动抢先了：${held.join('、')}` : '；现在能用，但内核或 initramfs 更新后顺序可能会变'}。`,
    modprobeNotGiven: () => '配置了 vfio-pci 的设备 ID，但没有提供 /etc/modprobe.d，无法检查 softdep 行',
  },
} satisfies RuleZh<typeof messages>;
