// Which boot loader and initramfs generator the host uses, from evidence first and the distribution second.
import type { Facts, BootLoader, InitramfsGenerator } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { GENERATOR_PROGRAMS } from '../schema/generator-programs';
import { tr } from '../i18n/lang';

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

/**
 * A host whose ESPs proxmox-boot-tool keeps in sync (/etc/kernel/proxmox-boot-uuids lists them) boots them with
 * systemd-boot or GRUB. Verified against pve-docs system-booting.adoc ("Editing the Kernel Commandline": GRUB reads
 * GRUB_CMDLINE_LINUX_DEFAULT of /etc/default/grub, systemd-boot the one line of /etc/kernel/cmdline, which
 * `proxmox-boot-tool refresh` writes as the options line of loader/entries/proxmox-*.conf; ZFS on UEFI without Secure
 * Boot gets systemd-boot, Secure Boot and legacy BIOS get GRUB) and proxmox-kernel-helper's zz-proxmox-boot hook (GRUB
 * ESPs: grub-mkconfig from /etc/default/grub; systemd-boot ESPs: /etc/kernel/cmdline, else "No /etc/kernel/cmdline found -
 * falling back to /proc/cmdline" without initrd=). The running command line tells them apart: GRUB adds BOOT_IMAGE=.
 * Here the loader "grub" on such a host regenerates with `proxmox-boot-tool refresh` (engine/fixes/cmdline.ts).
 */
function detectProxmoxBootTool(f: Facts): Detection<BootLoader> | undefined {
  const c = f.cmdline;
  const kcmd = !!f.kernelCmdlineFile || has(f, /^\/etc\/kernel\/cmdline$/);
  const grubFile = has(f, /^\/etc\/default\/grub$/) || !!f.grubVars;
  if (c?.params.some((p) => p.key === 'boot_image'))
    return { value: 'grub', candidates: ['grub'], reason: tr('proxmox-boot-tool syncs the ESPs (/etc/kernel/proxmox-boot-uuids) and the running command line has BOOT_IMAGE=, which GRUB adds: GRUB reads /etc/default/grub', 'proxmox-boot-tool 同步各 ESP（/etc/kernel/proxmox-boot-uuids），且当前内核命令行带有 GRUB 才会加的 BOOT_IMAGE=:GRUB 读取 /etc/default/grub'), evidence: [c.evidence] };
  if (c)
    return { value: 'proxmox-boot-tool', candidates: ['proxmox-boot-tool'], reason: tr(`proxmox-boot-tool syncs the ESPs (/etc/kernel/proxmox-boot-uuids) and the running command line has no BOOT_IMAGE= (systemd-boot)${kcmd ? '' : '; without /etc/kernel/cmdline it copies /proc/cmdline'}`, `proxmox-boot-tool 同步各 ESP（/etc/kernel/proxmox-boot-uuids），且当前内核命令行没有 BOOT_IMAGE=(systemd-boot)${kcmd ? '' : '；没有 /etc/kernel/cmdline 时它会复制 /proc/cmdline'}`), evidence: [c.evidence] };
  if (kcmd && !grubFile) return { value: 'proxmox-boot-tool', candidates: ['proxmox-boot-tool'], reason: tr('/etc/kernel/proxmox-boot-uuids and /etc/kernel/cmdline exist and GRUB is not configured (Proxmox systemd-boot)', '/etc/kernel/proxmox-boot-uuids 和 /etc/kernel/cmdline 都存在，且没有配置 GRUB(Proxmox 的 systemd-boot)'), evidence: [] };
  if (grubFile && !kcmd) return { value: 'grub', candidates: ['grub'], reason: tr('/etc/kernel/proxmox-boot-uuids exists and only /etc/default/grub holds a command line (GRUB on the synced ESPs)', '/etc/kernel/proxmox-boot-uuids 存在，且只有 /etc/default/grub 里有内核命令行（同步的 ESP 上是 GRUB）'), evidence: [] };
  return { candidates: ['proxmox-boot-tool', 'grub'], reason: tr('proxmox-boot-tool syncs the ESPs, with systemd-boot or GRUB (Secure Boot, legacy BIOS); /proc/cmdline decides (GRUB adds BOOT_IMAGE=), or `proxmox-boot-tool status`', 'proxmox-boot-tool 同步各 ESP，用的是 systemd-boot 或 GRUB（安全启动、传统 BIOS）；看 /proc/cmdline 可以判断（GRUB 会加 BOOT_IMAGE=），或运行 `proxmox-boot-tool status`'), evidence: [] };
}

