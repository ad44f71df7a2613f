// NixOS: configuration.nix options for binding to vfio-pci (/etc/modprobe.d is a read-only store link there).
//
// Verified against nixpkgs:
// - nixos/modules/system/boot/stage-1-init.sh: `for i in @kernelModules@; do modprobe $i; done`, then
//   `@preDeviceCommands@`, then `systemd-udevd --daemon; udevadm trigger --action=add`. boot.initrd.kernelModules are
//   therefore loaded BEFORE preDeviceCommands run: a vfio_pci listed there has already registered when the overrides
//   are written (nothing probes the functions again), and a GPU driver listed there has already bound the card.
//   boot.initrd.availableKernelModules only puts modules into the image (stage-1.nix: modulesClosure =
//   makeModulesClosure { rootModules = availableKernelModules ++ kernelModules; }).
// - stage-1.nix (and initrd-systemd.nix) copy environment.etc."modprobe.d/nixos.conf" — what boot.extraModprobeConfig
//   writes — into the initrd as /etc/modprobe.d/nixos.conf: options and softdep lines given there reach stage 1.
// - initrd-systemd.nix refuses preDeviceCommands when boot.initrd.systemd.enable is set ("convert it to analogous
//   systemd units in boot.initrd.systemd").
import type { FixStep } from '../../schema/fix';
import { tr } from '../../i18n/lang';

const VFIO = ['vfio_pci', 'vfio', 'vfio_iommu_type1'];
const nixList = (xs: string[]) => `[ ${xs.map((x) => `"${x}"`).join(' ')} ]`;

/** By ID: modprobe lines go into boot.extraModprobeConfig, and vfio_pci loads in stage 1 before udev starts. */
export function nixosModprobeSteps(lines: string[]): FixStep[] {
  return [
    {
      kind: 'manual',
      description: `${tr('In /etc/nixos/configuration.nix (not /etc/modprobe.d, which NixOS manages read-only): ', '在 /etc/nixos/configuration.nix 中（不是 /etc/modprobe.d,NixOS 把它作为只读文件管理）：')}boot.extraModprobeConfig = ''\n${lines.map((l) => `  ${l}`).join('\n')}\n'';`,
    },
  ];
}

/** By ID: load vfio-pci in stage 1 (before udev loads any GPU driver); its ids come from the options or the command line. */
export function nixosEarlyVfioStep(): FixStep {
  return {
    kind: 'manual',
    description: tr(
      `In /etc/nixos/configuration.nix: boot.initrd.kernelModules = ${nixList(VFIO)}; (stage 1 loads these before udev starts, so vfio-pci claims its IDs before any GPU driver loads; keep GPU drivers out of this list)`,
      `在 /etc/nixos/configuration.nix 中：boot.initrd.kernelModules = ${nixList(VFIO)}；（stage 1 在 udev 启动之前加载这些模块，vfio-pci 因此能在任何显卡驱动加载前认领它的 ID；不要把显卡驱动放进这个列表）`,
    ),
  };
}

/** By address: vfio-pci only in the image, overrides written before udev, then vfio-pci loaded (and probed if built in). */
export function nixosOverrideSteps(bdfs: string[]): FixStep[] {
  const script = [
    `for dev in ${bdfs.join(' ')}; do`,
    '  echo vfio-pci > /sys/bus/pci/devices/$dev/driver_override',
    'done',
    'modprobe -i vfio-pci',
    '# vfio-pci built in: probe what still has no driver',
    `for dev in ${bdfs.join(' ')}; do`,
    '  [ -e /sys/bus/pci/devices/$dev/driver ] || echo $dev > /sys/bus/pci/drivers_probe',
    'done',
  ];
  return [
    {
      kind: 'manual',
      description: tr(
        `In /etc/nixos/configuration.nix: boot.initrd.availableKernelModules = ${nixList(VFIO)}; (in the image only: modules in boot.initrd.kernelModules load before preDeviceCommands run, so remove vfio_pci and any GPU driver from boot.initrd.kernelModules)`,
        `在 /etc/nixos/configuration.nix 中：boot.initrd.availableKernelModules = ${nixList(VFIO)}；（只放进镜像：boot.initrd.kernelModules 里的模块会在 preDeviceCommands 运行之前加载，所以要把 vfio_pci 和所有显卡驱动从 boot.initrd.kernelModules 中删掉）`,
      ),
    },
    {
      kind: 'manual',
      description: `${tr('In /etc/nixos/configuration.nix: ', '在 /etc/nixos/configuration.nix 中：')}boot.initrd.preDeviceCommands = ''\n${script.map((l) => `  ${l}`).join('\n')}\n'';`,
    },
  ];
}

export const nixosSystemdInitrdWarning = (): string =>
  tr(
    'With boot.initrd.systemd.enable = true NixOS refuses boot.initrd.preDeviceCommands: put the same commands in a boot.initrd.systemd.services unit with before = [ "systemd-udev-trigger.service" ] and unitConfig.DefaultDependencies = false.',
    '设置了 boot.initrd.systemd.enable = true 时，NixOS 不接受 boot.initrd.preDeviceCommands：请把同样的命令放进一个 boot.initrd.systemd.services 单元，并设置 before = [ "systemd-udev-trigger.service" ] 和 unitConfig.DefaultDependencies = false。',
  );
