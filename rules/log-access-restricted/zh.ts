// J1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** The note comes from collection or the paste parser in English; its known shapes are said in Chinese, the rest kept. */
function noteZh(note: string): string {
  const quoted = /^The kernel log could not be read: "(.*)"\.$/.exec(note);
  if (quoted) return `无法读取内核日志："${quoted[1]}"。`;
  const why = /^could not read the kernel log: (.*?)\.? Run as root \(sudo(?: dmesg)?\) or join the systemd-journal group\.$/.exec(note);
  if (why) return `无法读取内核日志：${why[1]}。请以 root 运行（sudo），或加入 systemd-journal 组。`;
  if (/^running without root: the kernel log may be restricted/.test(note)) return '没有以 root 运行：内核日志可能受限，/proc/iomem 中的地址也被隐藏；用 sudo 运行可以看到它们。';
  return note;
}

export const zh = {
  title: '无法读取内核日志',
  summary: 'dmesg 仅限 root 读取（kernel.dmesg_restrict=1），journal 也无权读取；依赖日志的检查被跳过。',
  messages: {
    unreadable: ({ note, restricted }: { note?: string; restricted: boolean }) =>
      `${note ? noteZh(note) : '无法读取内核日志。'}从 sysfs 读到的内容（设备、驱动、IOMMU 组）仍会检查，但需要开机消息的规则会报告为"无法检查"。${restricted ? '这台宿主机上 kernel.dmesg_restrict 为 1。' : ''}`,
  },
} satisfies RuleZh<typeof messages>;
