// Where each initramfs generator's own program is installed: collection stats these, detection reads which exist.
import type { InitramfsGenerator } from './facts';

/**
 * As packaged: initramfs-tools' update-initramfs in /usr/sbin, dracut in /usr/bin (some builds /usr/sbin), mkinitcpio
 * and booster in /usr/bin. A program is stronger evidence than a configuration folder: Debian keeps /etc/initramfs-tools
 * (conffiles) after dracut replaces initramfs-tools, and the two conflict (both provide linux-initramfs-tool), so only
 * one of their programs is installed.
 */
export const GENERATOR_PROGRAMS: readonly (readonly [InitramfsGenerator, string])[] = [
  ['initramfs-tools', '/usr/sbin/update-initramfs'],
  ['dracut', '/usr/bin/dracut'],
  ['dracut', '/usr/sbin/dracut'],
  ['mkinitcpio', '/usr/bin/mkinitcpio'],
  ['booster', '/usr/bin/booster'],
];
