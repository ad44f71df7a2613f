// E8: vfio-pci (a module) and the card's host drivers load in no guaranteed order: no "softdep <driver> pre: vfio-pci".
import { defineRule } from '../../src/engine/rule';
import type { Fix } from '../../src/schema/fix';
import { hostDriversFor, moduleOfDriver } from '../../src/engine/fixes/bind';
import { createOrAppend } from '../../src/engine/fixes/file-steps';
import { generatorsOf, rebuildStep, GENERATOR_LABEL } from '../../src/engine/fixes/initramfs';
import { idOf } from '../../src/facts/targets';
import { describeDevice } from '../../src/engine/describe';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'softdep-missing';
// When the devices are not in the input, the usual drivers for the vendor of the configured IDs.
const BY_VENDOR: Record<string, string[]> = { '10de': ['nouveau', 'nvidia'], '1002': ['amdgpu', 'radeon'] };

export const messages = {
  noOrder: ({ ids, missing, held }: { ids: string[]; missing: string[]; held: string[] }) =>
    `vfio-pci is a module and is given ${ids.join(', ')}, but nothing makes it load before ${missing.join(', ')}: there is no "softdep <driver> pre: vfio-pci" line for ${missing.length > 1 ? 'them' : 'it'}. Whichever module loads first takes the card${held.length ? `, and here the host driver won: ${held.join(', ')}` : '; it works now, but the order can change with a kernel or initramfs update'}.`,
  modprobeNotGiven: () => 'vfio-pci IDs are configured, but /etc/modprobe.d was not given to check for softdep lines',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E8',
    title: 'No softdep makes vfio-pci load before the GPU drivers',
    severity: 'info',
    category: 'binding',
    summary: 'With vfio-pci as a module, only "softdep <driver> pre: vfio-pci" guarantees it loads before amdgpu/nouveau/nvidia/snd_hda_intel/xhci_pci.',
    docs: ['https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough', 'https://man7.org/linux/man-pages/man5/modprobe.d.5.html'],
    keywords: ['softdep', 'pre: vfio-pci', 'load order', 'modprobe.d', 'race'],
    // No `requires`: without vfio-pci IDs there is nothing to order; with them, an empty modprobe.d directory (collected,
    // or its path listed) is an answer, which the modprobe input kind ("a line was read") cannot tell.
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.vfioPciBuiltin === true) return []; // built in: registered before any module can load
    const f = host.facts;
    const ids = host.vfioIds.entries.filter((e) => e.valid && e.via !== 'pci-stub-cmdline');
    if (ids.length === 0) return [];
    const modprobeSeen = f.modprobe.length > 0 || f.collected || f.paths.some((p) => p.startsWith('/etc/modprobe.d/'));
    if (!modprobeSeen) return ctx.unable('modprobeNotGiven');
    const idSet = new Set(ids.map((e) => e.id));
    const devs = f.pci.filter((d) => idOf(d) && idSet.has(idOf(d)!));
    const drivers = devs.length ? hostDriversFor(devs) : [...new Set([...idSet].flatMap((id) => BY_VENDOR[id.slice(0, 4)] ?? []))].sort();
    const covered = new Set(
      f.modprobe
        .filter((d) => (d.kind === 'softdep' && /^(?:(?!\bpre:).)*\bpre:.*\bvfio[-_]pci\b/.test(d.args)) || (d.kind === 'install' && /vfio[-_]pci/.test(d.args)))
        .map((d) => d.module),
    );
    // Drivers guessed from the vendor (amdgpu or radeon, nouveau or nvidia) are alternatives: a softdep for one of them
    // shows the order is handled, unless the device names the other (lspci "Kernel modules", the driver in use).
    const named = new Set(devs.flatMap((d) => [...(d.modules ?? []), ...(d.driver ? [moduleOfDriver(d.driver)] : [])]).map((m) => m.replace(/-/g, '_')));
    const alternativeCovered = (m: string) => Object.values(BY_VENDOR).some((g) => g.includes(m) && g.some((x) => covered.has(x)));
    const missing = drivers.filter((m) => !covered.has(m) && !f.modulesBuiltin?.includes(m) && (named.has(m) || !alternativeCovered(m)));
    if (missing.length === 0) return [];
    const held = devs.filter((d) => d.driver && missing.includes(moduleOfDriver(d.driver)));
    const softdeps = missing.map((m) => `softdep ${m} pre: vfio-pci`);
    const existing = ids.find((e) => e.via === 'modprobe' && e.evidence.source.startsWith('/etc/modprobe.d/'))?.evidence.source;
    const path = existing ?? '/etc/modprobe.d/vfio.conf';
    const fixes: Fix[] = generatorsOf(host).map((gen, i) => ({
      id: `${ID}/${gen}`,
      title: tr('Add softdep lines so vfio-pci loads first', '添加 softdep 行，让 vfio-pci 先加载'),
      variant: GENERATOR_LABEL[gen],
      recommended: i === 0,
      needsReboot: true,
      needsInitramfs: true,
      warnings: gen === 'mkinitcpio' ? [tr('Keep the modconf hook in HOOKS, or /etc/modprobe.d does not reach the initramfs.', 'HOOKS 里要保留 modconf hook，否则 /etc/modprobe.d 进不了 initramfs。')] : [],
      steps: [
        createOrAppend(host, path, softdeps, tr('Load vfio-pci before each of these drivers', '在这些驱动之前加载 vfio-pci')),
        rebuildStep(gen),
        { kind: 'reboot', description: tr('The load order applies from the next boot.', '加载顺序从下次开机起生效。') },
        { kind: 'verify', description: tr('modprobe shows vfio-pci loading first', 'modprobe 显示 vfio-pci 先加载'), argv: ['modprobe', '--show-depends', missing[0]!] },
      ],
    }));
    return [
      {
        severity: held.length ? 'warning' : 'info',
        messageId: 'noOrder',
        data: { ids: [...idSet], missing, held: held.map((d) => describeDevice(d)) },
        evidence: [...new Set(ids.map((e) => e.evidence)), ...held.flatMap((d) => d.evidence.filter((e) => /Kernel driver in use|driver=/.test(e.text)).slice(0, 1))],
        fixes,
        devices: held.map((d) => d.bdf),
      },
    ];
  },
});
