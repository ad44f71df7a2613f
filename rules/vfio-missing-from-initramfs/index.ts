// E7: the initramfs loads GPU drivers but not vfio-pci (or not its modprobe.d options), so the GPU driver wins the race.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import type { FixStep, Fix } from '../../src/schema/fix';
import type { InitramfsGenerator } from '../../src/schema/facts';
import { earlyVfioSteps, rebuildStep, verifyInitramfsStep, GENERATOR_LABEL } from '../../src/engine/fixes/initramfs';
import { targetFunctions } from '../../src/facts/targets';
import { isHostDriver, describeDevice } from '../../src/engine/describe';
import { paramValues } from '../../src/parse/cmdline';
import { moduleLines, mkinitcpioEffective, moduleOf, evidenceOfLine, isMkinitcpioFile, isDracutFile, type ModuleLine } from '../../src/facts/early-boot-config';
import { replaceLineSteps } from '../../src/engine/fixes/file-steps';
import { zh } from './zh';

const ID = 'vfio-missing-from-initramfs';
const GPU_MODULES = new Set(['amdgpu', 'radeon', 'nouveau', 'nvidia', 'nvidia_modeset', 'nvidia_uvm', 'nvidia_drm', 'i915', 'xe']);
const VFIO = ['vfio_pci', 'vfio', 'vfio_iommu_type1'];

/** One reason the image loads the GPU driver first, as data; whyText() words it. */
export type Why =
  | { kind: 'mkModules'; path: string; gpuModule: string; noVfio: boolean }
  | { kind: 'mkKms' }
  | { kind: 'mkModconf' }
  | { kind: 'dracut' }
  | { kind: 'initramfsTools' };

function whyText(w: Why): string {
  switch (w.kind) {
    case 'mkModules':
      return `MODULES in ${w.path} loads ${w.gpuModule} ${w.noVfio ? 'from the initramfs but not vfio_pci at all' : 'before vfio_pci'}, so ${w.gpuModule} claims the card first`;
    case 'mkKms':
      return `the kms hook in HOOKS puts the GPU drivers into the initramfs, but MODULES has no vfio_pci, so the GPU driver loads first`;
    case 'mkModconf':
      return `HOOKS has no modconf, so /etc/modprobe.d (the vfio-pci IDs and softdeps) never reaches the initramfs`;
    case 'dracut':
      return 'no dracut configuration adds vfio_pci (force_drivers/add_drivers) and the command line has no rd.driver.pre=vfio_pci, so the image can load the GPU driver but not vfio-pci';
    case 'initramfsTools':
      return '/etc/initramfs-tools/modules does not list vfio_pci, so vfio-pci loads only after the root file system while the GPU driver can load earlier';
  }
}

const heldText = (held: string[]) => (held.length ? ` Right now ${held.join(', ')} ${held.length > 1 ? 'are' : 'is'} held by the host.` : '');

export const messages = {
  notInImage: ({ via, whys, held }: { via: 'ids' | 'override'; whys: Why[]; held: string[] }) =>
    `vfio-pci is meant to claim the card at boot (${via === 'ids' ? 'vfio-pci.ids' : 'driver_override'}), but ${whys.map(whyText).join('; ')}.${heldText(held)}`,
  booster: ({ reason, stated, quote, yaml, forced, held }: { reason: string; stated?: string[]; quote?: string; yaml: boolean; forced: string[]; held: string[] }) => {
    const where = stated ? `you say vfio-pci.ids=${stated.join(',')} is set ("${quote}"; stated, not read from the command line)` : 'vfio-pci.ids is set';
    const image = yaml
      ? `/etc/booster.yaml does not list vfio_pci in modules_force_load${forced.length ? ` (it has ${forced.join(', ')})` : ''}`
      : `booster puts vfio_pci into its image and loads it there only when /etc/booster.yaml lists it in modules_force_load (its default module list has no vfio module, and vfio_pci is never loaded by a device alias); booster.yaml was not given, so this is what booster does unless yours lists it`;
    return `The initramfs is built by booster — ${reason} — and ${where}. vfio-pci.ids is a parameter of the vfio_pci module: it acts only once that module is loaded, and ${image}. So vfio-pci never claims the card at boot and the GPU driver takes it — the same command line works with an image (dracut, mkinitcpio) that loads vfio_pci.${heldText(held)}`;
  },
  noConfig: () => 'no initramfs configuration was given (/etc/mkinitcpio.conf, /etc/dracut.conf.d/*.conf or /etc/initramfs-tools/modules)',
};

interface Problem {
  gen: InitramfsGenerator;
  why: Why;
  evidence: Evidence[];
  steps: FixStep[];
}

