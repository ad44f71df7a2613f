// vm-romfile-unreadable in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';
import { badLabel, READABLE_TREES } from './confinement';

/** The AppArmor/SELinux sentence of index.ts's mac(), in Chinese. */
const mac = (label: string | undefined, path: string) =>
  badLabel(label)
    ? `它的 SELinux 标签 ${label} 不是 QEMU 所在域（svirt_t）可以读取的类型：chcon -t virt_content_t ${path}。`
    : READABLE_TREES.test(path)
      ? ''
      : '在 AppArmor 宿主机上（Debian、Ubuntu），虚拟机的配置只允许 QEMU 读取它认识的位置中的 ROM 文件（/usr/share/vgabios、/usr/share/kvm 等）：请把文件放在那里。';

export const zh = {
  title: 'ROM 文件不存在或 QEMU 无法读取',
  summary: '虚拟机为直通设备指定的 ROM 文件不存在，或者 QEMU 用户（或它的 AppArmor/SELinux 限制）无法读取。',
  messages: {
    missing: ({ vm, device, path }: { vm: string; device: string; path: string }) =>
      `${vm} 从 ${path} 加载 ${device} 的 ROM，但这个文件不存在：QEMU 启动时就会停止（"failed to find romfile"）。`,
    unreadable: ({ vm, device, path, perms, owner, label }: { vm: string; device: string; path: string; perms: string; owner: string; label?: string }) =>
      `${vm} 从 ${path} 加载 ${device} 的 ROM，而这个文件只有属主（${owner}）和属组可以读取（${perms}）。libvirt 以非特权用户运行 QEMU（qemu 或 libvirt-qemu，即 qemu.conf 中的 user），除非它就是属主或在该组中，否则打不开这个文件：虚拟机无法启动，或者启动时没有加载 ROM。${mac(label, path)}`,
    label: ({ vm, device, path, label }: { vm: string; device: string; path: string; label: string }) =>
      `${vm} 从 ${path} 加载 ${device} 的 ROM。${mac(label, path)}QEMU 读取它时会被拒绝（审计日志里有 AVC 拒绝记录），虚拟机无法启动。`,
  },
} satisfies RuleZh<typeof messages>;
