// vfio-rom-header-invalid in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Rom = Parameters<(typeof messages)['igpu']>[0];

export const zh = {
  title: 'vfio-pci 没有在设备上找到有效的 option ROM（通常无害）',
  summary: 'vfio-pci 报 "Invalid PCI ROM header signature"，表示通过设备读到的 ROM 里没有 option ROM 镜像：Intel 集成显卡上属于正常，启动显卡上也很常见；只有虚拟机在系统驱动加载之前一直没有画面时才有关系。',
  messages: {
    igpu: ({ name, got, guessed }: Rom) =>
      `${name}${guessed ? '（00:02.0 是 Intel 集成显卡的常见位置，如果它是的话）' : ''}:vfio-pci 没有从设备读到 option ROM（读到 ${got}，而不是 0xaa55 签名）。对 Intel 集成显卡来说这是正常的：它没有自己的 ROM，显卡 BIOS 是系统固件的一部分。这不是错误，也不是直通失败的原因。只有想在虚拟机固件阶段就看到画面（GVT-d 配合 OVMF）时，QEMU 才需要一个带集成显卡 GOP 驱动的 ROM 文件（例如用 VfioIgdPkg 生成）；虚拟机里的 Intel 驱动不需要它也能工作。`,
    card: ({ name, got }: Omit<Rom, 'guessed'>) =>
      `${name}:vfio-pci 通过设备的 ROM BAR 没有读到有效的 option ROM（读到 ${got}，而不是 0xaa55 签名）。这很常见，通常无害：启动显卡的 ROM 常被固件 shadow 到内存里，有些显卡也没有可读的 ROM BAR。它本身解释不了虚拟机启动失败或 Code 43。只有当虚拟机在系统驱动加载之前一直没有画面（OVMF 阶段黑屏）时才有关系：这时虚拟机需要一个 ROM 文件（在这张卡不是启动显卡时从卡上导出，或者用厂商的镜像）。`,
  },
} satisfies RuleZh<typeof messages>;
