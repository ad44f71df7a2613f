// H2 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** `who` is one of whoFailed()'s three English phrases (index.ts). */
const WHO: Record<string, string> = {
  'libvirt found no FLR, PM reset or bus reset for it': 'libvirt 找不到可用的 FLR、PM 重置或总线重置',
  'its reset failed when the VM was started': '启动虚拟机时重置失败',
  'QEMU found no reset mechanism for it': 'QEMU 找不到可用的重置机制',
};

export const zh = {
  title: '直通设备没有可用的重置方法',
  summary: 'reset_method 为空或不存在（或者 libvirt 重置设备失败）：两次运行虚拟机之间，显卡无法回到干净状态。',
  messages: {
    noReset: ({ devices, who }: { devices: string[]; who?: string }) =>
      `${devices.length ? devices.join('、') : '某个设备'}没有可用的重置方法${who ? `(${WHO[who] ?? who})` : '（reset_method 为空或不存在）'}。没有 FLR、电源管理重置或总线重置，显卡会保留上一次虚拟机留下的状态：虚拟机重启或第二次启动时可能卡死或黑屏。只有当这条总线上的所有功能都交给虚拟机时，总线（插槽）重置才有效。`,
    unknown: ({ devices }: { devices: string[] }) => `不知道 ${devices.join('、')} 的重置方法（请粘贴 grep . /sys/bus/pci/devices/*/reset_method 的输出）`,
  },
} satisfies RuleZh<typeof messages>;
