// booster: what binds by address there, since the booster image can run neither a script nor a modprobe install line.
//
// Verified against anatol/booster:
// - generator/kmod.go parseModprobe keeps only `options` lines of /etc/modprobe.d (install and softdep lines are
//   skipped); init/module.go finitModule loads each module with finit_module(2) and those options plus module.param=
//   values from the command line (init/cmdline.go parseParams, default case). Nothing in the image runs modprobe, a
//   shell or an install hook, so a driver_override script cannot run inside it.
// - init/main.go starts loading modules_force_load, then scans /sys modaliases; generator/generator.go
//   defaultModulesList has no GPU drivers, so a host image only holds one when booster.yaml lists it.
// - generator/config.go reads modules_force_load as one comma-separated string (a second key is a YAML error).
// What works: keep vfio-pci and the GPU drivers out of the booster image and set driver_override in the real root,
// from a unit that runs before udev's coldplug (systemd-udev-trigger.service) and systemd-modules-load load drivers.
import type { FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import { createFile } from './file-steps';
import { tr } from '../../i18n/lang';

export const BOOSTER_OVERRIDE_UNIT = '/etc/systemd/system/vfio-pci-override.service';

export function boosterOverrideUnit(script: string): string {
  return [
    '# vfio-doctor: hand PCI functions to vfio-pci by address before udev loads any driver for them.',
    '# booster runs no scripts and no modprobe install lines, so this runs in the real root instead.',
    '[Unit]',
    'Description=Hand PCI functions to vfio-pci by address',
    'DefaultDependencies=no',
    'Before=systemd-modules-load.service systemd-udev-trigger.service sysinit.target',
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${script}`,
    'RemainAfterExit=yes',
    '',
    '[Install]',
    'WantedBy=sysinit.target',
    '',
  ].join('\n');
}

/** The unit and its enabling; the caller writes the script (the same one the modprobe install hook runs elsewhere). */
export function boosterOverrideSteps(host: Host, script: string): FixStep[] {
  return [
    createFile(host, BOOSTER_OVERRIDE_UNIT, boosterOverrideUnit(script), tr('Unit that runs the script before udev coldplug (booster itself cannot run it)', '在 udev 冷插拔之前运行该脚本的 systemd 单元（booster 自己无法运行脚本）')),
    { kind: 'command', argv: ['systemctl', 'enable', 'vfio-pci-override.service'], description: tr('Run the unit at every boot', '每次启动时运行该单元'), root: true },
  ];
}

/** GPU and vfio modules that booster.yaml loads in the image: with them there the host driver (or vfio-pci) wins first. */
export function boosterImageModules(host: Host): string[] {
  const file = host.facts.configFiles.find((c) => c.path === '/etc/booster.yaml');
  if (!file) return [];
  const out: string[] = [];
  for (const l of file.content.split('\n')) {
    const m = /^(modules_force_load|modules)\s*:\s*(.*?)\s*(?:#.*)?$/.exec(l);
    if (m) out.push(...m[2]!.replace(/^(["'])(.*)\1$/, '$2').split(',').map((s) => s.trim().replace(/-/g, '_')));
  }
  return out.filter((m) => /^(vfio|amdgpu|radeon|nouveau|nvidia|i915|xe)(_|$)/.test(m));
}

export const boosterNoOverride = (): string =>
  tr(
    'booster cannot bind by address inside its image: it runs no scripts and ignores modprobe install lines (only "options" lines reach it). This plan sets driver_override in the real root before udev loads the GPU drivers; the booster image must therefore not load vfio-pci or a GPU driver itself.',
    'booster 无法在镜像内按地址绑定：它不运行脚本，也忽略 modprobe 的 install 行（只有 "options" 行能进入镜像）。此方案在真正的根文件系统中、udev 加载显卡驱动之前设置 driver_override；因此 booster 镜像本身不能加载 vfio-pci 或任何显卡驱动。',
  );
