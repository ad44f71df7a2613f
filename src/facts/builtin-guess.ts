// Is vfio-pci built in, when neither modules.builtin nor the kernel config was given? A labelled guess from the distribution.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { tr } from '../i18n/lang';

export interface BuiltinGuess {
  builtin: boolean;
  /** Says that it is a guess and what it rests on. */
  reason: string;
  evidence: Evidence[];
}

const atLeast = (v: string | undefined, y: number, m: number) => {
  const [a, b] = (v ?? '').split('.').map(Number);
  return a !== undefined && !Number.isNaN(a) && (a > y || (a === y && (b ?? 0) >= m));
};

/** What Ubuntu-built kernels of this version do with vfio-pci; undefined where nobody here could check. */
export function ubuntuKernelVfioBuiltin(major: number, minor: number): boolean | undefined {
  // 5.4 (focal) to 5.19 (kinetic): built in (eoan → focal: CONFIG_VFIO_PCI=m → =y in config.common.amd64;
  // github.com/clayfreeman/gpu-passthrough/issues/3).
  if (major < 5 || (major === 5 && minor < 4)) return false;
  if (major === 5) return true;
  // 6.2 added IOMMUFD and made VFIO depend on it (drivers/vfio/Kconfig: "depends on IOMMUFD || !IOMMUFD"), so with
  // IOMMUFD a module VFIO cannot be built in; Ubuntu's 6.5+ generic kernels ship drivers/vfio/pci/vfio-pci.ko
  // (CONFIG_VFIO_PCI=m on 6.5.0-44-generic; modinfo on 6.14 and 6.17 generic). 6.0/6.1 were never a release kernel.
  if (major > 6 || minor >= 2) return false;
  return undefined;
}

/**
 * Ubuntu's kernels build vfio-pci in from 20.04 "focal" (5.4) to 22.10 (5.19), and as a module again from 6.2 on
 * (23.04, and 22.04's hardware-enablement kernels); Pop!_OS builds its kernels from Ubuntu's configuration. The
 * kernel release decides when it is known; the release of the distribution only when it is not. Only used when the
 * kernel itself (modules.builtin, its config) was not asked.
 */
export function vfioPciBuiltinGuess(f: Facts): BuiltinGuess | undefined {
  const d = f.distro;
  const ubuntuLike = d && (d.id === 'ubuntu' || d.id === 'pop');
  const rel = f.kernelRelease;
  // "5.15.0-91-generic": an Ubuntu kernel.
  const m = rel ? /^(\d+)\.(\d+)\.\d+-\d+-(?:generic|lowlatency)\b/.exec(rel.value) : null;
  if (rel && m && (ubuntuLike || !d?.id)) {
    const builtin = ubuntuKernelVfioBuiltin(Number(m[1]), Number(m[2]));
    if (builtin === undefined) return undefined;
    return {
      builtin,
      reason: tr(
        `a guess from the kernel release ${rel.value} (an Ubuntu kernel: ${builtin ? 'from 5.4 to 5.19 vfio-pci is built in' : 'before 5.4 and from 6.2 on vfio-pci is a module'}); grep vfio_pci /lib/modules/$(uname -r)/modules.builtin would tell for sure`,
        `根据内核版本 ${rel.value} 推测（Ubuntu 内核：${builtin ? '5.4 到 5.19 把 vfio-pci 编译进了内核' : '5.4 之前以及 6.2 起 vfio-pci 是模块'}）；运行 grep vfio_pci /lib/modules/$(uname -r)/modules.builtin 可以确认`,
      ),
      evidence: [rel.evidence],
    };
  }
  if (ubuntuLike && d.versionId) {
    // 22.04 ran 5.15 but its hardware-enablement kernels are 6.2+: the release alone says "probably".
    const builtin = atLeast(d.versionId, 20, 4) && !atLeast(d.versionId, 23, 4);
    return {
      builtin,
      reason: tr(
        `a guess from the distribution (${d.name ?? d.id} ${d.versionId}): Ubuntu-built kernels have vfio-pci ${builtin ? 'built in from 20.04 (5.4) to 5.19 — a 6.2+ hardware-enablement kernel has it as a module' : 'as a module before 20.04 and from kernel 6.2 (23.04) on'}; grep vfio_pci /lib/modules/$(uname -r)/modules.builtin would tell for sure`,
        `根据发行版（${d.name ?? d.id} ${d.versionId}）推测：Ubuntu 编译的内核${builtin ? '从 20.04（5.4）到 5.19 都把 vfio-pci 编译进了内核——6.2 及以上的 HWE 内核里它是模块' : '在 20.04 之前以及从 6.2（23.04）起，vfio-pci 都是模块'}；运行 grep vfio_pci /lib/modules/$(uname -r)/modules.builtin 可以确认`,
      ),
      evidence: [d.evidence],
    };
  }
  return undefined;
}
