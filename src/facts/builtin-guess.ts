// Is vfio-pci built in, when neither modules.builtin nor the kernel config was given? A labelled guess from the distribution.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';

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

/**
 * Ubuntu's kernels build vfio-pci in since 20.04 "focal" (debian.master/config/amd64/config.common.amd64 went from
 * CONFIG_VFIO_PCI=m to =y between eoan and focal; github.com/clayfreeman/gpu-passthrough/issues/3), and Pop!_OS
 * builds its kernels from Ubuntu's configuration. Only used when the kernel itself was not asked.
 */
export function vfioPciBuiltinGuess(f: Facts): BuiltinGuess | undefined {
  const d = f.distro;
  const ubuntuLike = d && (d.id === 'ubuntu' || d.id === 'pop');
  if (ubuntuLike && d.versionId) {
    const builtin = atLeast(d.versionId, 20, 4);
    return {
      builtin,
      reason: `a guess from the distribution (${d.name ?? d.id} ${d.versionId}): Ubuntu-built kernels have vfio-pci ${builtin ? 'built in since 20.04' : 'as a module before 20.04'}; grep vfio_pci /lib/modules/$(uname -r)/modules.builtin would tell for sure`,
      evidence: [d.evidence],
    };
  }
  const rel = f.kernelRelease;
  // "5.15.0-91-generic": an Ubuntu kernel; focal shipped 5.4.
  const m = rel ? /^(\d+)\.(\d+)\.\d+-\d+-(?:generic|lowlatency)\b/.exec(rel.value) : null;
  if (rel && m && !d?.id) {
    const builtin = Number(m[1]) > 5 || (Number(m[1]) === 5 && Number(m[2]) >= 4);
    return {
      builtin,
      reason: `a guess from the kernel release ${rel.value} (an Ubuntu kernel${builtin ? ', 20.04 or later, where vfio-pci is built in' : ' older than 20.04, where vfio-pci is a module'}); grep vfio_pci /lib/modules/$(uname -r)/modules.builtin would tell for sure`,
      evidence: [rel.evidence],
    };
  }
  return undefined;
}
