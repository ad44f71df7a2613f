// H1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, Family } from './index';

export const zh = {
  title: '有重置缺陷的 AMD 显卡（需要 vendor-reset）',
  summary: 'Polaris、Vega 和 Navi 10/12/14 显卡在两次虚拟机运行之间无法被内核重置；gnif/vendor-reset 提供了能用的重置方式。',
  messages: {
    restoringBars: ({ bdf }: { bdf: string }) =>
      `${bdf} 重置失败（重置后 vfio-pci 不得不恢复它的 BAR）：这是 Polaris、Vega 和 Navi 10/12/14 显卡上 AMD 重置缺陷的典型迹象。如果它是这几代之一，gnif/vendor-reset 能给它一个可用的重置方式；否则请在两次虚拟机运行之间重启宿主机。`,
    vendorResetFailed: ({ bdf, family, tag, said }: { bdf: string; family?: Family; tag?: string; said: string }) =>
      `${bdf}${family ? ` 是 AMD ${family.family} 显卡（${family.cards};vendor-reset 的 ${tag} 标签表明了这一点），它` : ' '}即使用了 gnif/vendor-reset 也重置失败（它的重置报告 "${said}"）：这块卡的 AMD 重置缺陷没有被绕过。请更新 vendor-reset，不要让 amdgpu 接管这块卡（开机时绑定到 vfio-pci），卡死时在两次虚拟机运行之间重启宿主机。`,
    deviceSpecificRefused: ({ bdf }: { bdf: string }) =>
      `内核拒绝为 ${bdf} 设置 reset_method "device_specific"：它没有注册设备专用的重置方式。AMD 显卡的这种重置来自 gnif/vendor-reset，所以要么写 reset_method 时 vendor-reset 还没加载（先加载它；它的 udev 规则会先执行 modprobe vendor-reset 再写入），要么这块卡不在 vendor-reset 的设备表里（只支持 Polaris、Vega 和 Navi 10/12/14：上游不支持 RX 6000 和 7000 系列），那样两次虚拟机运行之间就没有东西能重置它（AMD 重置缺陷）：请在虚拟机关闭后重启宿主机，或者使用支持这块卡的 vendor-reset 分支。lspci -nn -s ${bdf} 和 lsmod | grep vendor_reset 能看出是哪种情况。`,
    card: ({ device, family, tag, refused, symptoms, methods, notLoaded }: { device: string; family?: Family; tag?: string; refused: boolean; symptoms: boolean; methods?: string[]; notLoaded: boolean }) => {
      const parts = [
        family
          ? `${device} 是 AMD ${family.family} 显卡（${family.cards}${tag ? `;vendor-reset 的 ${tag} 标签表明了这一点` : ''}），这一代显卡无法被内核可靠地重置：第一次关闭虚拟机后，显卡常常一直失灵，直到宿主机重启。`
          : refused
            ? `${device} 不在 vendor-reset 的设备表里，所以内核拒绝为它设置 reset_method "device_specific"（没有注册设备专用的重置方式）：vendor-reset 无法重置这块卡。如果它在虚拟机关闭后卡死（AMD 重置缺陷），只有支持它的 vendor-reset 分支，或在两次虚拟机运行之间重启宿主机才有用。`
            : `内核日志显示 ${device} 重置失败；它不在 vendor-reset 的支持列表里，所以只能避免重置（在两次虚拟机运行之间重启宿主机）。`,
      ];
      if (symptoms) parts.push('内核日志里有这块卡重置失败的记录。');
      if (family && refused) parts.push('内核拒绝为它设置 reset_method "device_specific"（没有注册设备专用的重置方式）：写 reset_method 时 vendor-reset 还没有加载。');
      if (family && methods) parts.push(`vendor-reset 已加载，但 reset_method 是 "${methods.join(' ')}"，所以内核会先尝试它自己的重置方式：请设为 device_specific（vendor-reset 的 udev 规则会这样做）。`);
      if (family && notLoaded) parts.push('vendor-reset 没有加载。');
      return parts.join('');
    },
    idUnknown: ({ bdf }: { bdf: string }) => `不知道 ${bdf} 的厂商:设备 ID（请粘贴 lspci -nn 的输出）`,
  },
} satisfies RuleZh<typeof messages>;