function mkinitcpioProblems(host: Host, lines: ModuleLine[], modprobeBinding: boolean): Problem[] {
  const eff = mkinitcpioEffective(lines);
  const mods = (eff.modules ?? []).map(moduleOf);
  const out: Problem[] = [];
  const modLine = [...eff.lines].reverse().find((l) => l.kind === 'mkinitcpio-modules');
  const hookLine = [...eff.lines].reverse().find((l) => l.kind === 'mkinitcpio-hooks');
  const vfioAt = mods.indexOf('vfio_pci');
  const gpuAt = mods.findIndex((m) => GPU_MODULES.has(m));
  const hasKms = (eff.hooks ?? []).includes('kms');
  // Rewrite MODULES in place when one plain assignment defines it; otherwise prepend the vfio modules in a drop-in.
  const reorder = (): FixStep[] =>
    modLine && !modLine.append && eff.lines.filter((l) => l.kind === 'mkinitcpio-modules').length === 1
      ? replaceLineSteps(host, modLine.path, modLine.text, `MODULES=(${[...VFIO, ...(eff.modules ?? []).filter((m) => !VFIO.includes(moduleOf(m)))].join(' ')})`, `Put the vfio modules first in MODULES of ${modLine.path}`)
      : earlyVfioSteps(host, 'mkinitcpio');
  if (gpuAt >= 0 && (vfioAt < 0 || vfioAt > gpuAt))
    out.push({
      gen: 'mkinitcpio',
      why: { kind: 'mkModules', path: modLine?.path ?? '/etc/mkinitcpio.conf', gpuModule: mods[gpuAt]!, noVfio: vfioAt < 0 },
      evidence: modLine ? [evidenceOfLine(modLine)] : [],
      steps: reorder(),
    });
  else if (hasKms && vfioAt < 0)
    out.push({
      gen: 'mkinitcpio',
      why: { kind: 'mkKms' },
      evidence: [hookLine, modLine].filter((l): l is ModuleLine => !!l).map(evidenceOfLine),
      steps: reorder(),
    });
  if (eff.hooks && !eff.hooks.includes('modconf') && modprobeBinding && hookLine) {
    const hooks = [...eff.hooks];
    const after = ['microcode', 'autodetect', 'udev', 'systemd', 'base'].map((h) => hooks.indexOf(h)).find((i) => i >= 0) ?? -1;
    hooks.splice(after + 1, 0, 'modconf');
    out.push({
      gen: 'mkinitcpio',
      why: { kind: 'mkModconf' },
      evidence: [evidenceOfLine(hookLine)],
      steps: replaceLineSteps(host, hookLine.path, hookLine.text, `HOOKS=(${hooks.join(' ')})`, `Add the modconf hook in ${hookLine.path}`),
    });
  }
  return out;
}

