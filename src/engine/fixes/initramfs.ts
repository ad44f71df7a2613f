// Getting vfio-pci into early boot, per initramfs generator: config steps and the rebuild command.
import type { InitramfsGenerator } from '../../schema/facts';
import type { FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import { createOrAppend, keyListStep } from './file-steps';
import { nixosEarlyVfioStep } from './nixos';

export const GENERATOR_LABEL: Record<InitramfsGenerator, string> = {
  'initramfs-tools': 'initramfs-tools',
  mkinitcpio: 'mkinitcpio',
  dracut: 'dracut',
  booster: 'booster',
  nixos: 'NixOS',
};

export function rebuildStep(gen: InitramfsGenerator): FixStep {
  switch (gen) {
    case 'initramfs-tools':
      return { kind: 'command', argv: ['update-initramfs', '-u', '-k', 'all'], description: 'Rebuild the initramfs of every installed kernel', root: true };
    case 'mkinitcpio':
      return { kind: 'command', argv: ['mkinitcpio', '-P'], description: 'Rebuild every initramfs preset', root: true };
    case 'dracut':
      return { kind: 'command', argv: ['dracut', '-f', '--regenerate-all'], description: 'Rebuild the initramfs of every installed kernel', root: true };
    case 'booster':
      return { kind: 'command', argv: ['/usr/lib/booster/regenerate_images'], description: 'Rebuild the booster images', root: true };
    case 'nixos':
      return { kind: 'command', argv: ['nixos-rebuild', 'boot'], description: 'Build the new generation', root: true };
  }
}

export function verifyInitramfsStep(gen: InitramfsGenerator, release?: string): FixStep {
  const r = release ?? 'KERNEL-RELEASE';
  // Images are often root-only: dracut and mkinitcpio write them 0600 (Fedora, Arch), initramfs-tools follows UMASK
  // (0077 on hosts with keyfiles in the image). Reading one as a user fails, so the check says sudo.
  switch (gen) {
    case 'initramfs-tools':
      return { kind: 'verify', description: 'The initramfs contains vfio-pci', argv: ['lsinitramfs', `/boot/initrd.img-${r}`], expect: 'vfio-pci', root: true };
    case 'mkinitcpio':
      return { kind: 'verify', description: 'The initramfs contains vfio-pci', argv: ['lsinitcpio', '/boot/initramfs-linux.img'], expect: 'vfio', root: true };
    case 'dracut':
      return { kind: 'verify', description: 'The initramfs contains vfio-pci', argv: ['lsinitrd'], expect: 'vfio', root: true };
    default:
      return { kind: 'verify', description: 'After the reboot, `lsmod | grep vfio` lists vfio_pci' };
  }
}

const VFIO_MODULES = ['vfio_pci', 'vfio', 'vfio_iommu_type1'];

/** Steps that make the generator load vfio-pci before any GPU driver. */
export function earlyVfioSteps(host: Host, gen: InitramfsGenerator, extraFiles: string[] = []): FixStep[] {
  switch (gen) {
    case 'initramfs-tools':
      return [createOrAppend(host, '/etc/initramfs-tools/modules', ['vfio', 'vfio_iommu_type1', 'vfio_pci'], 'Load the vfio modules from the initramfs')];
    case 'mkinitcpio': {
      const lines = ['# vfio-doctor: load vfio-pci before any GPU driver', `MODULES=(${VFIO_MODULES.join(' ')} "\${MODULES[@]}")`];
      if (extraFiles.length) lines.push(`FILES+=(${extraFiles.join(' ')})`);
      return [
        createOrAppend(host, '/etc/mkinitcpio.conf.d/10-vfio.conf', lines, 'Put the vfio modules first in MODULES (keep the modconf hook in HOOKS so /etc/modprobe.d reaches the image)'),
      ];
    }
    case 'dracut': {
      const lines = ['# vfio-doctor: load vfio-pci before any GPU driver', `force_drivers+=" ${VFIO_MODULES.join(' ')} "`];
      if (extraFiles.length) lines.push(`install_items+=" ${extraFiles.join(' ')} "`);
      return [createOrAppend(host, '/etc/dracut.conf.d/10-vfio.conf', lines, 'Force the vfio modules into the initramfs (the spaces inside the quotes are required)')];
    }
    case 'booster':
      // booster's generator/config.go reads modules_force_load as one comma-separated string: merge, never a second key.
      return [keyListStep(host, '/etc/booster.yaml', 'modules_force_load', VFIO_MODULES, 'Force-load the vfio modules (merged into the one modules_force_load line)')];
    case 'nixos':
      return [nixosEarlyVfioStep()];
  }
}

export function generatorsOf(host: Host): InitramfsGenerator[] {
  return host.initramfs.value ? [host.initramfs.value] : host.initramfs.candidates;
}
