// Getting vfio-pci into early boot, per initramfs generator: config steps and the rebuild command.
import type { Cmdline, InitramfsGenerator } from '../../schema/facts';
import { paramValues } from '../../parse/cmdline';
import type { FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import { createOrAppend, keyListStep } from './file-steps';
import { isMkinitcpioFile, mkinitcpioEffective, moduleLines } from '../../facts/early-boot-config';
import { nixosEarlyVfioStep } from './nixos';
import { tr } from '../../i18n/lang';

export const GENERATOR_LABEL: Record<InitramfsGenerator, string> = {
  'initramfs-tools': 'initramfs-tools',
  mkinitcpio: 'mkinitcpio',
  dracut: 'dracut',
  booster: 'booster',
  nixos: 'NixOS',
};

const REBUILD_ALL = () => tr('Rebuild the initramfs of every installed kernel', '为所有已安装的内核重新生成 initramfs');
const CONTAINS = () => tr('The initramfs contains vfio-pci', 'initramfs 中包含 vfio-pci');

export function rebuildStep(gen: InitramfsGenerator): FixStep {
  switch (gen) {
    case 'initramfs-tools':
      // On Proxmox hosts with synced ESPs, initramfs-tools' post-update hook (proxmox-kernel-helper) runs
      // `proxmox-boot-tool refresh --hook zz-proxmox-boot`, so the new image reaches the ESPs without another step.
      return { kind: 'command', argv: ['update-initramfs', '-u', '-k', 'all'], description: REBUILD_ALL(), root: true };
    case 'mkinitcpio':
      return { kind: 'command', argv: ['mkinitcpio', '-P'], description: tr('Rebuild every initramfs preset', '按所有 preset 重新生成 initramfs'), root: true };
    case 'dracut':
      return { kind: 'command', argv: ['dracut', '-f', '--regenerate-all'], description: REBUILD_ALL(), root: true };
    case 'booster':
      return { kind: 'command', argv: ['/usr/lib/booster/regenerate_images'], description: tr('Rebuild the booster images', '重新生成 booster 镜像'), root: true };
    case 'nixos':
      return { kind: 'command', argv: ['nixos-rebuild', 'boot'], description: tr('Build the new generation', '构建新的 NixOS 世代（generation）'), root: true };
  }
}

/**
 * The mkinitcpio image of the running kernel. Arch's presets (mkinitcpio's linux.preset, one per kernel package) build
 * /boot/initramfs-<pkgbase>.img for /boot/vmlinuz-<pkgbase>: linux-lts and linux-zen hosts have no initramfs-linux.img,
 * or have one for a kernel they do not boot. The running command line names it: systemd-boot passes each initrd line as
 * initrd=\path, GRUB passes BOOT_IMAGE=…/vmlinuz-<pkgbase>. Otherwise the stock kernel's.
 */
export function mkinitcpioImage(cmdline?: Cmdline): string {
  const base = (v: string) => v.split(/[\\/]/).pop() ?? '';
  const initrd = paramValues(cmdline, 'initrd').map(base).find((n) => /^initramfs-[\w.+-]+\.img$/.test(n) && !/-fallback\.img$/.test(n));
  if (initrd) return `/boot/${initrd}`;
  const image = paramValues(cmdline, 'BOOT_IMAGE').map((v) => /^vmlinuz-([\w.+-]+)$/.exec(base(v))?.[1]).find(Boolean);
  return `/boot/initramfs-${image ?? 'linux'}.img`;
}

/** `cmdline`: the running kernel's parameters (which image mkinitcpio built for it). */
export function verifyInitramfsStep(gen: InitramfsGenerator, release?: string, cmdline?: Cmdline): FixStep {
  const r = release ?? 'KERNEL-RELEASE';
  // Images are often root-only: dracut and mkinitcpio write them 0600 (Fedora, Arch), initramfs-tools follows UMASK
  // (0077 on hosts with keyfiles in the image). Reading one as a user fails, so the check says sudo.
  switch (gen) {
    case 'initramfs-tools':
      return { kind: 'verify', description: CONTAINS(), argv: ['lsinitramfs', `/boot/initrd.img-${r}`], expect: 'vfio-pci', root: true };
    case 'mkinitcpio':
      return { kind: 'verify', description: CONTAINS(), argv: ['lsinitcpio', mkinitcpioImage(cmdline)], expect: 'vfio', root: true };
    case 'dracut':
      return { kind: 'verify', description: CONTAINS(), argv: ['lsinitrd'], expect: 'vfio', root: true };
    default:
      return { kind: 'verify', description: tr('After the reboot, `lsmod | grep vfio` lists vfio_pci', '重启后，`lsmod | grep vfio` 能列出 vfio_pci') };
  }
}

const VFIO_MODULES = ['vfio_pci', 'vfio', 'vfio_iommu_type1'];

/** Steps that make the generator load vfio-pci before any GPU driver. */
export function earlyVfioSteps(host: Host, gen: InitramfsGenerator, extraFiles: string[] = []): FixStep[] {
  switch (gen) {
    case 'initramfs-tools':
      return [createOrAppend(host, '/etc/initramfs-tools/modules', ['vfio', 'vfio_iommu_type1', 'vfio_pci'], tr('Load the vfio modules from the initramfs', '从 initramfs 加载 vfio 模块'))];
    case 'mkinitcpio':
      return mkinitcpioVfioSteps(host, extraFiles);
    case 'dracut': {
      const lines = ['# vfio-doctor: load vfio-pci before any GPU driver', `force_drivers+=" ${VFIO_MODULES.join(' ')} "`];
      if (extraFiles.length) lines.push(`install_items+=" ${extraFiles.join(' ')} "`);
      return [createOrAppend(host, '/etc/dracut.conf.d/10-vfio.conf', lines, tr('Force the vfio modules into the initramfs (the spaces inside the quotes are required)', '强制把 vfio 模块放进 initramfs（引号内侧的空格不能省）'))];
    }
    case 'booster':
      // booster's generator/config.go reads modules_force_load as one comma-separated string: merge, never a second key.
      return [keyListStep(host, '/etc/booster.yaml', 'modules_force_load', VFIO_MODULES, tr('Force-load the vfio modules (merged into the one modules_force_load line)', '强制加载 vfio 模块（合并进唯一的那一行 modules_force_load）'))];
    case 'nixos':
      return [nixosEarlyVfioStep()];
  }
}

/*
 * mkinitcpio, verified against archlinux/mkinitcpio (v36 to v41):
 * - the mkinitcpio script concatenates /etc/mkinitcpio.conf and then /etc/mkinitcpio.conf.d/*.conf (sort -V) into one
 *   file and sources it as bash; parse_config (functions) sources it again with MODULES unset. A plain `MODULES=(…)`
 *   therefore replaces every earlier one, and `MODULES=(vfio… "${MODULES[@]}")` after it prepends.
 * - drop-ins exist since v36 (commit 98d4dea, 2023) and are skipped whenever a config is given with -c, which a preset's
 *   ALL_config/<preset>_config does (presets written before v36 set ALL_config="/etc/mkinitcpio.conf"). So the line is
 *   appended to the file that holds the last plain assignment (normally /etc/mkinitcpio.conf itself; the apply step
 *   backs it up), which works on every version and every preset.
 * - init: `modprobe -qab $MODULES` runs before the HOOKS' run_hook functions, so before the udev hook's coldplug loads
 *   the GPU drivers that the kms hook (install/kms: drivers/gpu/drm) put in the image. With the systemd hook,
 *   install/systemd writes MODULES to /etc/modules-load.d/MODULES.conf instead: systemd-modules-load runs beside udev,
 *   and only a softdep (in /etc/modprobe.d) orders vfio-pci before the GPU driver.
 * - install/modconf copies /etc/modprobe.d/*.conf and /usr/lib/modprobe.d/*.conf, not the programs an `install` line
 *   runs: those go in FILES (add_file keeps the mode). The script runs with /bin/sh: busybox, from the base hook.
 * - `mkinitcpio -P` (--allpresets) rebuilds every preset in /etc/mkinitcpio.d.
 */

/** The mkinitcpio file whose plain `NAME=` assignment is read last (mkinitcpio's order); the main file if none says. */
function mkinitcpioFileFor(host: Host, name: 'MODULES' | 'FILES'): string {
  const files = host.facts.configFiles
    .filter((c) => isMkinitcpioFile(c.path))
    .sort((a, b) => (a.path === '/etc/mkinitcpio.conf' ? -1 : b.path === '/etc/mkinitcpio.conf' ? 1 : a.path < b.path ? -1 : 1));
  const plain = new RegExp(`^\\s*${name}=`);
  let target = '/etc/mkinitcpio.conf';
  for (const f of files) if (f.content.split('\n').some((l) => plain.test(l))) target = f.path;
  return target;
}

/** Append lines to the mkinitcpio file where `name` is finally set (see above): they then extend what it set. */
export function mkinitcpioAppendSteps(host: Host, name: 'MODULES' | 'FILES', lines: string[], description: string): FixStep[] {
  const path = mkinitcpioFileFor(host, name);
  return [createOrAppend(host, path, lines, tr(`${description} (after the ${name}= line: mkinitcpio sources the file as bash)`, `${description}——追加在 ${name}= 那一行之后（mkinitcpio 以 bash 方式读取这个文件）`))];
}

function mkinitcpioVfioSteps(host: Host, extraFiles: string[]): FixStep[] {
  const hooks = mkinitcpioEffective(moduleLines(host)).hooks;
  const systemd = hooks?.includes('systemd');
  const steps = mkinitcpioAppendSteps(
    host,
    'MODULES',
    ['# vfio-doctor: load vfio-pci before any GPU driver', `MODULES=(${VFIO_MODULES.join(' ')} "\${MODULES[@]}")`],
    systemd
      ? tr(
          'Put the vfio modules first in MODULES (with the systemd hook they load beside udev: the softdep lines in /etc/modprobe.d, copied by the modconf hook, make the GPU driver wait for vfio-pci)',
          '把 vfio 模块放在 MODULES 的最前面（使用 systemd hook 时它们与 udev 同时加载：modconf hook 复制进镜像的 /etc/modprobe.d 中的 softdep 行会让显卡驱动等待 vfio-pci）',
        )
      : tr(
          'Put the vfio modules first in MODULES, which load before udev starts the GPU drivers (keep modconf in HOOKS so /etc/modprobe.d reaches the image)',
          '把 vfio 模块放在 MODULES 的最前面，MODULES 会在 udev 启动显卡驱动之前加载（HOOKS 中请保留 modconf，这样 /etc/modprobe.d 才会进入镜像）',
        ),
  );
  if (extraFiles.length) {
    steps.push(...mkinitcpioAppendSteps(host, 'FILES', [`FILES+=(${extraFiles.join(' ')})`], tr('Copy the script the modprobe install line runs into the image (the modconf hook copies only the .conf files)', '把 modprobe 的 install 行要运行的脚本复制进镜像（modconf hook 只复制 .conf 文件）')));
    const missing = hooks ? ['base', 'modconf'].filter((h) => !hooks.includes(h)) : [];
    if (missing.length)
      steps.push({
        kind: 'manual',
        description: tr(
          `Add ${missing.join(' and ')} to HOOKS in ${mkinitcpioHooksFile(host)}${missing.includes('base') ? ' (base puts /bin/sh in the image; the script needs it)' : ''}${missing.includes('modconf') ? ' (modconf copies /etc/modprobe.d, where the install line is)' : ''}.`,
          `在 ${mkinitcpioHooksFile(host)} 的 HOOKS 中加入 ${missing.join(' 和 ')}${missing.includes('base') ? '（base 会把 /bin/sh 放进镜像，脚本需要它）' : ''}${missing.includes('modconf') ? '（modconf 会复制 /etc/modprobe.d,install 行就写在那里）' : ''}。`,
        ),
      });
  }
  return steps;
}

function mkinitcpioHooksFile(host: Host): string {
  const line = [...mkinitcpioEffective(moduleLines(host)).lines].reverse().find((l) => l.kind === 'mkinitcpio-hooks');
  return line?.path ?? '/etc/mkinitcpio.conf';
}

export function generatorsOf(host: Host): InitramfsGenerator[] {
  return host.initramfs.value ? [host.initramfs.value] : host.initramfs.candidates;
}
