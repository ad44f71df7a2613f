// Last pass over a finding's fixes, the same for every rule: drop plans this kernel cannot carry out, say sudo where a
// check needs root, and copy a rebuilt initramfs to the ESP on systemd-boot hosts whose entries kernel-install makes.
import type { Fix, FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import { loaderEntries } from '../../facts/boot-setup';
import { kernelInstallStep } from './cmdline';
import { tr } from '../../i18n/lang';

/** Kernel config symbols a module needs (all of them): `# CONFIG_KVM_AMD is not set` means there is no kvm_amd to load. */
const KCONFIG_OF: Record<string, string[]> = {
  kvm: ['KVM'],
  kvm_intel: ['KVM', 'KVM_INTEL'],
  kvm_amd: ['KVM', 'KVM_AMD'],
  vfio: ['VFIO'],
  vfio_pci: ['VFIO', 'VFIO_PCI'],
  vfio_pci_core: ['VFIO', 'VFIO_PCI_CORE'],
  vfio_iommu_type1: ['VFIO', 'VFIO_IOMMU_TYPE1'],
  pci_stub: ['PCI_STUB'],
  vhost_net: ['VHOST_NET'],
};

const mod = (m: string) => m.trim().replace(/-/g, '_');

/** Modules a step loads: `modprobe X`, lines of modules-load.d / /etc/modules / initramfs-tools modules, booster's force-load list. */
export function modulesLoadedBy(step: FixStep): string[] {
  if (step.kind === 'command' && step.argv[0] === 'modprobe') {
    if (step.argv.some((a) => /^(-r|--remove|-n|--dry-run|--show-depends|-D|--show|-c|--showconfig)$/.test(a))) return [];
    const names = step.argv.slice(1).filter((a) => !a.startsWith('-'));
    return names.length ? [mod(names[0]!)] : []; // modprobe NAME [param=value…]
  }
  if (step.kind === 'edit' && step.op?.type === 'append-lines' && /^\/etc\/(modules-load\.d\/[^/]+\.conf|modules|initramfs-tools\/modules)$/.test(step.path))
    return step.op.lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => mod(l.split(/\s+/)[0]!));
  if (step.kind === 'edit' && step.op?.type === 'key-list' && step.op.key === 'modules_force_load') return step.op.values.map(mod);
  return [];
}

/** Why this kernel cannot load the module (its config says a needed option is not set), or undefined when it may. */
export function moduleAbsent(host: Host, module: string): string | undefined {
  const cfg = host.facts.kconfig;
  if (!cfg) return undefined;
  const off = (KCONFIG_OF[module] ?? []).find((sym) => cfg[sym] === 'n');
  return off ? tr(`this kernel was built without ${module} (CONFIG_${off} is not set)`, `这个内核编译时没有包含 ${module}（CONFIG_${off} 未设置）`) : undefined;
}

/** Checks that read what only root may read. dmesg is root-only under kernel.dmesg_restrict=1 (Debian's and Ubuntu's default). */
function needsRoot(host: Host, argv: string[]): boolean {
  if (/^(lsinitramfs|lsinitrd|lsinitcpio|unmkinitramfs)$/.test(argv[0] ?? '')) return true;
  const readsLog = argv[0] === 'dmesg' || (argv[0] === 'sh' && argv[1] === '-c' && /(^|[|;&\s])dmesg\b/.test(argv[2] ?? ''));
  return readsLog && host.facts.dmesgRestrict !== false;
}

const REBUILD = /^(update-initramfs|mkinitcpio|dracut|\/usr\/lib\/booster\/regenerate_images)$/;

/**
 * NixOS generates /etc/modprobe.d/nixos.conf from boot.extraModprobeConfig and /etc/modules-load.d from
 * boot.kernelModules (read-only store links; stage-1.nix also copies modprobe.d/nixos.conf into the initrd): an edit
 * of either becomes the configuration.nix change that produces it.
 */
