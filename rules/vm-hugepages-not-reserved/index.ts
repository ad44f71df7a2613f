// The VM's memory is backed by huge pages, but the host has none (or too few) of that size reserved.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vm-hugepages-not-reserved';
const GiB = 1024 * 1024;
const label = (kib: number) => (kib >= GiB ? `${kib / GiB} GiB` : `${kib / 1024} MiB`);

/** Pages reserved on the host by size in KiB: sysfs per size, else /proc/meminfo's default size. */
function pools(host: Host): Map<number, { nr: number; evidence: Evidence }> | undefined {
  const out = new Map<number, { nr: number; evidence: Evidence }>();
  for (const [k, v] of Object.entries(host.facts.hugepagesBySize ?? {})) if (!Number.isNaN(v.nr)) out.set(Number(k), { nr: v.nr, evidence: v.evidence });
  const mi = host.facts.meminfo;
  if (mi?.HugePages_Total && mi.Hugepagesize && !out.has(mi.Hugepagesize.value)) out.set(mi.Hugepagesize.value, { nr: mi.HugePages_Total.value, evidence: mi.HugePages_Total.evidence });
  return out.size ? out : undefined;
}

export const messages = {
  short: ({ vm, memoryKiB, pageKiB, reserved, need }: { vm: string; memoryKiB?: number; pageKiB: number; reserved: number; need?: number }) =>
    `${vm} backs its ${memoryKiB ? `${label(memoryKiB)} of ` : ''}memory with ${label(pageKiB)} huge pages, but the host has ${reserved === 0 ? 'none' : `only ${reserved}`} reserved${need ? ` (${need} needed)` : ''}: QEMU fails with "unable to map backing store for guest RAM: Cannot allocate memory"${reserved === 0 ? ' (or libvirt with "hugetlbfs filesystem is not mounted or disabled by administrator config")' : ''}.`,
  poolUnknown: () => 'how many huge pages the host reserved is not in the input (grep -i huge /proc/meminfo)',
};

// No VM definition in the input: nothing to check (no `requires`), as every VM rule; no input kind is the huge-page pool.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The VM wants huge pages the host has not reserved',
    severity: 'error',
    category: 'resources',
    summary: 'A VM with <memoryBacking><hugepages/> (or Proxmox hugepages: 1024) on a host whose huge-page pool is empty or smaller than the guest memory cannot start.',
    docs: ['https://libvirt.org/formatdomain.html#memory-backing', 'https://docs.kernel.org/admin-guide/mm/hugetlbpage.html'],
    keywords: ['hugepages', 'memoryBacking', 'HugePages_Total', 'unable to map backing store', 'hugetlbfs'],
    messages,
    zh,
  },
  check(host, ctx) {
    const vms = vmsOf(host).filter((v) => v.hugepages?.value.on);
    if (!vms.length) return [];
    const p = pools(host);
    if (!p) return ctx.unable('poolUnknown');
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vms) {
      const hp = vm.hugepages!;
      // Proxmox grows the 2 MiB pool itself at start (qemu-server Memory.pm hugepages_allocate); only 1 GiB pages must be
      // reserved at boot. libvirt never reserves: it uses what the pool has.
      if (vm.kind === 'proxmox' && hp.value.pageKiB !== GiB) continue;
      const size = hp.value.pageKiB ?? host.facts.meminfo?.Hugepagesize?.value ?? (p.size === 1 ? [...p.keys()][0]! : undefined);
      if (size === undefined) continue;
      const pool = p.get(size);
      const nr = pool?.nr ?? 0;
      const need = vm.memoryKiB ? Math.ceil(vm.memoryKiB.value / size) : undefined;
      if (nr > 0 && (need === undefined || nr >= need)) continue;
      out.push({
        severity: nr === 0 ? 'error' : 'warning',
        messageId: 'short',
        data: { vm: vmLabel(vm), ...(vm.memoryKiB ? { memoryKiB: vm.memoryKiB.value } : {}), pageKiB: size, reserved: nr, ...(need ? { need } : {}) },
        evidence: [hp.evidence, ...(vm.memoryKiB ? [vm.memoryKiB.evidence] : []), ...(pool ? [pool.evidence] : [])],
        fixes: [
          {
            id: `${ID}/reserve`,
            title: tr('Reserve the pages, or drop huge pages from the VM', '预留大页，或者让虚拟机不再使用大页'),
            recommended: true,
            needsReboot: size >= GiB,
            needsInitramfs: false,
            warnings: [],
            steps: [
              {
                kind: 'manual',
                description: tr(
                  `Reserve ${need ?? 'enough'} pages of ${label(size)}: ${size >= GiB ? `hugepagesz=1G hugepages=${need ?? 'N'} on the kernel command line (1 GiB pages are reserved at boot)` : `sysctl vm.nr_hugepages=${need ?? 'N'} (persist it in /etc/sysctl.d/)`}; leave the host enough memory.`,
                  `预留${need ? ` ${need} 个` : '足够的'} ${label(size)} 大页：${size >= GiB ? `在内核命令行上加 hugepagesz=1G hugepages=${need ?? 'N'}（1 GiB 大页在开机时预留）` : `sysctl vm.nr_hugepages=${need ?? 'N'}（写入 /etc/sysctl.d/ 使其永久生效）`}；给宿主机留下足够的内存。`,
                ),
              },
              { kind: 'manual', description: vm.kind === 'libvirt' ? tr('Or remove <memoryBacking><hugepages/></memoryBacking> (virsh edit): huge pages are optional for passthrough.', '或者删除 <memoryBacking><hugepages/></memoryBacking>（virsh edit）：直通并不一定需要大页。') : tr('Or remove hugepages: from the VM config (qm set VMID --delete hugepages).', '或者从虚拟机配置中删除 hugepages：（qm set VMID --delete hugepages）。') },
              { kind: 'verify', description: tr('HugePages_Total covers the VM', 'HugePages_Total 足够虚拟机使用'), argv: ['grep', '-i', 'huge', '/proc/meminfo'] },
            ],
          },
        ],
      });
    }
    return out;
  },
});
