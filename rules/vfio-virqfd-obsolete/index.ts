// E6: vfio_virqfd is still listed for early loading, but since Linux 6.2 it is part of vfio.ko and no longer exists.
import { defineRule } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import { kernelAtLeast } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import type { Fix, FixStep } from '../../src/schema/fix';
import type { InitramfsGenerator } from '../../src/schema/facts';
import { generatorsOf, rebuildStep } from '../../src/engine/fixes/initramfs';
import { moduleLines, evidenceOfLine, type ModuleLine } from '../../src/facts/early-boot-config';
import { removeLinesStep, replaceLineSteps } from '../../src/engine/fixes/file-steps';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vfio-virqfd-obsolete';
const VIRQFD = /^vfio[-_]virqfd$/;

function generatorOf(l: ModuleLine): InitramfsGenerator | undefined {
  if (l.kind === 'dracut') return 'dracut';
  if (l.kind === 'mkinitcpio-modules') return 'mkinitcpio';
  if (l.path === '/etc/initramfs-tools/modules') return 'initramfs-tools';
  return undefined; // /etc/modules, /etc/modules-load.d: read by systemd-modules-load at boot, not built into an image
}

/** The edit that takes vfio_virqfd out of one line (`replacement` keeps it as mkinitcpio's optional form instead). */
function editFor(host: Host, l: ModuleLine, replacement?: string): FixStep[] {
  if (l.kind === 'list') return [removeLinesStep(host, l.path, ['^\\s*vfio[-_]virqfd(\\s.*)?$'], tr(`Delete the vfio_virqfd line from ${l.path}`, `从 ${l.path} 中删除 vfio_virqfd 这一行`))];
  const newLine = l.text.replace(/(^|[\s("'])vfio[-_]virqfd(?=[\s)"']|$)/, (_m, pre: string) => (replacement ? `${pre}${replacement}` : pre)).replace(/ {2,}/g, ' ').replace(/\( /, '(').replace(/ \)/, ')');
  return replaceLineSteps(host, l.path, l.text, newLine.trim(), replacement ? tr(`Make vfio_virqfd optional in ${l.path}`, `在 ${l.path} 中把 vfio_virqfd 改为可选`) : tr(`Take vfio_virqfd out of ${l.path}`, `从 ${l.path} 中去掉 vfio_virqfd`));
}

type Effect = 'dracut' | 'mkinitcpio' | 'modulesLoad' | 'initramfsTools';
const EFFECT: Record<Effect, string> = {
  dracut: 'dracut aborts the whole build ("dracut-install: Failed to find module \'vfio_virqfd\'", "dracut: FAILED: …"), so no new initramfs is written at all',
  mkinitcpio: 'mkinitcpio reports "==> ERROR: module not found: \'vfio_virqfd\'" and finishes with "errors were encountered during the build. The image may not be complete."',
  modulesLoad: 'systemd-modules-load logs "Failed to find module \'vfio_virqfd\'" at every boot and the unit shows as failed',
  initramfsTools: 'initramfs-tools skips the missing module (noise, no harm)',
};

export const messages = {
  obsolete: ({ where, effects, release, runningIsNew }: { where: string[]; effects: Effect[]; release?: string; runningIsNew: boolean }) =>
    `vfio_virqfd is listed for loading (${where.join(', ')}), but since Linux 6.2 its code is part of vfio.ko and the module no longer exists (${release && runningIsNew ? `the running kernel is ${release}` : release ? `the messages come from a build for a kernel newer than the running ${release}` : 'the messages show that the kernel being built for has no such module'}). ${effects.map((e) => EFFECT[e]).join('; ')}. Delete the entry: vfio, vfio_iommu_type1 and vfio_pci are all that is needed.${effects.includes('dracut') ? ' Until then every dracut run fails, so no other initramfs change (vfio-pci IDs, softdeps) reaches the image.' : ''}`,
  noConfig: () =>
    'no module-loading configuration was given (/etc/modules, /etc/modules-load.d/*.conf, /etc/initramfs-tools/modules, /etc/mkinitcpio.conf, /etc/dracut.conf.d/*.conf) and no mkinitcpio/dracut output',
  kernelUnknown: ({ paths }: { paths: string[] }) =>
    `vfio_virqfd is listed in ${paths.join(', ')}, which breaks only on Linux 6.2 and later, and the kernel version is unknown (paste uname -r)`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E6',
    title: 'vfio_virqfd is listed, but it no longer exists (Linux 6.2 and later)',
    severity: 'warning',
    category: 'binding',
    summary: 'vfio_virqfd was folded into vfio.ko in Linux 6.2; listing it breaks dracut builds and makes mkinitcpio and systemd-modules-load report errors.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#mkinitcpio', 'https://lore.kernel.org/kvm/5-v4-7993c351e9dc+33a818-vfio_modules_jgg@nvidia.com/'],
    keywords: ['vfio_virqfd', 'module not found', 'Failed to find module', 'dracut FAILED', 'dracut-install', 'mkinitcpio error', '6.2'],
    // No `requires`: the module-loading configuration is several files and build outputs no one input kind covers, and
    // the kernel version matters only when vfio_virqfd is listed: both reasons are the rule's own.
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const all = moduleLines(host).filter((l) => l.kind !== 'mkinitcpio-hooks');
    const listed = all.filter((l) => l.items.some((i) => VIRQFD.test(i)));
    // Build and boot messages prove the module is missing for the kernel they were run for, whatever is running now.
    const messages = f.buildMessages.filter((m) => (m.module ? VIRQFD.test(m.module) : /vfio[-_]virqfd/.test(m.evidence.text)));
    const buildWarn = messages.some((m) => m.tool === 'mkinitcpio') ? f.buildMessages.filter((m) => m.tool === 'mkinitcpio' && !m.module) : [];
    if (listed.length === 0 && messages.length === 0) {
      const anyConfig = all.length > 0 || f.configFiles.some((c) => /^\/etc\/(?:modules|modules-load\.d\/|initramfs-tools\/modules|mkinitcpio\.conf|dracut\.conf)/.test(c.path));
      if (!anyConfig && f.buildMessages.length === 0)
        return ctx.unable('noConfig');
      return [];
    }
    const newKernel = kernelAtLeast(host, 6, 2);
    if (messages.length === 0) {
      // Only the configuration: harmless on kernels before 6.2, where vfio_virqfd.ko still exists.
      if (newKernel === false) return [];
      if (newKernel === undefined)
        return ctx.unable('kernelUnknown', { paths: [...new Set(listed.map((l) => l.path))] });
    }
    const dracut = listed.some((l) => l.kind === 'dracut') || messages.some((m) => m.tool === 'dracut');
    const where = [...new Set([...listed.map((l) => l.path), ...messages.map((m) => m.tool)])];
    const effects: Effect[] = [];
    if (dracut) effects.push('dracut');
    if (listed.some((l) => l.kind === 'mkinitcpio-modules') || messages.some((m) => m.tool === 'mkinitcpio')) effects.push('mkinitcpio');
    if (listed.some((l) => l.path === '/etc/modules' || l.path.startsWith('/etc/modules-load.d/')) || messages.some((m) => m.tool === 'systemd-modules-load')) effects.push('modulesLoad');
    if (listed.some((l) => l.path === '/etc/initramfs-tools/modules')) effects.push('initramfsTools');

    const gens = [...new Set([...listed.map(generatorOf), ...messages.map((m) => (m.tool === 'mkinitcpio' || m.tool === 'dracut' ? m.tool : undefined))].filter((g): g is InitramfsGenerator => !!g))];
    const rebuild = (gs: InitramfsGenerator[]) => (gs.length ? gs : messages.length && !listed.length ? generatorsOf(host).slice(0, 1) : []).map(rebuildStep);
    const manual: FixStep[] = listed.length
      ? []
      : [
          {
            kind: 'manual',
            description: tr(
              'Delete vfio_virqfd wherever it is listed: MODULES=(…) in /etc/mkinitcpio.conf and /etc/mkinitcpio.conf.d/*.conf; add_drivers/force_drivers in /etc/dracut.conf.d/*.conf; its own line in /etc/modules, /etc/modules-load.d/*.conf or /etc/initramfs-tools/modules (grep -rn virqfd /etc).',
              '在所有列出 vfio_virqfd 的地方删除它：/etc/mkinitcpio.conf 和 /etc/mkinitcpio.conf.d/*.conf 中的 MODULES=(…);/etc/dracut.conf.d/*.conf 中的 add_drivers/force_drivers;/etc/modules、/etc/modules-load.d/*.conf 或 /etc/initramfs-tools/modules 中单独的一行（grep -rn virqfd /etc）。',
            ),
          },
        ];
    const fixes: Fix[] = [
      {
        id: `${ID}/remove`,
        title: tr('Remove vfio_virqfd (vfio.ko provides it since Linux 6.2)', '删除 vfio_virqfd（从 Linux 6.2 起由 vfio.ko 提供）'),
        recommended: true,
        needsReboot: false,
        needsInitramfs: gens.length > 0 || manual.length > 0,
        warnings: [],
        steps: [...manual, ...listed.flatMap((l) => editFor(host, l)), ...rebuild(gens), { kind: 'verify', description: tr('The rebuild (or the next boot) no longer mentions vfio_virqfd', '重新生成（或下次开机）时不再提到 vfio_virqfd'), argv: ['grep', '-rn', 'virqfd', '/etc'] }],
      },
    ];
    const mk = listed.filter((l) => l.kind === 'mkinitcpio-modules');
    if (mk.length && listed.length === mk.length)
      fixes.push({
        id: `${ID}/optional-mkinitcpio`,
        title: tr('Keep vfio_virqfd as an optional module (vfio_virqfd?) for a configuration shared with pre-6.2 kernels', '把 vfio_virqfd 保留为可选模块（vfio_virqfd？），供与 6.2 之前内核共用的配置使用'),
        recommended: false,
        needsReboot: false,
        needsInitramfs: true,
        warnings: [tr('Only useful when the same mkinitcpio.conf also builds images for kernels older than 6.2 (e.g. linux-lts of an old release).', '只有同一个 mkinitcpio.conf 还要为 6.2 之前的内核（例如旧版本的 linux-lts）生成镜像时才有用。')],
        steps: [...mk.flatMap((l) => editFor(host, l, 'vfio_virqfd?')), rebuildStep('mkinitcpio')],
      });
    const evidence: Evidence[] = [...listed.map(evidenceOfLine), ...messages.map((m) => m.evidence), ...buildWarn.map((m) => m.evidence)];
    if (host.kernel && newKernel) evidence.push(host.kernel.evidence);
    return [
      {
        severity: dracut ? 'error' : 'warning',
        messageId: 'obsolete',
        data: { where, effects, ...(host.kernel ? { release: host.kernel.release } : {}), runningIsNew: !!newKernel },
        evidence,
        fixes,
      },
    ];
  },
});