/** Whether proxmox-boot-tool keeps the ESPs in sync: then `update-grub` alone does not reach the grub.cfg they boot. */
export const proxmoxBootToolSyncs = (f: Facts) => has(f, /^\/etc\/kernel\/proxmox-boot-uuids$/);

export function detectBootLoader(f: Facts, family: DistroFamily | undefined): Detection<BootLoader> {
  const ev: Evidence[] = [];
  const c = f.cmdline;
  if (has(f, /^\/etc\/NIXOS$/) || family === 'nixos') return { value: 'nixos', candidates: ['nixos'], reason: 'NixOS', evidence: ev };
  if (has(f, /^\/etc\/kernel\/proxmox-boot-uuids$/)) {
    const d = detectProxmoxBootTool(f);
    if (d) return d;
  }
  if (has(f, /^\/etc\/kernelstub\/configuration$/) || family === 'pop')
    return { value: 'kernelstub', candidates: ['kernelstub'], reason: family === 'pop' ? tr('Pop!_OS manages the command line with kernelstub', 'Pop!_OS 用 kernelstub 管理内核命令行') : tr('/etc/kernelstub/configuration exists', '/etc/kernelstub/configuration 存在'), evidence: ev };
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
      return { value: v, candidates: [v], reason: tr(`the running command line has BOOT_IMAGE=, which GRUB adds${v === 'grub-bls' ? '; this distribution uses GRUB with BLS entries (grubby)' : ''}`, `当前内核命令行带有 GRUB 才会加的 BOOT_IMAGE=${v === 'grub-bls' ? '；这个发行版用的是带 BLS 条目的 GRUB(grubby)' : ''}`), evidence: [c.evidence] };
    }
    if (kcmd) return { value: sdKind(), candidates: [sdKind()], reason: tr('/etc/kernel/cmdline exists and the running command line has no BOOT_IMAGE= (not GRUB)', '/etc/kernel/cmdline 存在，且当前内核命令行没有 BOOT_IMAGE=(不是 GRUB)'), evidence: [c.evidence] };
    if (/initrd=\\/.test(c.raw)) return { value: sdKind(), candidates: [sdKind()], reason: tr('the command line has an EFI-style initrd=\\… path and no BOOT_IMAGE=, as systemd-boot boots', '内核命令行带有 EFI 风格的 initrd=\\… 路径且没有 BOOT_IMAGE=，正是 systemd-boot 启动的样子'), evidence: [c.evidence] };
  }
  if (grubFile && !kcmd) return { value: grubKind(), candidates: [grubKind()], reason: tr('/etc/default/grub is present', '/etc/default/grub 存在'), evidence: ev };
  if (kcmd && !grubFile) return { value: sdKind(), candidates: [sdKind()], reason: tr('/etc/kernel/cmdline is present and GRUB is not configured', '/etc/kernel/cmdline 存在，且没有配置 GRUB'), evidence: ev };
  if (kcmd && grubFile) return { candidates: [sdKind(), grubKind()], reason: tr('both /etc/default/grub and /etc/kernel/cmdline exist; the running command line decides (paste /proc/cmdline)', '/etc/default/grub 和 /etc/kernel/cmdline 都存在；要看当前的内核命令行才能判断（请粘贴 /proc/cmdline）'), evidence: ev };
  // Arch, like every other family, uses GRUB or systemd-boot.
  const cands: BootLoader[] = family === 'proxmox' ? ['grub', 'proxmox-boot-tool'] : family === 'fedora' ? ['grub-bls'] : ['grub', 'systemd-boot'];
  return { candidates: cands, reason: tr('not enough evidence; showing the likeliest boot loaders for this host', '依据不足；列出这台宿主机最可能使用的引导加载程序'), evidence: ev };
}

