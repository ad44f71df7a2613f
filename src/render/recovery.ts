// What gets a user back when a host does not boot after a change: said after apply (CLI and chat) and in fix warnings.
import type { Fix } from '../schema/fix';
import { getLang } from '../i18n/lang';

/** Commands that rewrite every boot entry, or the initramfs of every installed kernel. */
const EVERY_ENTRY = /^(update-grub|grub-mkconfig|grub2-mkconfig|kernel-install|proxmox-boot-tool|kernelstub|bootctl|dracut|mkinitcpio|update-initramfs|booster)$/;
/** Files read at every boot, whichever entry is picked. */
const EVERY_BOOT = /^\/etc\/(default\/grub|kernel\/cmdline|modprobe\.d\/|modules-load\.d\/|initramfs-tools\/|dracut\.conf|mkinitcpio\.conf|booster\.yaml)/;
const CMDLINE = /^\/etc\/(default\/grub|kernel\/cmdline)$/;

/** Whether the change reaches every boot entry (an older entry in the boot menu would boot with it too). */
export function reachesEveryEntry(fix: Fix): boolean {
  return fix.steps.some(
    (s) => (s.kind === 'command' && EVERY_ENTRY.test((s.argv[0] ?? '').replace(/^.*\//, ''))) || (s.kind === 'edit' && !s.noop && EVERY_BOOT.test(s.path)),
  );
}

/**
 * The advice after a reboot-needing change. Picking the previous boot entry does not help when every entry got the
 * change (update-grub writes all entries from /etc/default/grub; `update-initramfs -u -k all` and friends rebuild every
 * kernel's initramfs; modprobe.d is read whichever kernel boots), so it says what does: edit the command line at the
 * boot menu (e in GRUB and in systemd-boot), or undo from a live USB. module_blacklist= is the kernel's own
 * (kernel/module/main.c blacklisted()), so it stops a vfio-pci module whatever the initramfs holds.
 */
export function recoveryAdvice(fix: Fix): string {
  const cmdline = fix.steps.some((s) => s.kind === 'edit' && !s.noop && CMDLINE.test(s.path)) || fix.steps.some((s) => s.kind === 'command' && /^kernelstub$/.test(s.argv[0] ?? ''));
  if (getLang() === 'zh') {
    const edit = cmdline ? '把 linux 那一行改回原样（修复方案里能看到这次改了什么）' : '在 linux 那一行末尾加上 module_blacklist=vfio_pci';
    const back = `在启动菜单（GRUB 或 systemd-boot）按 e,${edit}，再按 Ctrl-X 或 F10（systemd-boot 按回车）启动，然后运行 sudo vfio-doctor undo；或者用 Live USB 启动，把根文件系统挂载到 /mnt，运行 sudo vfio-doctor undo --root /mnt`;
    return reachesEveryEntry(fix)
      ? `重启后生效。每个启动项都带上了这次修改，所以启动菜单里较旧的启动项也一样。如果屏幕一直黑着：${back}。`
      : `重启后生效。如果屏幕一直黑着：选上一个启动项，或者${back}。`;
  }
  const edit = cmdline ? 'change the linux line back as it was (the plan shows what this change did to it)' : 'add module_blacklist=vfio_pci to the linux line';
  const back = `press e at the boot menu (GRUB or systemd-boot), ${edit} and boot with Ctrl-X or F10 (Enter in systemd-boot), then run sudo vfio-doctor undo; or boot a live USB, mount the root file system at /mnt and run sudo vfio-doctor undo --root /mnt`;
  return reachesEveryEntry(fix)
    ? `Reboot for it to take effect. Every boot entry gets this change, so an older entry in the boot menu boots with it too. If the screen stays black: ${back}.`
    : `Reboot for it to take effect. If the screen stays black: pick the previous boot entry, or ${back}.`;
}
