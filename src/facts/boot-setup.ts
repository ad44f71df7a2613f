// Which boot loader and initramfs generator the host uses, from evidence first and the distribution second.
import type { Facts, BootLoader, InitramfsGenerator } from '../schema/facts';
import type { Evidence } from '../schema/evidence';

export type DistroFamily = 'debian' | 'ubuntu' | 'proxmox' | 'pop' | 'arch' | 'fedora' | 'suse' | 'nixos' | 'gentoo' | 'void' | 'other';

export interface Detection<T> {
  /** The detected value; undefined when only candidates are known. */
  value?: T;
  /** Likeliest first; always non-empty. */
  candidates: T[];
  reason: string;
  evidence: Evidence[];
}

const has = (f: Facts, re: RegExp) => f.paths.some((p) => re.test(p)) || f.configFiles.some((c) => re.test(c.path));

export function detectDistroFamily(f: Facts): DistroFamily | undefined {
  const rel = f.kernelRelease?.value ?? '';
  if (/-pve\b/.test(rel)) return 'proxmox';
  const d = f.distro;
  const ids = [d?.id ?? '', ...(d?.idLike ?? [])];
  if (ids.includes('pop')) return 'pop';
  if (ids.includes('nixos') || has(f, /^\/etc\/NIXOS$/)) return 'nixos';
  if (ids.includes('ubuntu') && d?.id === 'ubuntu') return 'ubuntu';
  if (d?.id === 'linuxmint' || d?.id === 'elementary' || d?.id === 'zorin') return 'ubuntu';
  if (ids.includes('arch')) return 'arch';
  if (ids.some((x) => ['fedora', 'rhel', 'centos', 'rocky', 'almalinux'].includes(x))) return 'fedora';
  if (ids.some((x) => x.startsWith('opensuse') || x === 'suse' || x === 'sles')) return 'suse';
  if (ids.includes('gentoo')) return 'gentoo';
  if (ids.includes('void')) return 'void';
  if (ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  if (d?.id) return 'other';
  if (/-generic\b|-lowlatency\b/.test(rel)) return 'ubuntu';
  if (/-(?:amd64|cloud-amd64|rt-amd64)\b|\+deb\d/.test(rel)) return 'debian';
  if (/-arch\d|-zen\d|-lts\b|-hardened\d|cachyos|MANJARO|-endeavour/i.test(rel)) return 'arch';
  if (/\.fc\d+\.|\.el\d+/.test(rel)) return 'fedora';
  if (/-default\b/.test(rel)) return 'suse';
  return undefined;
}

/** Ubuntu 25.10 and later install with dracut. */
function ubuntuUsesDracut(f: Facts): boolean {
  const v = f.distro?.id === 'ubuntu' ? f.distro.versionId : undefined;
  if (!v) return false;
  const [y, m] = v.split('.').map(Number);
  return (y ?? 0) > 25 || (y === 25 && (m ?? 0) >= 10);
}

export function detectBootLoader(f: Facts, family: DistroFamily | undefined): Detection<BootLoader> {
  const ev: Evidence[] = [];
  const c = f.cmdline;
  if (has(f, /^\/etc\/NIXOS$/) || family === 'nixos') return { value: 'nixos', candidates: ['nixos'], reason: 'NixOS', evidence: ev };
  if (has(f, /^\/etc\/kernel\/proxmox-boot-uuids$/) && !c?.params.some((p) => p.key === 'boot_image')) {
    if (f.kernelCmdlineFile || has(f, /^\/etc\/kernel\/cmdline$/))
      return { value: 'proxmox-boot-tool', candidates: ['proxmox-boot-tool'], reason: '/etc/kernel/proxmox-boot-uuids and /etc/kernel/cmdline exist (Proxmox systemd-boot)', evidence: ev };
  }
  if (has(f, /^\/etc\/kernelstub\/configuration$/) || family === 'pop')
    return { value: 'kernelstub', candidates: ['kernelstub'], reason: family === 'pop' ? 'Pop!_OS manages the command line with kernelstub' : '/etc/kernelstub/configuration exists', evidence: ev };
  const bootImage = c?.params.find((p) => p.key === 'boot_image');
  const grubFile = has(f, /^\/etc\/default\/grub$/) || !!f.grubVars;
  const kcmd = !!f.kernelCmdlineFile || has(f, /^\/etc\/kernel\/cmdline$/);
  const bls = has(f, /^\/boot\/loader\/entries\//);
  const grubKind = (): BootLoader => (family === 'fedora' || (bls && family !== 'arch' && family !== 'debian' && family !== 'ubuntu' && family !== 'proxmox') ? 'grub-bls' : 'grub');
  const sdKind = (): BootLoader => (family === 'proxmox' ? 'proxmox-boot-tool' : 'systemd-boot');
  if (c) {
    // The running command line is the best witness: GRUB adds BOOT_IMAGE=, systemd-boot does not.
    if (bootImage) {
      const v = grubKind();
      return { value: v, candidates: [v], reason: `the running command line has BOOT_IMAGE=, which GRUB adds${v === 'grub-bls' ? '; this distribution uses GRUB with BLS entries (grubby)' : ''}`, evidence: [c.evidence] };
    }
    if (kcmd) return { value: sdKind(), candidates: [sdKind()], reason: '/etc/kernel/cmdline exists and the running command line has no BOOT_IMAGE= (not GRUB)', evidence: [c.evidence] };
    if (/initrd=\\/.test(c.raw)) return { value: sdKind(), candidates: [sdKind()], reason: 'the command line has an EFI-style initrd=\\… path and no BOOT_IMAGE=, as systemd-boot boots', evidence: [c.evidence] };
  }
  if (grubFile && !kcmd) return { value: grubKind(), candidates: [grubKind()], reason: '/etc/default/grub is present', evidence: ev };
  if (kcmd && !grubFile) return { value: sdKind(), candidates: [sdKind()], reason: '/etc/kernel/cmdline is present and GRUB is not configured', evidence: ev };
  if (kcmd && grubFile) return { candidates: [sdKind(), grubKind()], reason: 'both /etc/default/grub and /etc/kernel/cmdline exist; the running command line decides (paste /proc/cmdline)', evidence: ev };
  // Arch, like every other family, uses GRUB or systemd-boot.
  const cands: BootLoader[] = family === 'proxmox' ? ['grub', 'proxmox-boot-tool'] : family === 'fedora' ? ['grub-bls'] : ['grub', 'systemd-boot'];
  return { candidates: cands, reason: 'not enough evidence; showing the likeliest boot loaders for this host', evidence: ev };
}

export function detectInitramfs(f: Facts, family: DistroFamily | undefined): Detection<InitramfsGenerator> {
  const ev: Evidence[] = [];
  if (has(f, /^\/etc\/NIXOS$/) || family === 'nixos') return { value: 'nixos', candidates: ['nixos'], reason: 'NixOS', evidence: ev };
  if (has(f, /^\/etc\/booster\.yaml$/)) return { value: 'booster', candidates: ['booster'], reason: '/etc/booster.yaml exists', evidence: ev };
  const built = f.buildMessages.find((m) => m.tool === 'mkinitcpio' || m.tool === 'dracut');
  if (built) return { value: built.tool as InitramfsGenerator, candidates: [built.tool as InitramfsGenerator], reason: `${built.tool} output was pasted`, evidence: [built.evidence] };
  if (has(f, /^\/etc\/mkinitcpio\.conf(?:\.d\/.*)?$/)) return { value: 'mkinitcpio', candidates: ['mkinitcpio'], reason: '/etc/mkinitcpio.conf exists', evidence: ev };
  const dracut = has(f, /^\/etc\/dracut\.conf(?:\.d\/.*)?$/);
  const itools = has(f, /^\/etc\/initramfs-tools\//);
  if (dracut && !itools) return { value: 'dracut', candidates: ['dracut'], reason: 'dracut configuration exists', evidence: ev };
  if (itools && !dracut) return { value: 'initramfs-tools', candidates: ['initramfs-tools'], reason: '/etc/initramfs-tools exists', evidence: ev };
  if (family === 'ubuntu' && ubuntuUsesDracut(f)) return { value: 'dracut', candidates: ['dracut', 'initramfs-tools'], reason: 'Ubuntu 25.10 and later use dracut', evidence: ev };
  if (dracut && itools) return { value: 'initramfs-tools', candidates: ['initramfs-tools', 'dracut'], reason: 'both initramfs-tools and dracut configuration exist', evidence: ev };
  switch (family) {
    case 'debian':
    case 'ubuntu':
    case 'proxmox':
    case 'pop':
      return { value: 'initramfs-tools', candidates: ['initramfs-tools'], reason: `${family} builds its initramfs with initramfs-tools`, evidence: ev };
    case 'arch':
      return { value: 'mkinitcpio', candidates: ['mkinitcpio', 'dracut', 'booster'], reason: 'Arch-based systems use mkinitcpio by default', evidence: ev };
    case 'fedora':
    case 'suse':
      return { value: 'dracut', candidates: ['dracut'], reason: `${family} builds its initramfs with dracut`, evidence: ev };
  }
  return { candidates: ['initramfs-tools', 'mkinitcpio', 'dracut'], reason: 'not enough evidence; showing the likeliest initramfs generators', evidence: ev };
}
