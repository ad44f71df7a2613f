// vm-hugepages-not-reserved in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** vmLabel() (src/vm/host-view.ts) writes 'libvirt VM "win10"' or 'the Proxmox VM'. */
const vmZh = (vm: string) => vm.replace(/^the (libvirt|Proxmox) VM$/, '该 $1 虚拟机').replace(/^(libvirt|Proxmox) VM /, '$1 虚拟机 ');
const GiB = 1024 * 1024;
const label = (kib: number) => (kib >= GiB ? `${kib / GiB} GiB` : `${kib / 1024} MiB`);

export const zh = {
  title: '虚拟机要用大页，宿主机却没有预留',
  summary: '带 <memoryBacking><hugepages/>（或 Proxmox hugepages: 1024）的虚拟机，在大页池为空或小于虚拟机内存的宿主机上无法启动。',
  messages: {
    short: ({ vm, memoryKiB, pageKiB, reserved, need }: Parameters<(typeof messages)['short']>[0]) =>
      `${vmZh(vm)} 的${memoryKiB ? ` ${label(memoryKiB)} ` : ''}内存使用 ${label(pageKiB)} 大页，但宿主机${reserved === 0 ? '一个都没有预留' : `只预留了 ${reserved} 个`}${need ? `（需要 ${need} 个）` : ''}:QEMU 会报 "unable to map backing store for guest RAM: Cannot allocate memory"${reserved === 0 ? '（或者 libvirt 报 "hugetlbfs filesystem is not mounted or disabled by administrator config"）' : ''}。`,
    poolUnknown: () => '输入中没有宿主机预留了多少大页的信息（grep -i huge /proc/meminfo）',
  },
} satisfies RuleZh<typeof messages>;
