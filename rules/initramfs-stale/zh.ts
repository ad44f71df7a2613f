// J3 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'initramfs 比它的配置旧',
  summary: 'modprobe.d 或 initramfs 的配置文件在 initramfs 生成之后改过：不重新生成，开机早期阶段就用不上这些改动。',
  messages: {
    stated: ({ files, said }: { files: string[]; said: string }) =>
      `你说对 ${files.join('、')} 的改动要重新生成 initramfs 之后才生效（"${said}"；这是你的说法，没有文件和镜像的时间）。这正是这个问题：initramfs 里带着这些文件的一份副本，不重新生成，开机早期用的就还是生成时的配置。每次改了 /etc/modprobe.d 或 initramfs 的配置都要重新生成（有些系统只在软件包更新时自动重新生成，你手动改文件时不会）。`,
    stale: ({ newer, images }: { newer: string[]; images: string[] }) =>
      `${newer.join('、')} 在 ${images.join('、')} 生成之后被修改过。initramfs 里带着这些文件的副本，所以在重新生成之前，开机早期（vfio-pci 必须抢在显卡驱动之前接管显卡的阶段）用的还是旧配置。`,
    noTimes: () => '文件修改时间只有在宿主机上直接运行或通过 vfio-doctor 诊断包（vfio-doctor collect）才能知道',
    nothingFound: () => '/boot 里没有 initramfs 镜像，也没有找到可以比较的 initramfs 或 modprobe 配置',
    noImage: () => '在 /boot 里没找到可以比较的 initramfs 镜像（或者不知道它的时间）',
  },
} satisfies RuleZh<typeof messages>;
