// E2: vfio-pci is not loaded (nor built in), or the kernel has no vfio-pci at all, so nothing can claim the card.
import { plainFix } from '../../src/engine/fixes/manual';
import { moduleListCovers } from '../../src/parse/modules';
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import type { Fix } from '../../src/schema/fix';
import { createOrAppend } from '../../src/engine/fixes/file-steps';
import { earlyVfioSteps, generatorsOf, rebuildStep, GENERATOR_LABEL } from '../../src/engine/fixes/initramfs';
import { targetFunctions } from '../../src/facts/targets';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vfio-pci-not-loaded';

const LOADED = /^vfio_pci: add \[|^vfio-pci \S+: /;

export const messages = {
  noDriver: ({ release, tool }: { release?: string; tool?: string }) =>
    `This kernel${release ? ` (${release})` : ''} has no vfio-pci driver: ${tool ? `${tool} cannot find the module` : 'it was built without CONFIG_VFIO_PCI'}. No device can be handed to a VM until a kernel with vfio-pci runs — install the distribution's standard kernel (or its modules package, e.g. linux-modules-extra on Ubuntu), or rebuild with CONFIG_VFIO_PCI=m.`,
  configured: ({ ids, overrides }: { ids: string[]; overrides: string[] }) =>
    `vfio-pci is configured to claim ${ids.length ? `${ids.join(', ')} (vfio-pci.ids)` : ''}${ids.length && overrides.length ? ' and ' : ''}${overrides.length ? `${overrides.join(', ')} (driver_override)` : ''}, but the vfio_pci module is not loaded and not built in: nothing ever loaded it, so the configuration never took effect. Load it from the initramfs (and /etc/modules-load.d) so it claims the card before the GPU drivers do.`,
  notLoaded: ({ forTarget, held }: { forTarget: boolean; held: { bdf: string; driver: string }[] }) =>
    `The vfio_pci module is not loaded (and not built in). Nothing will claim ${forTarget ? 'the passthrough card' : 'a card'} for VFIO at boot${held.length ? `; ${held.map((d) => `${d.bdf} is on ${d.driver}`).join(', ')}` : ''}. libvirt loads vfio-pci by itself for managed <hostdev> devices, but a GPU should be bound at boot: load vfio-pci early and give it the card's IDs.`,
  modulesUnknown: () => 'which modules are loaded is unknown (paste lsmod or /proc/modules)',
  modulesFiltered: () => 'only part of the module list was given (lsmod was filtered); paste the whole lsmod or /proc/modules',
  builtinUnknown: () => 'vfio_pci is not in the module list, but whether it is built into the kernel is unknown (paste: grep vfio /lib/modules/$(uname -r)/modules.builtin)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E2',
    title: 'vfio-pci is not loaded',
    severity: 'error',
    category: 'binding',
    summary: 'vfio_pci is neither loaded nor built in (or the kernel has no vfio-pci), so configured IDs and overrides never take effect.',
    docs: ['https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    consequenceOf: ['running-inside-vm', 'gpu-bound-to-host-driver'],
    keywords: ['vfio_pci', 'lsmod', 'not loaded', 'modprobe vfio-pci', 'Module vfio_pci not found', 'modules-load.d', '/etc/modules'],
    // No `requires`: a device on vfio-pci, a built-in vfio-pci or the log's vfio_pci lines each settle it without lsmod,
    // so the missing module list is the rule's own reason, given only when nothing else settled it.
    reads: { log: ['^vfio_pci: add [', '^vfio-pci '] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    // modprobe, and the initramfs builders and systemd-modules-load saying they cannot find it (README: Messages
    // matched); kmod's lookup also finds built-in modules, so "not found" means the kernel has none.
    const notFound = f.buildMessages.filter(
      (m) => /^vfio[-_]pci$/.test(m.module ?? '') && (m.tool === 'modprobe' || /Failed to find module|module not found/i.test(m.evidence.text)),
    );
    const kconfigOff = f.kconfig !== undefined && f.kconfig.VFIO_PCI !== undefined && f.kconfig.VFIO_PCI !== 'y' && f.kconfig.VFIO_PCI !== 'm';
    if (notFound.length || kconfigOff) {
      // The running kernel has no vfio-pci at all: no configuration can help.
      const ev: Evidence[] = notFound.map((m) => m.evidence);
      if (kconfigOff) ev.push({ source: `/boot/config-${host.kernel?.release ?? '$(uname -r)'}`, text: '# CONFIG_VFIO_PCI is not set' });
      return [
        {
          messageId: 'noDriver',
          data: {
            ...(host.kernel ? { release: host.kernel.release } : {}),
            ...(notFound.length ? { tool: notFound.some((m) => m.tool === 'modprobe') ? 'modprobe' : notFound[0]!.tool } : {}),
          },
          evidence: ev,
          fixes: [
            plainFix(`${ID}/kernel`, tr('Boot a kernel that has vfio-pci', '用带有 vfio-pci 的内核启动'), '', [
                { kind: 'manual', description: tr('Install the distribution kernel (or the package with its extra modules) that ships vfio-pci.ko, or enable CONFIG_VFIO_PCI in a custom kernel.', '安装带有 vfio-pci.ko 的发行版内核（或它的额外模块包），或者在自编译内核中启用 CONFIG_VFIO_PCI。') },
                { kind: 'reboot', description: tr('Boot the new kernel.', '用新内核启动。') },
                { kind: 'verify', description: tr('modinfo finds vfio-pci', 'modinfo 能找到 vfio-pci'), argv: ['modinfo', 'vfio-pci'] },
              ], { needsReboot: true }),
          ],
        },
      ];
    }
    if (host.vfioPciBuiltin === true) return [];
    const devicesOnVfio = f.pci.filter((d) => d.driver === 'vfio-pci');
    if (devicesOnVfio.length || f.modulesLoaded?.includes('vfio_pci') || host.log(LOADED).length) return [];
    if (!f.modulesLoaded) return ctx.unable('modulesUnknown');
    // `lsmod | grep kvm` lists only what matched: it cannot show that vfio_pci is missing.
    if (!moduleListCovers(f, 'vfio_pci')) return ctx.unable('modulesFiltered');
    if (host.vfioPciBuiltin === undefined && !f.collected) return ctx.unable('builtinUnknown');

    // vfio-pci is a module that was never loaded. That matters when something expects it to claim a device at boot.
    const ids = host.vfioIds.entries.filter((e) => e.valid && e.via !== 'pci-stub-cmdline');
    const overrides = f.pci.filter((d) => d.driverOverride === 'vfio-pci');
    const targets = targetFunctions(host);
    const configured = ids.length > 0 || overrides.length > 0;
    if (!configured && targets.length === 0) return []; // nothing to claim: no configuration and no GPU to pass through
    const ev: Evidence[] = [{ source: f.modulesLoaded.length ? '/proc/modules' : 'lsmod', text: tr('vfio_pci is not in the list of loaded modules', 'vfio_pci 不在已加载模块列表中') }];
    ev.push(...[...new Set(ids.map((e) => e.evidence))], ...overrides.flatMap((d) => d.evidence.slice(0, 1)));
    const gens = generatorsOf(host);
    const fixes: Fix[] = gens.map((gen, i) => ({
      id: `${ID}/${gen}`,
      title: tr('Load vfio-pci now and at every boot, before the GPU drivers', '立即加载 vfio-pci，并在每次开机时先于显卡驱动加载'),
      variant: GENERATOR_LABEL[gen],
      recommended: i === 0,
      needsReboot: true,
      needsInitramfs: true,
      warnings: [],
      steps: [
        { kind: 'command', argv: ['modprobe', 'vfio-pci'], description: tr('Load vfio-pci now (it claims configured devices that no other driver holds)', '立即加载 vfio-pci（它会接管已配置、且没有被其他驱动占用的设备）'), root: true },
        createOrAppend(host, '/etc/modules-load.d/vfio.conf', ['vfio', 'vfio_iommu_type1', 'vfio_pci'], tr('Load the vfio modules at every boot', '每次开机时加载 vfio 模块')),
        ...earlyVfioSteps(host, gen),
        rebuildStep(gen),
        { kind: 'reboot', description: tr('vfio-pci now loads from the initramfs, before any GPU driver.', '现在 vfio-pci 会从 initramfs 加载，先于任何显卡驱动。') },
        { kind: 'verify', description: tr('lsmod lists vfio_pci', 'lsmod 列出 vfio_pci'), argv: ['sh', '-c', 'lsmod | grep vfio_pci'] },
      ],
    }));
    const held = targets.filter((d) => d.driver && d.driver !== 'vfio-pci');
    return [
      {
        severity: configured ? 'error' : 'warning',
        ...(configured
          ? { messageId: 'configured' as const, data: { ids: [...new Set(ids.map((e) => e.id))], overrides: overrides.map((d) => d.bdf) } }
          : { messageId: 'notLoaded' as const, data: { forTarget: targets.length > 0, held: held.map((d) => ({ bdf: d.bdf.slice(5), driver: d.driver! })) } }),
        evidence: ev,
        fixes,
        devices: held.map((d) => d.bdf),
      },
    ];
  },
});