/** Generators whose program is installed (collect/configs.ts stats them); undefined when the input does not say (not collected, or no program seen). */
function installedGenerators(f: Facts): InitramfsGenerator[] | undefined {
  if (!f.collected) return undefined;
  const found = [...new Set(GENERATOR_PROGRAMS.filter(([, path]) => f.paths.includes(path)).map(([g]) => g))];
  // A collection that saw none of them (an older bundle, an unusual layout) says nothing: fall back to configuration.
  return found.length ? found : undefined;
}

export function detectInitramfs(f: Facts, family: DistroFamily | undefined): Detection<InitramfsGenerator> {
  const ev: Evidence[] = [];
  if (has(f, /^\/etc\/NIXOS$/) || family === 'nixos') return { value: 'nixos', candidates: ['nixos'], reason: 'NixOS', evidence: ev };
  const installed = installedGenerators(f);
  const byConfig = detectFromConfig(f, family);
  if (!installed) return byConfig;
  const program = (g: InitramfsGenerator) => GENERATOR_PROGRAMS.filter(([x, p]) => x === g && f.paths.includes(p)).map(([, p]) => p)[0]!;
  if (installed.length === 1) {
    const g = installed[0]!;
    return { value: g, candidates: [g], reason: tr(`${program(g)} is installed (the only initramfs generator installed)`, `已安装 ${program(g)}（唯一安装的 initramfs 生成工具）`), evidence: ev };
  }
  // Several installed (Arch can have mkinitcpio, dracut and booster side by side): configuration decides among them.
  const among = [...byConfig.candidates.filter((g) => installed.includes(g)), ...installed.filter((g) => !byConfig.candidates.includes(g))];
  if (byConfig.value && installed.includes(byConfig.value))
    return { ...byConfig, candidates: [byConfig.value, ...among.filter((g) => g !== byConfig.value)], reason: tr(`${byConfig.reason}; installed: ${installed.join(', ')}`, `${byConfig.reason}；已安装：${installed.join('、')}`) };
  return { candidates: among, reason: tr(`several initramfs generators are installed (${installed.join(', ')}) and the configuration does not say which one builds the image`, `安装了多个 initramfs 生成工具（${installed.join('、')}），配置中看不出镜像由哪一个生成`), evidence: ev };
}

const LISTER_OF: Record<'lsinitramfs' | 'lsinitcpio' | 'lsinitrd', InitramfsGenerator> = { lsinitramfs: 'initramfs-tools', lsinitcpio: 'mkinitcpio', lsinitrd: 'dracut' };

