// F3: the passthrough GPU is the boot display and the host has no other display adapter of its own.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice, isHostDriver } from '../../src/engine/describe';
import { isDisplayClass } from '../../src/parse/pci-class';
import { shortBdf } from '../../src/parse/bdf';
import type { Host } from '../../src/facts/host';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'single-gpu-boot-vga';
// drivers/pci/vgaarb.c: vgaarb_info(dev, "setting as boot VGA device\n") (also "overriding boot device").
const BOOT_LOG = /^\S+ ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): vgaarb: (?:setting as boot VGA device|overriding boot device)/;

/** Without sysfs boot_vga, the VGA arbiter's boot-device line in the log says which card the firmware used. */
function bootVgaFromLog(host: Host, bdf: string): boolean | undefined {
  const lines = host.log(BOOT_LOG);
  if (lines.length === 0) return undefined;
  const last = BOOT_LOG.exec(lines[lines.length - 1]!.message)![1]!;
  return last === bdf;
}

export const messages = {
  onlyGpu: ({ device, idle }: { device: string; idle?: string[] }) =>
    `${device} is the passthrough target and the boot display (boot_vga=1), and ${idle ? `the other display adapter${idle.length > 1 ? 's' : ''} (${idle.join(', ')}) ${idle.length > 1 ? 'are' : 'is'} not driven by the host` : 'the host has no other display adapter'}. Once the VM takes it the host has no screen, the firmware framebuffer sits in its BAR (see bootfb-bar-conflict), and the card’s shadowed VGA ROM can be unreadable, so the guest may show a black screen (NVIDIA cards often need a dumped ROM passed with romfile=). This is a deliberate single-GPU setup only if you planned it.`,
  bootVgaUnknown: ({ bdf, path }: { bdf: string; path: string }) => `whether ${bdf} is the boot display is unknown (paste cat /sys/bus/pci/devices/${path}/boot_vga)`,
  driverUnknown: ({ devices }: { devices: string[] }) => `the driver of ${devices.join(', ')} is unknown (paste lspci -nnk)`,
  onlyTarget: () => 'only the passthrough card was listed, so other GPUs are unknown (paste the whole lspci -nnk)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'F3',
    title: 'Passing through the boot GPU with no other GPU for the host',
    severity: 'warning',
    category: 'boot-gpu',
    summary: 'The target is the boot display (boot_vga=1) and no other display adapter is driven by the host: the host loses its screen and the card’s ROM may be unreadable.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Passing_the_boot_GPU_to_the_guest', 'https://github.com/joeknock90/Single-GPU-Passthrough'],
    keywords: ['single gpu', 'boot_vga', 'only gpu', 'black screen', 'romfile', 'vbios', 'hook scripts', 'display manager'],
    requires: ['targetGpu'],
    // BOOT_LOG starts with the device's driver name: the lane scans for the arbiter's words.
    reads: { log: ['vgaarb: setting as boot VGA device', 'vgaarb: overriding boot device'] },
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.targets.gpus.length === 0) return [];
    const out: DraftOf<typeof messages>[] = [];
    for (const bdf of host.targets.gpus) {
      const gpu = host.device(bdf);
      if (!gpu) continue;
      const bootVga = gpu.bootVga ?? bootVgaFromLog(host, bdf);
      if (bootVga === undefined) return ctx.unable('bootVgaUnknown', { bdf: shortBdf(bdf), path: bdf });
      if (!bootVga) continue;
      const others = host.facts.pci.filter((d) => isDisplayClass(d.classCode) && d.bdf !== bdf && d.bdf.endsWith('.0') && !host.targets.gpus.includes(d.bdf));
      if (others.some((d) => isHostDriver(d.driver))) continue;
      if (others.some((d) => d.driver === undefined)) return ctx.unable('driverUnknown', { devices: others.filter((d) => d.driver === undefined).map((d) => shortBdf(d.bdf)) });
      // A listing of one card (lspci -s 01:00) says nothing about other GPUs; one that reaches bus 00 covers the host.
      const broad = host.facts.pciComplete || host.facts.pci.some((d) => d.bdf.startsWith('0000:00:'));
      if (!broad && others.length === 0) return ctx.unable('onlyTarget');
      const idle = others.filter((d) => !isHostDriver(d.driver));
      out.push({
        messageId: 'onlyGpu',
        data: { device: describeDevice(gpu), ...(others.length ? { idle: idle.map((d) => describeDevice(d)) } : {}) },
        evidence: [...gpu.evidence.slice(0, 2), ...host.log(BOOT_LOG).filter((l) => l.message.includes(bdf)).map((l) => l.evidence)],
        fixes: [
          plainFix(`${ID}/host-gpu`, tr('Give the host its own display', '给宿主机一块自己的显卡'), '', [
              { kind: 'manual', description: tr('In the firmware setup, enable the integrated GPU (iGPU multi-monitor) or pick another card as the primary display, and connect the host monitor to it.', '在固件设置中开启集成显卡（iGPU 多显示器），或选择另一张显卡作为主显示，并把宿主机的显示器接到它上面。') },
              { kind: 'reboot', description: tr('The other GPU becomes the boot display.', '另一张显卡成为启动显卡。') },
              { kind: 'verify', description: tr(`boot_vga of ${shortBdf(bdf)} reads 0`, `${shortBdf(bdf)} 的 boot_vga 读出 0`), argv: ['cat', `/sys/bus/pci/devices/${bdf}/boot_vga`], expect: '0' },
            ], { needsReboot: true }),
          {
            id: `${ID}/single-gpu`,
            title: tr('Keep a single-GPU setup, on purpose', '有意保留单显卡方案'),
            recommended: false,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [tr('The host has no display while the VM runs; keep SSH access.', '虚拟机运行时宿主机没有画面；请保留 SSH 访问。')],
            steps: [
              { kind: 'manual', description: tr('Use libvirt hook scripts (/etc/libvirt/hooks/qemu.d/<vm>/prepare/begin and release/end) that stop the display manager, unbind the vtconsoles and the efi-framebuffer, and detach the card before the VM starts, and reverse it afterwards.', '使用 libvirt hook 脚本（/etc/libvirt/hooks/qemu.d/<vm>/prepare/begin 和 release/end）：在虚拟机启动前停止显示管理器、解绑 vtconsole 和 efi-framebuffer、分离显卡，虚拟机结束后再恢复。') },
              { kind: 'manual', description: tr('Dump the card’s vBIOS (from another machine, or GPU-Z on Windows) and pass it to the VM: <rom file="/usr/share/vgabios/gpu.rom"/> in the <hostdev>, or romfile= for QEMU.', '导出显卡的 vBIOS（在另一台机器上，或在 Windows 上用 GPU-Z），再交给虚拟机：在 <hostdev> 里写 <rom file="/usr/share/vgabios/gpu.rom"/>,QEMU 则用 romfile=。') },
            ],
          },
        ],
        devices: [bdf],
      });
    }
    return out;
  },
});
