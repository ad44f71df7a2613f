// E7 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages, Why } from './index';
import { zhSpace } from '../../src/i18n/space';

function whyText(w: Why): string {
  switch (w.kind) {
    case 'mkModules':
      return `${w.path} 的 MODULES ${w.noVfio ? `从 initramfs 加载 ${w.gpuModule}，却根本不加载 vfio_pci` : `在 vfio_pci 之前加载 ${w.gpuModule}`}，所以 ${w.gpuModule} 先接管了显卡`;
    case 'mkKms':
      return 'HOOKS 里的 kms 钩子把显卡驱动放进了 initramfs，但 MODULES 里没有 vfio_pci，所以显卡驱动先加载';
    case 'mkModconf':
      return 'HOOKS 里没有 modconf，所以 /etc/modprobe.d（vfio-pci 的设备 ID 和 softdep）根本进不了 initramfs';
    case 'dracut':
      return '没有任何 dracut 配置加入 vfio_pci（force_drivers/add_drivers），命令行里也没有 rd.driver.pre=vfio_pci，所以镜像能加载显卡驱动，却加载不了 vfio-pci';
    case 'initramfsTools':
      return '/etc/initramfs-tools/modules 里没有 vfio_pci，所以 vfio-pci 要到根文件系统挂载后才加载，而显卡驱动可以更早加载';
  }
}

const heldText = (held: string[]) => (held.length ? `目前 ${held.join('、')} 被宿主机占用。` : '');

export const zh = {
  title: 'initramfs 里有显卡驱动却没有 vfio-pci',
  summary: '显卡驱动从 initramfs 加载（mkinitcpio 的 MODULES 或 kms 钩子、dracut、initramfs-tools）而 vfio-pci 没有时，显卡驱动会先接管显卡。',
  messages: {
    notInImage: ({ via, whys, held }: { via: 'ids' | 'override'; whys: Why[]; held: string[] }) =>
      zhSpace(`vfio-pci 本应在开机时接管显卡（${via === 'ids' ? 'vfio-pci.ids' : 'driver_override'}），但${whys.map(whyText).join(';')}。${heldText(held)}`),
    booster: ({ reason, stated, quote, yaml, forced, held }: { reason: string; stated?: string[]; quote?: string; yaml: boolean; forced: string[]; held: string[] }) => {
      const where = stated ? `你说设置了 vfio-pci.ids=${stated.join(',')}（"${quote}"；这是你的说法，不是从命令行读到的）` : '设置了 vfio-pci.ids';
      const image = yaml
        ? `/etc/booster.yaml 的 modules_force_load 里没有 vfio_pci${forced.length ? `（里面有 ${forced.join('、')}）` : ''}`
        : 'booster 只有在 /etc/booster.yaml 的 modules_force_load 列出 vfio_pci 时才会把它放进镜像并加载（它的默认模块列表里没有 vfio 模块，vfio_pci 也不会按设备别名自动加载）；没有提供 booster.yaml，所以除非你的配置里列了它，booster 就是这样处理的';
      return `initramfs 由 booster 生成（${reason}），并且${where}。vfio-pci.ids 是 vfio_pci 模块的参数：模块加载后才起作用，而${image}。所以开机时 vfio-pci 从未接管显卡，显卡驱动拿走了它；同样的命令行换成会加载 vfio_pci 的镜像（dracut、mkinitcpio）就能工作。${heldText(held)}`;
    },
    noConfig: () => '没有提供 initramfs 的配置（/etc/mkinitcpio.conf、/etc/dracut.conf.d/*.conf 或 /etc/initramfs-tools/modules）',
  },
} satisfies RuleZh<typeof messages>;