function detectFromConfig(f: Facts, family: DistroFamily | undefined): Detection<InitramfsGenerator> {
  const ev: Evidence[] = [];
  if (has(f, /^\/etc\/booster\.yaml$/)) return { value: 'booster', candidates: ['booster'], reason: tr('/etc/booster.yaml exists', '/etc/booster.yaml 存在'), evidence: ev };
  const built = f.buildMessages.find((m) => m.tool === 'mkinitcpio' || m.tool === 'dracut');
  if (built) return { value: built.tool as InitramfsGenerator, candidates: [built.tool as InitramfsGenerator], reason: tr(`${built.tool} output was pasted`, `粘贴的内容里有 ${built.tool} 的输出`), evidence: [built.evidence] };
  // Each listing tool ships with its own generator: lsinitrd with dracut (lsinitrd.sh), lsinitcpio with mkinitcpio,
  // lsinitramfs with initramfs-tools. One tool named (not two) says which generator built the image the user listed.
  const listers = new Set((f.initramfsListings ?? []).map((l) => l.tool).filter((t) => t !== undefined));
  if (listers.size === 1) {
    const listing = f.initramfsListings!.find((l) => l.tool)!;
    const g = LISTER_OF[listing.tool!];
    return { value: g, candidates: [g], reason: tr(`the image was listed with ${listing.tool}, ${g}'s tool`, `镜像是用 ${listing.tool}（${g} 的工具）列出的`), evidence: [listing.evidence] };
  }
  if (has(f, /^\/etc\/mkinitcpio\.conf(?:\.d\/.*)?$/)) return { value: 'mkinitcpio', candidates: ['mkinitcpio'], reason: tr('/etc/mkinitcpio.conf exists', '/etc/mkinitcpio.conf 存在'), evidence: ev };
  const dracut = has(f, /^\/etc\/dracut\.conf(?:\.d\/.*)?$/);
  const itools = has(f, /^\/etc\/initramfs-tools\//);
  if (dracut && !itools) return { value: 'dracut', candidates: ['dracut'], reason: tr('dracut configuration exists', '存在 dracut 配置'), evidence: ev };
  if (itools && !dracut) return { value: 'initramfs-tools', candidates: ['initramfs-tools'], reason: tr('/etc/initramfs-tools exists', '/etc/initramfs-tools 存在'), evidence: ev };
  // Named in prose ("booster images"): after every file that says otherwise, before the distribution's default.
  const booster = f.mentions['initramfs-booster'];
  if (booster) return { value: 'booster', candidates: ['booster'], reason: tr('booster is named in the text (stated, not seen in a file)', '文字中提到了 booster（只是这么说，没在文件中看到）'), evidence: [booster] };
  if (family === 'ubuntu' && ubuntuUsesDracut(f)) return { value: 'dracut', candidates: ['dracut', 'initramfs-tools'], reason: tr('Ubuntu 25.10 and later use dracut', 'Ubuntu 25.10 及以后的版本使用 dracut'), evidence: ev };
  if (dracut && itools) return { value: 'initramfs-tools', candidates: ['initramfs-tools', 'dracut'], reason: tr('both initramfs-tools and dracut configuration exist', 'initramfs-tools 和 dracut 的配置都存在'), evidence: ev };
  switch (family) {
    case 'debian':
    case 'ubuntu':
    case 'proxmox':
    case 'pop':
      return { value: 'initramfs-tools', candidates: ['initramfs-tools'], reason: tr(`${family} builds its initramfs with initramfs-tools`, `${family} 用 initramfs-tools 生成 initramfs`), evidence: ev };
    case 'arch':
      return { value: 'mkinitcpio', candidates: ['mkinitcpio', 'dracut', 'booster'], reason: tr('Arch-based systems use mkinitcpio by default', '基于 Arch 的系统默认使用 mkinitcpio'), evidence: ev };
    case 'fedora':
    case 'suse':
      return { value: 'dracut', candidates: ['dracut'], reason: tr(`${family} builds its initramfs with dracut`, `${family} 用 dracut 生成 initramfs`), evidence: ev };
  }
  return { candidates: ['initramfs-tools', 'mkinitcpio', 'dracut'], reason: tr('not enough evidence; showing the likeliest initramfs generators', '依据不足；列出最可能使用的 initramfs 生成工具'), evidence: ev };
}

export interface LoaderEntries {
  /** 'kernel-install': entries generated from /etc/kernel/cmdline; 'hand-written': entries whose options line is the source. */
  style?: 'kernel-install' | 'hand-written';
  /** Full loader entry files that match the running command line (the ones to edit when hand-written). */
  booted: string[];
  reason: string;
}

const ENTRY_FILE = /\/loader\/entries\/([^/]+)\.conf$/;

/**
 * Whether systemd-boot's entries are generated by kernel-install or written by hand. Verified against systemd's
 * src/kernel-install/90-loaderentry.install: kernel-install names an entry "$ENTRY_TOKEN-$KERNEL_VERSION.conf", heads it
 * "# Boot Loader Specification type#1 entry", writes "machine-id" and "linux $ENTRY_DIR/linux" (/<token>/<version>/linux),
 * takes its options from /etc/kernel/cmdline (else /usr/lib/kernel/cmdline, else /proc/cmdline without BOOT_IMAGE= and
 * initrd=) and appends systemd.machine_id= when the token is the machine ID. systemd-boot passes each initrd line as an
 * initrd=\path parameter, so /proc/cmdline shows \<token>\<version>\initrd for generated entries and files at the ESP
 * root (\initramfs-linux.img) for the Arch-wiki style hand-written ones.
 */
export function loaderEntries(f: Facts): LoaderEntries {
  const running = f.cmdline;
  const runningTokens = new Set((running?.params ?? []).filter((p) => p.key !== 'initrd').map((p) => p.raw));
  const files = f.configFiles.filter((c) => ENTRY_FILE.test(c.path) && !c.partial);
  const generated = (c: { path: string; content: string }) =>
    /^#\s*Boot Loader Specification type#1 entry/m.test(c.content) ||
    /^\s*machine-id\s+\S/m.test(c.content) ||
    /^\s*linux\s+\/[^/\s]+\/[^/\s]+\/linux\s*$/m.test(c.content) ||
    /^[0-9a-f]{32}-/.test(ENTRY_FILE.exec(c.path)![1]!);
  const options = (c: { content: string }) =>
    c.content
      .split('\n')
      .map((l) => /^\s*options\s+(.*)$/.exec(l)?.[1] ?? '')
      .join(' ')
      .split(/\s+/)
      .filter(Boolean);
  const params = running?.params ?? [];
  const initrds = params.filter((p) => p.key === 'initrd').map((p) => p.value ?? '');
  // The entry that booted: every token of its options line is on the running command line; of those, the one whose
  // initrd lines are the running initrd= values (systemd-boot passes them as \path), else the one with exactly these options.
  const candidates = running ? files.filter((c) => options(c).length > 0 && options(c).every((t) => runningTokens.has(t))) : files;
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  const entryInitrds = (c: { content: string }) => [...c.content.matchAll(/^\s*initrd\s+(\S+)/gm)].map((m) => m[1]!.replace(/\//g, '\\'));
  const byInitrd = initrds.length ? candidates.filter((c) => sameSet(entryInitrds(c), initrds)) : [];
  const byOptions = candidates.filter((c) => options(c).length === runningTokens.size);
  const matches = byInitrd.length ? byInitrd : byOptions.length ? byOptions : candidates;
  if (params.some((p) => p.key === 'systemd.machine_id') || initrds.some((v) => /^[\\/][^\\/]+[\\/][^\\/]+[\\/]initrd[^\\/]*$/i.test(v) && !/^[\\/]EFI[\\/]/i.test(v)))
    return { style: 'kernel-install', booted: matches.filter(generated).map((c) => c.path), reason: 'the running command line comes from a kernel-install entry (\\<token>\\<version>\\initrd or systemd.machine_id=)' };
  if (matches.length && matches.every((c) => !generated(c)))
    return { style: 'hand-written', booted: matches.map((c) => c.path), reason: `${matches.map((c) => c.path).join(', ')} ${matches.length > 1 ? 'match' : 'matches'} the running command line and kernel-install did not write ${matches.length > 1 ? 'them' : 'it'}` };
  if (matches.some(generated)) return { style: 'kernel-install', booted: matches.filter(generated).map((c) => c.path), reason: 'the booted loader entry was written by kernel-install' };
  if (initrds.length && initrds.every((v) => /^[\\/][^\\/]+$/.test(v)))
    return { style: 'hand-written', booted: [], reason: `the running command line loads ${initrds.map((v) => `initrd=${v}`).join(' ')} from the top of the ESP, as hand-written entries do` };
  if (f.kernelCmdlineFile || has(f, /^\/etc\/kernel\/cmdline$/)) return { style: 'kernel-install', booted: [], reason: '/etc/kernel/cmdline exists (kernel-install reads it)' };
  return { booted: [], reason: 'no loader entry or /proc/cmdline shows how the entries are made' };
}

/** The kernel image kernel-install is given: Debian-style /boot/vmlinuz-<release>; Arch and Fedora ship it in the modules directory. */
export function kernelImagePath(family: DistroFamily | undefined, release: string): string {
  // Debian's systemd-boot hook (/etc/kernel/postinst.d/zz-systemd-boot) runs `kernel-install add "$1" "$2"` with
  // /boot/vmlinuz-<release>; Fedora's and Arch's kernel packages install /usr/lib/modules/<release>/vmlinuz.
  return family === 'arch' || family === 'fedora' ? `/usr/lib/modules/${release}/vmlinuz` : `/boot/vmlinuz-${release}`;
}
