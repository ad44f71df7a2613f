// The host model rules work on: facts plus what can be derived from them (IOMMU state, boot setup, targets).
import type { Facts } from '../schema/facts';
import { vfioPciBuiltinGuess } from './builtin-guess';
import { detectBootLoader, detectInitramfs, detectDistroFamily } from './boot-setup';
import { iommuState } from './iommu-state';
import { inferTargets } from './targets';
import { configuredVfioIds } from './vfio-config';
import { logSearch } from './log-index';
import { tr } from '../i18n/lang';

export type { Host, KernelVersion } from './host-model';
import type { Host } from './host-model';

export function parseKernelVersion(release: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Compare the running kernel with a mainline version: undefined when the kernel is unknown. */
export function kernelAtLeast(host: Host, major: number, minor: number): boolean | undefined {
  if (!host.kernel) return undefined;
  return host.kernel.major > major || (host.kernel.major === major && host.kernel.minor >= minor);
}

const clip = (s: string) => (s.trim().length > 100 ? `${s.trim().slice(0, 99)}…` : s.trim());

function cpuVendorOf(f: Facts): { vendor?: 'intel' | 'amd' | 'other'; reason: string } {
  if (f.cpu?.vendor) return { vendor: f.cpu.vendor, reason: tr('from /proc/cpuinfo', '来自 /proc/cpuinfo') };
  const msgs = f.kernelLog;
  if (msgs.some((l) => /^(?:DMAR|DMAR-IR): /.test(l.message) || /^kvm_intel: /.test(l.message))) return { vendor: 'intel', reason: tr('the kernel log has Intel VT-d (DMAR) lines', '内核日志中有 Intel VT-d（DMAR）的记录') };
  if (msgs.some((l) => /^AMD-Vi: |^kvm_amd: |^perf\/amd_iommu/.test(l.message))) return { vendor: 'amd', reason: tr('the kernel log has AMD-Vi lines', '内核日志中有 AMD-Vi 的记录') };
  // DMAR is Intel's VT-d table, IVRS AMD's: a firmware that has one of them tells the platform.
  if (f.acpiTables.DMAR === true && f.acpiTables.IVRS !== true) return { vendor: 'intel', reason: tr('the firmware has a DMAR (Intel VT-d) table', '固件中有 DMAR（Intel VT-d）表') };
  if (f.acpiTables.IVRS === true && f.acpiTables.DMAR !== true) return { vendor: 'amd', reason: tr('the firmware has an IVRS (AMD-Vi) table', '固件中有 IVRS（AMD-Vi）表') };
  const p = f.cmdline?.params ?? [];
  if (p.some((x) => x.key === 'intel_iommu' && x.value !== 'off')) return { vendor: 'intel', reason: tr('assumed from intel_iommu= on the command line', '根据内核命令行中的 intel_iommu= 推断') };
  if (p.some((x) => x.key === 'amd_iommu' && x.value !== 'off')) return { vendor: 'amd', reason: tr('assumed from amd_iommu= on the command line', '根据内核命令行中的 amd_iommu= 推断') };
  const host = f.pci.find((d) => d.bdf === '0000:00:00.0');
  if (host?.vendor === '8086') return { vendor: 'intel', reason: tr('the host bridge at 00:00.0 is Intel', '00:00.0 处的主桥是 Intel 的') };
  if (host?.vendor === '1022') return { vendor: 'amd', reason: tr('the host bridge at 00:00.0 is AMD', '00:00.0 处的主桥是 AMD 的') };
  // AMD's root complex, IOMMU and bridges sit on bus 00 with vendor 1022; Intel chipsets use 8086 there.
  const bus0 = f.pci.filter((d) => d.bdf.startsWith('0000:00:') && (d.classCode?.startsWith('06') || d.classCode?.startsWith('0806')));
  if (bus0.some((d) => d.vendor === '1022' || /\bAMD\b/.test(d.name ?? ''))) return { vendor: 'amd', reason: tr('the PCI bridges on bus 00 are AMD', '00 号总线上的 PCI 桥是 AMD 的') };
  if (bus0.some((d) => d.vendor === '8086' || /\bIntel\b/.test(d.name ?? ''))) return { vendor: 'intel', reason: tr('the PCI bridges on bus 00 are Intel', '00 号总线上的 PCI 桥是 Intel 的') };
  // Last and weakest: the user named the CPU in prose ("AMD CPU btw", "Ryzen 5 3600", "i7-8700K"); not when both are named.
  const amd = f.mentions['cpu-amd'];
  const intel = f.mentions['cpu-intel'];
  if (amd && !intel) return { vendor: 'amd', reason: tr(`named in prose only ("${clip(amd.text)}")`, `仅在文字中提到（"${clip(amd.text)}"）`) };
  if (intel && !amd) return { vendor: 'intel', reason: tr(`named in prose only ("${clip(intel.text)}")`, `仅在文字中提到（"${clip(intel.text)}"）`) };
  return { reason: tr('no CPU information was given', '没有提供 CPU 信息') };
}

function isVirtualMachine(f: Facts): boolean | undefined {
  const dv = f.virt.detectVirt;
  if (dv && dv !== 'none') return true;
  if (/^(QEMU|Microsoft Corporation|VMware, Inc\.|Xen|innotek GmbH|Parallels|Red Hat|Bochs)$/i.test(f.virt.dmiVendor ?? '')) return true;
  if (f.cpu?.flags?.includes('hypervisor')) return true;
  if (f.kernelLog.some((l) => /^Hypervisor detected: /.test(l.message))) return true;
  if (dv === 'none') return false;
  if (f.cpu?.flags && f.cpu.flags.length > 0) return false;
  return undefined;
}

/** Whether vfio-pci is built into the kernel: from modules.builtin, the kernel config, or a loaded module. */
function vfioPciBuiltin(facts: Facts): boolean | undefined {
  if (facts.modulesBuiltin?.includes('vfio_pci') || facts.kconfig?.VFIO_PCI === 'y') return true;
  // A modules.builtin that was read and does not name it says "module" as surely as the kernel config does.
  if (facts.kconfig?.VFIO_PCI === 'm' || facts.modulesBuiltin !== undefined) return false;
  if (facts.modulesLoaded?.includes('vfio_pci')) return false;
  return undefined;
}

export function buildHost(facts: Facts, gpuArgs: string[] = []): Host {
  const byBdf = new Map(facts.pci.map((d) => [d.bdf, d]));
  const rel = facts.kernelRelease;
  const kv = rel ? parseKernelVersion(rel.value) : undefined;
  const cpu = cpuVendorOf(facts);
  const family = detectDistroFamily(facts);
  const host: Host = {
    facts,
    kernel: rel && kv ? { release: rel.value, major: kv[0], minor: kv[1], patch: kv[2], evidence: rel.evidence } : undefined,
    cpuVendor: cpu.vendor,
    cpuVendorReason: cpu.reason,
    distroFamily: family,
    bootLoader: detectBootLoader(facts, family),
    initramfs: detectInitramfs(facts, family),
    iommu: iommuState(facts),
    targets: { gpus: [], inferred: true, reason: '' },
    vfioIds: configuredVfioIds(facts),
    vfioPciBuiltin: vfioPciBuiltin(facts),
    vfioPciBuiltinGuess: vfioPciBuiltin(facts) === undefined ? vfioPciBuiltinGuess(facts) : undefined,
    virtualMachine: isVirtualMachine(facts),
    device: (bdf) => byBdf.get(bdf),
    log: logSearch(facts.kernelLog),
    groupOf(bdf) {
      if (!facts.groups) return undefined;
      const g = byBdf.get(bdf)?.iommuGroup;
      if (g === undefined) return undefined;
      return facts.groups[String(g)];
    },
  };
  host.targets = inferTargets(host, gpuArgs);
  return host;
}