function nixosEquivalent(st: FixStep): FixStep {
  if (st.kind !== 'edit' || !st.op) return st;
  const modprobe = st.path.startsWith('/etc/modprobe.d/');
  const modulesLoad = st.path.startsWith('/etc/modules-load.d/');
  if (!modprobe && !modulesLoad) return st;
  const op = st.op;
  let what: string | undefined;
  if (modprobe && op.type === 'append-lines') what = tr(`add to boot.extraModprobeConfig: ${op.lines.map((l) => `"${l}"`).join(', ')}`, `向 boot.extraModprobeConfig 添加：${op.lines.map((l) => `"${l}"`).join(', ')}`);
  else if (modprobe && op.type === 'modprobe-option')
    what = tr(
      `in boot.extraModprobeConfig, set ${op.param}=${op.value} on the "options ${op.module}" line (add the line if there is none)`,
      `在 boot.extraModprobeConfig 的 "options ${op.module}" 行上设置 ${op.param}=${op.value}（没有这一行就加上）`,
    );
  else if (modprobe && op.type === 'remove-lines')
    what = tr(
      `remove from boot.extraModprobeConfig the lines this plan would remove from ${st.path} (${st.description.toLowerCase()})`,
      `从 boot.extraModprobeConfig 中删除本方案原本要从 ${st.path} 删除的行（${st.description}）`,
    );
  else if (modulesLoad && op.type === 'append-lines') what = tr(`add to boot.kernelModules: ${op.lines.map((l) => `"${l}"`).join(' ')}`, `向 boot.kernelModules 添加：${op.lines.map((l) => `"${l}"`).join(' ')}`);
  if (!what) return st;
  return {
    kind: 'manual',
    description: tr(
      `${st.description} — on NixOS ${st.path} is generated: in /etc/nixos/configuration.nix, ${what}; then nixos-rebuild boot.`,
      `${st.description}——在 NixOS 上 ${st.path} 是自动生成的：请在 /etc/nixos/configuration.nix 中${what}，然后运行 nixos-rebuild boot。`,
    ),
  };
}

/** The fix as it should be shown for this host, or undefined with the reason it cannot work here. */
export function finishFix(host: Host, fix: Fix): { fix?: Fix; dropped?: string } {
  for (const st of fix.steps)
    for (const m of modulesLoadedBy(st)) {
      const why = moduleAbsent(host, m);
      if (why) return { dropped: why };
    }
  let steps = fix.steps.map((st) => (st.kind === 'verify' && st.argv && !st.root && needsRoot(host, st.argv) ? { ...st, root: true } : st));
  if (host.initramfs.value === 'nixos') steps = steps.map(nixosEquivalent);
  const isRebuild = (s: FixStep) => s.kind === 'command' && REBUILD.test(s.argv[0] ?? '');
  const isKernelInstall = (s: FixStep) => (s.kind === 'command' && s.argv[0] === 'kernel-install') || (s.kind === 'manual' && /kernel-install add/.test(s.description));
  const lastRebuild = steps.map(isRebuild).lastIndexOf(true);
  if (lastRebuild >= 0 && host.bootLoader.value === 'systemd-boot' && loaderEntries(host.facts).style !== 'hand-written' && !steps.slice(lastRebuild + 1).some(isKernelInstall)) {
    // kernel-install entries boot a copy of the initrd on the ESP (/<token>/<version>/initrd): refresh it after the
    // rebuild. One run after the rebuild also writes a changed /etc/kernel/cmdline, so an earlier run is dropped.
    const earlier = steps.slice(0, lastRebuild).some(isKernelInstall);
    const why = earlier
      ? tr('Rewrite the boot entry from /etc/kernel/cmdline and copy the rebuilt initramfs to the ESP', '根据 /etc/kernel/cmdline 重写启动项，并把重新生成的 initramfs 复制到 ESP')
      : tr('Copy the rebuilt initramfs into the boot entry on the ESP', '把重新生成的 initramfs 复制到 ESP 上的启动项中');
    const before = steps.slice(0, lastRebuild + 1).filter((s) => !isKernelInstall(s));
    steps = [...before, kernelInstallStep(host, why), ...steps.slice(lastRebuild + 1)];
  }
  return { fix: { ...fix, steps } };
}

/** Every fix finished; the reasons for the ones dropped, for the finding's message. */
export function finishFixes(host: Host, fixes: Fix[]): { fixes: Fix[]; dropped: string[] } {
  const out: Fix[] = [];
  const dropped: string[] = [];
  for (const f of fixes) {
    const r = finishFix(host, f);
    if (r.fix) out.push(r.fix);
    else if (r.dropped && !dropped.includes(r.dropped)) dropped.push(r.dropped);
  }
  // The recommended variant may have been dropped: the first left takes its place.
  if (out.length && !out.some((f) => f.recommended) && fixes.some((f) => f.recommended)) out[0] = { ...out[0]!, recommended: true };
  return { fixes: out, dropped };
}
