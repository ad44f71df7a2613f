// The device-reset timeout in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

const tail = (power: boolean) =>
  power
    ? '这是一次电源状态切换（设备没能从 D3 唤醒）：让它保持在 D0 的办法见 d3-power-state-issues。'
    : '内核用的重置方式（按设备支持的顺序：设备专用、ACPI、FLR、AF FLR、PM、总线重置）在这个设备或平台上不起作用；出路是换一种重置方式、更新固件，或者换一个带有该设备 quirk 的内核。';

export const zh = {
  title: '设备重置后没有恢复',
  summary: '功能级重置或总线重置（虚拟机启动或关闭时）之后，设备一直只返回全 1，直到内核放弃：在断电重启之前它都用不了，虚拟机也用不了它（期间宿主机可能卡住）。',
  messages: {
    gaveUp: ({ name, event, ms, power }: { name: string; event: string; ms: number; power: boolean }) =>
      `${name} 在 ${event} 之后没有恢复：内核等了 ${ms} ms 仍无应答，已经放弃。它的配置空间读出来全是 1,vfio-pci 和虚拟机都用不了它（虚拟机启动失败，或者拿到一块不工作的卡），只有断电重启才能恢复；内核等待期间宿主机看起来可能像卡死了。${tail(power)}`,
    stillWaiting: ({ name, event, ms, power }: { name: string; event: string; ms: number; power: boolean }) =>
      `到日志结束时，${name} 在 ${event} 之后 ${ms} ms 仍未就绪；内核会继续等（最多约 60 秒），然后放弃。如果宿主机在虚拟机启动或关闭时卡住，原因就是这次重置。${tail(power)}`,
  },
} satisfies RuleZh<typeof messages>;
