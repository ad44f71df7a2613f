// Small /proc and /sys facts: command line, CPU, modules, kernel release and build options, IOMMU, DMI, KVM.
import { escapeLine } from '../text/sanitize';
import type { RawSource } from '../schema/raw-source';
import { syncTwin, type HostIO } from './io';

/** The first processor block of /proc/cpuinfo is enough: flags repeat per CPU. */
export function firstCpu(text: string): string {
  const blocks = text.split(/\n\s*\n/);
  return (blocks[0] ?? text).trim();
}

const KCONFIG_KEEP = /^(?:# )?CONFIG_(?:INTEL_IOMMU\w*|AMD_IOMMU\w*|IOMMU_\w+|IRQ_REMAP|VFIO\w*|PCI_STUB|SYSFB\w*|DRM_SIMPLEDRM|FB_EFI|FB_VESA|FB_SIMPLE|SECURITY_DMESG_RESTRICT|KALLSYMS|KVM\w*|AMD_MEM_ENCRYPT\w*|HYPERVISOR_GUEST)[= ]/;

/** What is read of a kernel config, plain or gunzipped: a real one is a few hundred KB. */
const MAX_CONFIG = 16 * 1024 * 1024;

export async function kernelConfig(io: HostIO, release: string | undefined): Promise<RawSource | undefined> {
  const paths = release ? [`/boot/config-${release}`, `/lib/modules/${release}/config`, `/usr/lib/modules/${release}/config`] : [];
  for (const p of paths) {
    const t = await io.readFile(p, MAX_CONFIG).catch(() => undefined);
    if (t) return { source: p, kind: 'kconfig', text: filterConfig(t) };
  }
  const gz = await io.readBytes('/proc/config.gz', 4 * 1024 * 1024).catch(() => undefined);
  if (gz) {
    try {
      // Loaded on use: a sysroot seldom has one (cli/v8-tuning.ts loads it ahead for a live host, which often does).
      // Inflated up to the cap only (past it zlib throws: unknown): a sysroot's 4 MB of gzip could inflate to gigabytes.
      const text = process.getBuiltinModule('node:zlib').gunzipSync(gz, { maxOutputLength: MAX_CONFIG }).toString('utf8');
      return { source: '/proc/config.gz', kind: 'kconfig', text: filterConfig(text) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function filterConfig(t: string): string {
  return t
    .split('\n')
    .filter((l) => KCONFIG_KEEP.test(l))
    .join('\n');
}

const BUILTIN_KEEP = /vfio|kvm|pci-stub|nouveau|amdgpu|radeon|i915|\/xe\.ko|nvidia|snd-hda-intel|xhci|simpledrm|efifb|vesafb|simplefb|iommu/;

export async function modulesBuiltin(io: HostIO, release: string | undefined): Promise<RawSource | undefined> {
  if (!release) return undefined;
  for (const p of [`/lib/modules/${release}/modules.builtin`, `/usr/lib/modules/${release}/modules.builtin`]) {
    const t = await io.readFile(p, 4 * 1024 * 1024).catch(() => undefined);
    if (t !== undefined)
      return {
        source: p,
        kind: 'modules-builtin',
        text: t
          .split('\n')
          .filter((l) => BUILTIN_KEEP.test(l))
          .join('\n'),
      };
  }
  return undefined;
}

/** /sys/kernel/iommu_groups as `find` lines, and each listed function's group; undefined when the folder is missing. */
export async function iommuGroups(io: HostIO): Promise<{ text: string; groups: number; members: Map<string, string>; listed: [string, string][] } | undefined> {
  const groups = await io.readDir('/sys/kernel/iommu_groups');
  if (!groups) return undefined;
  const lines: string[] = [];
  /** Each line's group and function, for the facts (no parsing of the lines back). */
  const pairs: [string, string][] = [];
  const members = new Map<string, string>();
  const twice = new Set<string>();
  const numbered = groups.filter((x) => /^\d+$/.test(x)).sort((a, b) => Number(a) - Number(b));
  const add = (g: string, listed: readonly string[]) => {
    for (let k = 0; k < listed.length; k++) {
      const d = listed[k]!;
      // One line per function, whatever its folder's name holds (text/sanitize.ts).
      lines.push(escapeLine(`/sys/kernel/iommu_groups/${g}/devices/${d}`));
      pairs.push([g, d]);
      if (members.has(d) && members.get(d) !== g) twice.add(d);
      members.set(d, g);
    }
  };
  const readDirSync = syncTwin(io.readDir);
  if (readDirSync) {
    // A sysroot answers at once: no promise per group (a big server has hundreds).
    for (const g of numbered) {
      let listed: string[] | undefined;
      try {
        listed = readDirSync(`/sys/kernel/iommu_groups/${g}/devices`);
      } catch {
        listed = undefined;
      }
      add(g, listed ?? []);
    }
  } else {
    // Read the groups' folders a few dozen at a time (a big server has hundreds), listing them in order.
    for (let i = 0; i < numbered.length; i += 32) {
      const batch = numbered.slice(i, i + 32);
      const listed = await Promise.all(batch.map(async (g) => (await io.readDir(`/sys/kernel/iommu_groups/${g}/devices`).catch(() => undefined)) ?? []));
      batch.forEach((g, j) => add(g, listed[j]!));
    }
  }
  // A function listed in two groups (only a hand-made tree can say so) is left to its own iommu_group link.
  for (const d of twice) members.delete(d);
  return { text: lines.join('\n'), groups: groups.length, members, listed: pairs };
}

/** /sys/kernel/mm/hugepages as `PATH:VALUE` lines (the shape of `grep . …/nr_hugepages`); undefined when absent. */
export async function hugepagesSysfs(io: HostIO): Promise<string | undefined> {
  const sizes = await io.readDir('/sys/kernel/mm/hugepages').catch(() => undefined);
  if (!sizes) return undefined;
  const lines: string[] = [];
  for (const s of sizes.filter((x) => /^hugepages-\d+kB$/.test(x)).sort()) {
    for (const f of ['nr_hugepages', 'free_hugepages']) {
      const v = await readTrim(io, `/sys/kernel/mm/hugepages/${s}/${f}`);
      if (v !== undefined && /^\d+$/.test(v)) lines.push(`/sys/kernel/mm/hugepages/${s}/${f}:${v}`);
    }
  }
  return lines.length ? lines.join('\n') : undefined;
}

export async function readTrim(io: HostIO, path: string): Promise<string | undefined> {
  try {
    return (await io.readFile(path, 65536))?.trim();
  } catch {
    return undefined;
  }
}