/** modules_force_load of a booster.yaml: booster's generator/config.go reads it as one comma-separated string. */
function boosterForceLoad(content: string): string[] | undefined {
  const m = /^modules_force_load:[ \t]*(.*)$/m.exec(content);
  return m ? m[1]!.replace(/#.*$/, '').replace(/["']/g, '').split(',').map((x) => moduleOf(x.trim())).filter(Boolean) : undefined;
}

/**
 * booster (anatol/booster): generator/generator.go puts its defaultModulesList (storage, input, crypto; no vfio, no
 * GPU driver) in the image plus what /etc/booster.yaml lists in modules/modules_force_load, and init/main.go loads only
 * modules_force_load and modules whose alias matches a device. vfio_pci's alias ("vfio_pci:v*d*…", the kernel's
 * PCI_DRIVER_OVERRIDE_DEVICE_VFIO entries) never matches a device's "pci:…" modalias, so with vfio-pci.ids the module
 * is loaded in the image only from modules_force_load; the ids themselves reach it from the command line
 * (init/cmdline.go). Nothing later loads vfio_pci by itself either, so the GPU driver gets the card.
 */
function boosterCheck(host: Host): DraftOf<typeof messages>[] {
  const f = host.facts;
  const ids = host.vfioIds.entries.filter((e) => e.valid && e.via !== 'pci-stub-cmdline');
  const stated = host.vfioIds.stated.filter((e) => e.valid);
  if (ids.length === 0 && stated.length === 0) return [];
  const funcs = targetFunctions(host);
  if (funcs.length > 0 && funcs.every((d) => d.driver === 'vfio-pci')) return [];
  const yaml = f.configFiles.find((c) => c.path === '/etc/booster.yaml');
  const forced = yaml ? boosterForceLoad(yaml.content) ?? [] : undefined;
  if (forced?.includes('vfio_pci')) return [];
  const held = funcs.filter((d) => isHostDriver(d.driver));
  const idsEv = ids.length ? [...new Set(ids.map((e) => e.evidence))] : [...new Set(stated.map((e) => e.evidence))];
  return [
    {
      messageId: 'booster',
      data: {
        reason: host.initramfs.reason,
        stated: ids.length ? undefined : [...new Set(stated.map((e) => e.id))],
        quote: ids.length ? undefined : stated[0]!.evidence.text.trim(),
        yaml: !!yaml,
        forced: forced ?? [],
        held: held.map((d) => describeDevice(d)),
      },
      evidence: [...host.initramfs.evidence, ...idsEv, ...(yaml ? [{ source: '/etc/booster.yaml', text: forced?.length ? `modules_force_load: ${forced.join(',')}` : '(no modules_force_load line)' }] : []), ...held.flatMap((d) => d.evidence.filter((e) => /Kernel driver in use|driver=/.test(e.text)).slice(0, 1))],
      fixes: [
        {
          id: `${ID}/booster`,
          title: 'Load vfio-pci from the booster image, before the GPU drivers',
          variant: GENERATOR_LABEL.booster,
          recommended: true,
          needsReboot: true,
          needsInitramfs: true,
          warnings: [],
          steps: [...earlyVfioSteps(host, 'booster'), rebuildStep('booster'), { kind: 'reboot', description: 'vfio-pci now loads in the image and claims the IDs before the GPU driver.' }, verifyInitramfsStep('booster', host.kernel?.release, host.facts.cmdline)],
        },
      ],
      devices: held.map((d) => d.bdf),
    },
  ];
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E7',
    title: 'vfio-pci is not in the initramfs, but the GPU driver is',
    severity: 'warning',
    category: 'binding',
    summary: 'When the GPU driver loads from the initramfs (mkinitcpio MODULES or kms hook, dracut, initramfs-tools) and vfio-pci does not, the GPU driver claims the card first.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#mkinitcpio', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['initramfs', 'mkinitcpio', 'MODULES', 'HOOKS', 'kms', 'modconf', 'dracut', 'force_drivers', 'initramfs-tools', 'early load', 'order'],
    // No requires: the initramfs configuration is no input kind of its own; its reason names the files.
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.vfioPciBuiltin === true) return []; // a built-in vfio-pci registers before any module loads
    const f = host.facts;
    const lines = moduleLines(host);
    const hasMk = f.configFiles.some((c) => isMkinitcpioFile(c.path));
    const hasDracut = f.configFiles.some((c) => isDracutFile(c.path));
    const hasItools = f.configFiles.some((c) => c.path === '/etc/initramfs-tools/modules');
    if (host.initramfs.value === 'booster' && !hasMk && !hasDracut && !hasItools) return boosterCheck(host);
    if (!hasMk && !hasDracut && !hasItools) return ctx.unable('noConfig');
    const ids = host.vfioIds.entries.filter((e) => e.valid && e.via !== 'pci-stub-cmdline');
    const overrides = f.pci.filter((d) => d.driverOverride === 'vfio-pci');
    if (ids.length === 0 && overrides.length === 0) return []; // nothing asks vfio-pci to claim a device at boot
    const funcs = targetFunctions(host);
    if (funcs.length > 0 && funcs.every((d) => d.driver === 'vfio-pci')) return []; // it works: the GPU driver is not in the image, or loads later
    const held = funcs.filter((d) => isHostDriver(d.driver));
    const modprobeBinding = ids.some((e) => e.via === 'modprobe') || f.modprobe.some((d) => d.kind === 'softdep' && /vfio/.test(d.args));
    const problems: Problem[] = [];
    if (hasMk) problems.push(...mkinitcpioProblems(host, lines.filter((l) => isMkinitcpioFile(l.path)), modprobeBinding));
    if (hasDracut && held.length) {
      const dl = lines.filter((l) => l.kind === 'dracut');
      const pre = paramValues(f.cmdline, 'rd.driver.pre').some((v) => /vfio[-_]pci/.test(v));
      if (!pre && !dl.some((l) => l.items.map(moduleOf).includes('vfio_pci')))
        problems.push({ gen: 'dracut', why: { kind: 'dracut' }, evidence: dl.map(evidenceOfLine), steps: earlyVfioSteps(host, 'dracut') });
    }
    if (hasItools && held.length) {
      const il = lines.filter((l) => l.path === '/etc/initramfs-tools/modules');
      if (!il.some((l) => l.items.map(moduleOf).includes('vfio_pci')))
        problems.push({ gen: 'initramfs-tools', why: { kind: 'initramfsTools' }, evidence: [{ source: '/etc/initramfs-tools/modules', text: il.length ? il.map((l) => l.text.trim()).join(' ') : '(no modules listed)' }], steps: earlyVfioSteps(host, 'initramfs-tools') });
    }
    if (problems.length === 0) return [];
    const gens = [...new Set(problems.map((p) => p.gen))];
    const fixes: Fix[] = gens.map((gen, i) => ({
      id: `${ID}/${gen}`,
      title: 'Load vfio-pci from the initramfs, before the GPU drivers',
      variant: GENERATOR_LABEL[gen],
      recommended: i === 0,
      needsReboot: true,
      needsInitramfs: true,
      warnings: [],
      steps: [...problems.filter((p) => p.gen === gen).flatMap((p) => p.steps), rebuildStep(gen), { kind: 'reboot', description: 'vfio-pci now loads before the GPU driver.' }, verifyInitramfsStep(gen, host.kernel?.release, host.facts.cmdline)],
    }));
    return [
      {
        messageId: 'notInImage',
        data: { via: ids.length ? ('ids' as const) : ('override' as const), whys: problems.map((p) => p.why), held: held.map((d) => describeDevice(d)) },
        evidence: [...problems.flatMap((p) => p.evidence), ...held.flatMap((d) => d.evidence.filter((e) => /Kernel driver in use|driver=/.test(e.text)).slice(0, 1))],
        fixes,
        devices: held.map((d) => d.bdf),
      },
    ];
  },
});
