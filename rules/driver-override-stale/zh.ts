// E9 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: '遗留的 driver_override 让设备绑不上驱动',
  summary: 'driver_override 只允许指定名字的驱动绑定：名字写错会挡住所有驱动，留在宿主机设备上的 "vfio-pci" 会把它自己的驱动挡在外面。',
  messages: {
    foreign: ({ device, override, entry, unbound, typo }: { device: string; override: string; entry?: string; unbound: boolean; typo?: string }) =>
      `${device} 的 driver_override 是 "${override}"${entry ? `（持久保存在 ${entry}）` : ''}，只有名字完全一样的驱动才能绑定它${unbound ? '，所以它现在没有驱动' : ''}。${typo ? `驱动名是 "${typo}"（中间是短横线），不是 "${override}"：内核按名字逐字比较。` : '已加载的驱动里没有叫这个名字的。'}`,
    heldUnbound: ({ device, override, entry, modules, nvrm, hostWants, gpu }: { device: string; override: string; entry?: string; modules: string[]; nvrm: boolean; hostWants: boolean; gpu: boolean }) =>
      `${device} 的 driver_override 是 "${override}"${entry ? `（由 driverctl 持久保存在 ${entry}）` : ''}，但它没有驱动：这个设置把它自己的驱动${modules.length ? `(${modules.join('、')})` : ''}挡在外面，而 ${override} 也还没有接管它（写 driver_override 本身不会绑定或解绑任何驱动）。${nvrm ? 'NVIDIA 驱动说某个设备的 probe 函数没有被调用，原因就在这里：宿主机的 nvidia 模块想要这块卡。' : ''}${hostWants ? `如果宿主机还要用${gpu ? '这块显卡' : '它'}，这个设置就是遗留下来的：把它清掉。` : `如果它是给虚拟机用的，重新 probe 一次，让 ${override} 绑定它。`}`,
    orphan: ({ path, bdf, driver }: { path: string; bdf: string; driver: string }) =>
      `${path} 把 ${bdf} 绑定到 ${driver}，但这个地址上没有设备。如果显卡换了插槽，这条设置对它已经不起作用了，而且以后出现在 ${bdf} 的任何设备都会交给 ${driver}。`,
    noOverrides: () => 'driver_override 的值只在 sysfs 里（运行 vfio-doctor collect，或：grep . /sys/bus/pci/devices/*/driver_override），也没有提供 /etc/driverctl.d 里的条目',
  },
} satisfies RuleZh<typeof messages>;
