// I3: huge pages requested on the command line but not (all) reserved by the kernel.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { zh } from './zh';

const ID = 'hugepages-misconfig';
// mm/hugetlb.c: "HugeTLB: allocating %lu of page size %s failed.  Only allocated %lu hugepages." (+ " node%d" variant),
// "HugeTLB: unsupported hugepagesz=%s".
const FAILED = /^HugeTLB: allocating (\d+) of page size (\S+ \S+) failed(?: node\d+)?\.\s+Only allocated (\d+) hugepages/;
const UNSUPPORTED = /^HugeTLB: unsupported hugepagesz=(\S+)/;

/** One thing wrong with the huge pages, as data; problemText() words it. */
export type Problem =
  | { kind: 'unsupported'; size: string }
  | { kind: 'failed'; got: number; asked: number; size: string }
  | { kind: 'short'; asked: number; size: string; reserved: number }
  | { kind: 'noPdpe1gb' }
  | { kind: 'noSizeFolder' }
  | { kind: 'vmAlloc'; noneAsked: boolean };

function problemText(p: Problem): string {
  switch (p.kind) {
    case 'unsupported':
      return `the kernel does not support hugepagesz=${p.size} on this CPU, so the hugepages= after it were ignored`;
    case 'failed':
      return `the kernel could reserve only ${p.got} of ${p.asked} pages of ${p.size} at boot (not enough free contiguous memory)`;
    case 'short':
      return `hugepages=${p.asked} asks for ${p.asked} pages of ${p.size}, but only ${p.reserved} are reserved`;
    case 'noPdpe1gb':
      return 'this CPU lacks the pdpe1gb flag, so 1 GiB pages are not available';
    case 'noSizeFolder':
      return 'Proxmox found no huge pages of the size the VM asks for (1 GiB pages exist only on CPUs with pdpe1gb; the size\'s folder under /sys/kernel/mm/hugepages is missing)';
    case 'vmAlloc':
      return `the VM's memory could not be taken from huge pages (QEMU's "unable to map backing store for guest RAM: Cannot allocate memory", or Proxmox's "hugepage allocation failed"): fewer huge pages are free than the VM needs${p.noneAsked ? ' (none may be reserved at all: no hugepages= was seen)' : ''}`;
  }
}

export const messages = {
  misconfigured: ({ problems, vmOnly, memGiB }: { problems: Problem[]; vmOnly: boolean; memGiB?: number }) =>
    `${vmOnly ? 'The VM cannot get its memory from huge pages' : 'Huge pages are not what the command line asks for'}: ${problems.map(problemText).join('; ')}. A VM with <memoryBacking><hugepages/> then fails to start (QEMU cannot allocate guest RAM). Reserve what fits in RAM${memGiB !== undefined ? ` (MemTotal is ${memGiB} GiB)` : ''} and leave the host enough; 1 GiB pages must be reserved at boot. Huge pages are optional for passthrough: VFIO pins guest memory either way.`,
  reservedUnknown: () => 'how many huge pages the kernel reserved is unknown (paste grep -i huge /proc/meminfo and grep . /sys/kernel/mm/hugepages/*/nr_hugepages)',
};

