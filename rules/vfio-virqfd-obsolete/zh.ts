// E6 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Obsolete = Parameters<(typeof messages)['obsolete']>[0];
type Effect = Obsolete['effects'][number];
const EFFECT: Record<Effect, string> = {
  dracut: 'dracut 会中止整个构建（"dracut-install: Failed to find module \'vfio_virqfd\'"、"dracut: FAILED: …"），根本不会写出新的 initramfs',
  mkinitcpio: 'mkinitcpio 报 "==> ERROR: module not found: \'vfio_virqfd\'"，最后提示 "errors were encountered during the build. The image may not be complete."',
  modulesLoad: 'systemd-modules-load 每次开机都会记录 "Failed to find module \'vfio_virqfd\'"，该 unit 显示为失败',
  initramfsTools: 'initramfs-tools 会跳过这个不存在的模块（只是噪音，无害）',
};

export const zh = {
  title: '列出了 vfio_virqfd，但它已经不存在了（Linux 6.2 及以后）',
  summary: 'vfio_virqfd 在 Linux 6.2 中并入了 vfio.ko；还列着它会让 dracut 构建失败，mkinitcpio 和 systemd-modules-load 报错。',
  messages: {
    obsolete: ({ where, effects, release, runningIsNew }: Obsolete) =>
      `vfio_virqfd 被列为要加载的模块（${where.join('、')}），但从 Linux 6.2 起它的代码已并入 vfio.ko，这个模块不再存在（${release && runningIsNew ? `正在运行的内核是 ${release}` : release ? `这些消息来自为比当前 ${release} 更新的内核进行的构建` : '这些消息表明目标内核没有这个模块'}）。${effects.map((e) => EFFECT[e]).join(';')}。请删除这一项：只需要 vfio、vfio_iommu_type1 和 vfio_pci。${effects.includes('dracut') ? '在此之前每次运行 dracut 都会失败，所以其他 initramfs 改动（vfio-pci 设备 ID、softdep）都进不了镜像。' : ''}`,
    noConfig: () =>
      '没有提供模块加载配置（/etc/modules、/etc/modules-load.d/*.conf、/etc/initramfs-tools/modules、/etc/mkinitcpio.conf、/etc/dracut.conf.d/*.conf），也没有 mkinitcpio/dracut 的输出',
    kernelUnknown: ({ paths }: { paths: string[] }) =>
      `${paths.join('、')} 中列出了 vfio_virqfd，这只在 Linux 6.2 及以后才会出问题，而内核版本未知（请粘贴 uname -r 的输出）`,
  },
} satisfies RuleZh<typeof messages>;
