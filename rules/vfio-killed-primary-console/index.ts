// F2: on 6.0–6.4, vfio-pci binding a secondary GPU also removed the boot framebuffer of the host's primary GPU.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { isDisplayClass } from '../../src/parse/pci-class';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vfio-killed-primary-console';

const DUMMY = /^Console: switching to colour dummy device/;

export const messages = {
  evicted: ({ release, secondary, primary }: { release: string; secondary: string[]; primary?: string }) =>
    `Kernel ${release} is in the 6.0–6.4 range where vfio-pci, when it binds a secondary VGA card (${secondary.join(', ')}), also removed the firmware framebuffer of the boot display${primary ? ` ${primary}` : ''}: the host's text console freezes or switches to a dummy console until a real driver loads. Commit 5ae3716cfdcd ("video/aperture: Only remove sysfb on the default vga pci device") fixed it in 6.5 and was sent to stable (6.1.y and 6.4.y carry it in later point releases), so a current point release of your series may already be fine. Harmless for the VM itself.`,
  noGpu: () => 'no GPU was found in the input (paste lspci -nnk)',
  bootDisplayUnknown: () => 'which GPU is the boot display is unknown (paste grep . /sys/bus/pci/devices/*/boot_vga)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'F2',
    title: 'Kernels 6.0–6.4: binding the guest GPU can blank the host console',
    severity: 'info',
    category: 'boot-gpu',
    summary: 'On 6.0–6.4, vfio-pci binding a secondary GPU also removed the firmware framebuffer of the primary GPU (fixed by 5ae3716cfdcd in 6.5 and stable).',
    docs: ['https://lore.kernel.org/dri-devel/20230406083240.14031-8-tzimmermann@suse.de/'],
    keywords: ['console', 'efifb', 'simpledrm', 'black screen', 'host display', 'dummy device', '6.1', 'framebuffer'],
    requires: ['kernelVersion'],
    reads: { log: [DUMMY] },
    messages,
    zh,
  },
  check(host, ctx) {
    if (!host.kernel) return [];
    const { major, minor, release } = host.kernel;
    if (major !== 6 || minor > 4) return [];
    const gpus = host.facts.pci.filter((d) => isDisplayClass(d.classCode) && d.bdf.endsWith('.0'));
    if (gpus.length === 0) return ctx.unable('noGpu');
    // vfio-pci evicts framebuffers only for VGA-class cards (vfio_pci_vga_init); the bug hit a card that is not the boot display.
    const secondary = gpus.filter((d) => d.classCode?.startsWith('0300') && d.bootVga !== true && (d.driver === 'vfio-pci' || host.targets.gpus.includes(d.bdf)));
    const primary = gpus.find((d) => d.bootVga === true);
    if (secondary.length === 0) return [];
    if (!primary && gpus.every((d) => d.bootVga === undefined)) return ctx.unable('bootDisplayUnknown');
    const dummy = host.log(DUMMY);
    // 6.1.y and 6.4.y received the fix in later point releases (and distro versions hide the point release):
    // there, only the console actually switching to the dummy device shows the bug. 6.0, 6.2 and 6.3 never got it.
    if ((minor === 1 || minor === 4) && dummy.length === 0) return [];
    return [
      {
        messageId: 'evicted',
        data: { release, secondary: secondary.map((d) => describeDevice(d, false)), ...(primary ? { primary: describeDevice(primary, false) } : {}) },
        evidence: [host.kernel.evidence, ...secondary.flatMap((d) => d.evidence.slice(0, 1)), ...dummy.map((l) => l.evidence)],
        fixes: [
          plainFix(`${ID}/update-kernel`, tr('Run a kernel with the aperture fix', '换用带 aperture 修复的内核'), '', [
              { kind: 'manual', description: tr('Install your distribution\'s newest kernel of this series (6.1.y / 6.4.y point releases carry the stable backport) or any 6.5+ kernel.', '安装发行版中这个系列的最新内核（6.1.y / 6.4.y 的小版本带有 stable 回移），或任意 6.5+ 内核。') },
              { kind: 'reboot', description: tr('Boot the new kernel.', '用新内核启动。') },
              { kind: 'verify', description: tr('The host console stays on the boot GPU after vfio-pci binds the guest card', 'vfio-pci 绑定虚拟机显卡后，宿主机控制台仍留在启动显卡上'), argv: ['uname', '-r'] },
            ], { needsReboot: true }),
        ],
        devices: secondary.map((d) => d.bdf),
      },
    ];
  },
});
