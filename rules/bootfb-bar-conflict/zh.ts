// F1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, FbWhy, KernelNote } from './index';

function fbWhyText(w: FbWhy, video: string | undefined): string {
  if (w.kind === 'video')
    return `这里由 ${w.fb} 驱动启动画面，所以 video=${w.fb}:off 能阻止它绑定${w.fb === 'vesafb' ? '（传统 BIOS 启动）' : '；如果宿主机以传统 BIOS 模式启动，再加上 video=vesafb:off'}。`;
  return w.simple
    ? `启动帧缓冲是 sysfb 的 simple-framebuffer（BOOTFB、simpledrm/simplefb），所以${video ? `你命令行里的 video=${video} ` : ' video=efifb:off '}不起作用：efifb 根本不会绑定。initcall_blacklist=sysfb_init 能阻止 sysfb 注册任何固件帧缓冲设备。`
    : 'initcall_blacklist=sysfb_init 能阻止 sysfb 注册任何固件帧缓冲设备（simple-framebuffer、efi-framebuffer 或 vesa-framebuffer），不管这个内核用的是哪一种。';
}

export const zh = {
  title: '启动帧缓冲占着显卡的显存（BAR 无法预留）',
  summary: 'efifb、vesafb 或 simpledrm（BOOTFB）仍占着要直通的显卡的一部分 BAR,vfio-pci 无法为虚拟机预留它。',
  messages: {
    unplacedBusy: () =>
      '虚拟机管理程序无法映射某个 VFIO 设备的 BAR:mmap 报 "Device or resource busy"，因为内核无法为 vfio 预留这个 BAR，宿主机上仍有东西占着显卡的显存，通常是启动显卡上的固件帧缓冲（efifb、vesafb、simpledrm/BOOTFB）或帧缓冲驱动（nvidiafb）。请粘贴 lspci -nnk 和 sudo cat /proc/iomem 的输出，看是哪块卡、哪个驱动；把帧缓冲挡在显卡之外（initcall_blacklist=sysfb_init，老内核上用 video=efifb:off）并卸载它的帧缓冲驱动，就能释放这个 BAR。',
    conflict: ({ device, busyOnly, owner, reserveFailed, fbModules, bootVga, kernel, why, video }: { device: string; busyOnly: boolean; owner?: string; reserveFailed: boolean; fbModules: string[]; bootVga: boolean; kernel?: KernelNote; why: FbWhy; video?: string }) => {
      const parts: string[] = [
        busyOnly
          ? `${device}:虚拟机管理程序映射这块卡的 BAR 时 mmap 报 "Device or resource busy"：内核无法为 vfio 预留这个 BAR，因为宿主机上仍有东西占着这段显存，在启动显卡上通常是固件帧缓冲（efifb、vesafb、simpledrm/BOOTFB）或帧缓冲驱动。虚拟机带着这块卡无法启动。`
          : `${device}:${owner ? `固件帧缓冲（/proc/iomem 里的 ${owner}）` : '固件帧缓冲'}仍占着这块卡的一部分显存，所以${reserveFailed ? '虚拟机管理程序映射 BAR 时 vfio-pci 无法预留它' : 'vfio-pci 将无法为虚拟机预留这个 BAR'}。虚拟机通常会黑屏，或者 QEMU 启动失败。`,
      ];
      if (fbModules.length) parts.push(`lspci -k 为这块卡列出了 ${fbModules.join('、')}:这是加载后会占用其显存的宿主机帧缓冲驱动，请卸载它（sudo modprobe -r ${fbModules[0]}）并加入黑名单，或者不要把它放进 initramfs。`);
      if (bootVga) parts.push('这块卡是启动显卡（boot_vga=1），所以固件帧缓冲落在它的 BAR 里。');
      if (kernel?.at6 === true)
        parts.push(
          kernel.boundAtBoot
            ? `内核 ${kernel.release}（6.0 或更新）会让 vfio-pci 在绑定 VGA 类显卡时驱逐固件帧缓冲，但冲突依然存在；请让帧缓冲根本不要注册。`
            : `内核 ${kernel.release} 是 6.0 或更新版本：开机时把显卡绑定到 vfio-pci,vfio-pci 就会自己驱逐固件帧缓冲（提交 d17378062079），通常这就够了。`,
        );
      else if (kernel?.at6 === false) parts.push(`内核 ${kernel.release} 早于 6.0,vfio-pci 不会驱逐固件帧缓冲：请在命令行把它们挡在显卡之外。`);
      parts.push(fbWhyText(why, video));
      return parts.join('');
    },
  },
} satisfies RuleZh<typeof messages>;