/** "1G", "2M", "1048576k" → kB. */
function kb(size: string): number | undefined {
  const m = /^(\d+)([kKmMgG])?[bB]?$/.exec(size.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const u = (m[2] ?? '').toLowerCase();
  return u === 'g' ? n * 1024 * 1024 : u === 'm' ? n * 1024 : u === 'k' ? n : n / 1024;
}

const label = (k: number) => (k >= 1024 * 1024 ? `${k / 1024 / 1024} GiB` : `${k / 1024} MiB`);

/** Pages asked for per size: each hugepages= applies to the hugepagesz= before it, else to the default size. */
function requested(host: Host): Map<number, number> {
  const out = new Map<number, number>();
  const params = host.facts.cmdline?.params ?? [];
  const def = params.filter((p) => p.key === 'default_hugepagesz').map((p) => kb(p.value ?? '')).pop() ?? host.facts.meminfo?.Hugepagesize?.value ?? 2048;
  let size: number | undefined;
  for (const p of params) {
    if (p.key === 'hugepagesz') size = kb(p.value ?? '');
    else if (p.key === 'hugepages' && /^\d+$/.test(p.value ?? '')) out.set(size ?? def, Number(p.value));
  }
  return out;
}

/** What the kernel actually reserved for a size: sysfs per size, else /proc/meminfo for the default size. */
function reserved(host: Host, size: number): { nr: number; evidence: Evidence } | undefined {
  const s = host.facts.hugepagesBySize?.[String(size)];
  if (s && !Number.isNaN(s.nr)) return { nr: s.nr, evidence: s.evidence };
  const mi = host.facts.meminfo;
  if (mi?.HugePages_Total && mi.Hugepagesize?.value === size) return { nr: mi.HugePages_Total.value, evidence: mi.HugePages_Total.evidence };
  return undefined;
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'I3',
    title: 'Huge pages requested but not reserved',
    severity: 'warning',
    category: 'resources',
    summary: 'hugepages= on the command line asks for more pages than the kernel reserved (or an unsupported size), so a VM backed by huge pages cannot get its memory.',
    docs: ['https://docs.kernel.org/admin-guide/mm/hugetlbpage.html'],
    keywords: ['hugepages', 'hugepagesz', 'default_hugepagesz', 'HugePages_Total', '1G pages', 'pdpe1gb', 'memoryBacking'],
    // The kernel's or QEMU's complaint stands without a command line; finding nothing needs one.
    requires: ['cmdline'],
    reads: { log: [FAILED, UNSUPPORTED] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const failed = host.log(FAILED);
    const unsupported = host.log(UNSUPPORTED);
    const want = requested(host);
    // QEMU (directly, or through libvirt, Proxmox or KubeVirt) failing to map the guest RAM from the huge-page pool.
    const qemu = f.qemuErrors.filter((q) => q.kind === 'hugepage-alloc');
    if (want.size === 0 && failed.length === 0 && unsupported.length === 0 && qemu.length === 0) return [];
    const problems: Problem[] = [];
    const evidence: Evidence[] = [];
    let unknown = false;
    for (const l of unsupported) {
      problems.push({ kind: 'unsupported', size: UNSUPPORTED.exec(l.message)![1]! });
      evidence.push(l.evidence);
    }
    for (const l of failed) {
      const m = FAILED.exec(l.message)!;
      problems.push({ kind: 'failed', got: Number(m[3]), asked: Number(m[1]), size: m[2]! });
      evidence.push(l.evidence);
    }
    for (const [size, n] of want) {
      if (failed.length || unsupported.length) break;
      const r = reserved(host, size);
      if (!r) {
        unknown = true;
        continue;
      }
      if (r.nr < n) {
        problems.push({ kind: 'short', asked: n, size: label(size), reserved: r.nr });
        evidence.push(r.evidence);
      }
    }
    if (size1g(want) && f.cpu?.flags?.length && !f.cpu.flags.includes('pdpe1gb')) problems.push({ kind: 'noPdpe1gb' });
    if (qemu.length) {
      const noSize = qemu.filter((q) => /doesn't support hugepages/i.test(q.evidence.text));
      if (noSize.length) problems.push({ kind: 'noSizeFolder' });
      if (noSize.length < qemu.length)
        problems.push({ kind: 'vmAlloc', noneAsked: want.size === 0 });
      evidence.push(...qemu.map((q) => q.evidence));
    }
    if (problems.length === 0) return unknown ? ctx.unable('reservedUnknown') : [];
    if (f.cmdline) evidence.unshift(f.cmdline.evidence);
    const mem = f.meminfo?.MemTotal?.value;
    const out: DraftOf<typeof messages>[] = [
      {
        messageId: 'misconfigured',
        data: { problems, vmOnly: problems.length === 1 && qemu.length > 0, memGiB: mem ? Math.round(mem / 1024 / 1024) : undefined },
        evidence,
        fixes: [
          // One size asked for and a boot-time shortfall: the count the kernel managed is the count that fits.
          ...(failed.length && want.size === 1
            ? cmdlineFixes(host, ID, 'Reserve only as many huge pages as the host can spare', {
                remove: [`hugepages=${[...want.values()][0]}`],
                add: [`hugepages=${FAILED.exec(failed[0]!.message)![3]}`],
              })
            : []),
          {
            id: `${ID}/plan`,
            title: 'Size the huge-page pool to the VM',
            recommended: !failed.length,
            needsReboot: true,
            needsInitramfs: false,
            warnings: [],
            steps: [
              { kind: 'manual', description: 'Choose the count from the VM memory: a 16 GiB guest needs hugepages=16 with hugepagesz=1G (or 8192 2 MiB pages), and leave several GiB for the host.' },
              { kind: 'manual', description: 'Without pdpe1gb, or when 1 GiB pages do not fit, use 2 MiB pages: drop hugepagesz=1G/default_hugepagesz=1G, or set vm.nr_hugepages with sysctl early at boot.' },
              { kind: 'verify', description: 'HugePages_Total matches the request', argv: ['grep', '-i', 'huge', '/proc/meminfo'] },
            ],
          },
        ],
      },
    ];
    return out;
  },
});

const size1g = (want: Map<number, number>) => want.has(1024 * 1024);
