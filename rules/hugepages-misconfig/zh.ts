// I3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, Problem } from './index';

function problemText(p: Problem): string {
  switch (p.kind) {
    case 'unsupported':
      return `内核在这颗 CPU 上不支持 hugepagesz=${p.size}，所以它后面的 hugepages= 被忽略了`;
    case 'failed':
      return `开机时内核只预留到 ${p.asked} 个 ${p.size} 大页中的 ${p.got} 个（连续的空闲内存不够）`;
    case 'short':
      return `hugepages=${p.asked} 要求 ${p.asked} 个 ${p.size} 的大页，但只预留了 ${p.reserved} 个`;
    case 'noPdpe1gb':
      return '这颗 CPU 没有 pdpe1gb 标志，用不了 1 GiB 大页';
    case 'noSizeFolder':
      return 'Proxmox 找不到虚拟机要求的那种大小的大页（只有带 pdpe1gb 的 CPU 才有 1 GiB 大页；/sys/kernel/mm/hugepages 下没有这个大小的目录）';
    case 'vmAlloc':
      return `虚拟机的内存没法从大页里分配（QEMU 的 "unable to map backing store for guest RAM: Cannot allocate memory"，或 Proxmox 的 "hugepage allocation failed"）：空闲的大页比虚拟机需要的少${p.noneAsked ? '（可能根本没有预留：没有看到 hugepages=）' : ''}`;
  }
}

export const zh = {
  title: '要求了大页但没有预留',
  summary: '命令行里 hugepages= 要求的页数比内核预留的多（或者大小不受支持），用大页作内存的虚拟机拿不到内存。',
  messages: {
    misconfigured: ({ problems, vmOnly, memGiB }: { problems: Problem[]; vmOnly: boolean; memGiB?: number }) =>
      `${vmOnly ? '虚拟机无法从大页获得内存' : '大页和命令行的要求不一致'}:${problems.map(problemText).join(';')}。这样配置了 <memoryBacking><hugepages/> 的虚拟机会启动失败（QEMU 分配不到虚拟机内存）。按内存大小预留${memGiB !== undefined ? `(MemTotal 为 ${memGiB} GiB)` : ''}，并给宿主机留足内存；1 GiB 大页必须在开机时预留。大页对直通不是必需的：不管用不用大页，VFIO 都会锁定虚拟机内存。`,
    reservedUnknown: () => '不知道内核实际预留了多少大页（请粘贴 grep -i huge /proc/meminfo 和 grep . /sys/kernel/mm/hugepages/*/nr_hugepages 的输出）',
  },
} satisfies RuleZh<typeof messages>;
