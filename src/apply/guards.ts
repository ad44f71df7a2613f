// Which files a fix may touch: boot and module configuration, and the one helper script the fixes install.
const ALLOWED: RegExp[] = [
  /^\/etc\/default\/grub$/,
  /^\/etc\/default\/grub\.d\/[\w.-]+\.cfg$/,
  /^\/etc\/kernel\/cmdline$/,
  /^\/etc\/modprobe\.d\/[\w.-]+\.conf$/,
  /^\/etc\/modules$/,
  /^\/etc\/modules-load\.d\/[\w.-]+\.conf$/,
  /^\/etc\/initramfs-tools\/modules$/,
  /^\/etc\/initramfs-tools\/scripts\/init-top\/[\w.-]+$/,
  /^\/etc\/mkinitcpio\.conf$/,
  /^\/etc\/mkinitcpio\.conf\.d\/[\w.-]+\.conf$/,
  /^\/etc\/dracut\.conf$/,
  /^\/etc\/dracut\.conf\.d\/[\w.-]+\.conf$/,
  /^\/etc\/booster\.yaml$/,
  /^\/usr\/local\/bin\/vfio-pci-override\.sh$/,
];

export function isAllowedPath(path: string): boolean {
  return !path.split('/').includes('..') && ALLOWED.some((re) => re.test(path));
}
