// E1: the passthrough GPU is owned by a host driver (nvidia, nouveau, amdgpu, …) instead of vfio-pci.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice, isHostDriver } from '../../src/engine/describe';
import { bindFixes, slotFunctions } from '../../src/engine/fixes/bind-choice';
import { idOf } from '../../src/facts/targets';
import { shortBdf } from '../../src/parse/bdf';
import { zh } from './zh';

const ID = 'gpu-bound-to-host-driver';

type Late = { kind: 'none' } | { kind: 'builtin' } | { kind: 'configured'; ids: string[] };

export const messages = {
  owned: ({ gpu, driver, alsoHeld, late }: { gpu: string; driver: string; alsoHeld: string[]; late: Late }) =>
    `${gpu} is the passthrough target but the host driver ${driver} owns it. ${alsoHeld.length ? `Host drivers also hold ${alsoHeld.join(', ')}. ` : ''}Every function of the card must be bound to vfio-pci at boot, before ${driver} loads.${
      late.kind === 'none'
        ? ''
        : late.kind === 'builtin'
          ? ` The IDs are configured with "options vfio-pci ids=" in /etc/modprobe.d, but vfio-pci is built into this kernel, so modprobe options never reach it: put vfio-pci.ids= on the kernel command line instead.`
          : ` vfio-pci is configured for ${late.ids.join(', ')}, yet ${driver} got the card first: vfio-pci must load before the GPU driver (initramfs and softdep), or the configuration was never applied (rebuild the initramfs, regenerate the boot loader, reboot).`
    }`,
  driverUnknown: ({ bdf }: { bdf: string }) => `the driver of ${bdf} is unknown (paste lspci -nnk)`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E1',
    title: 'The passthrough GPU is owned by a host driver',
    severity: 'error',
    category: 'binding',
    summary: 'A host driver (nvidia, nouveau, amdgpu, radeon, snd_hda_intel, …) holds the target card, so vfio-pci cannot.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Isolating_the_GPU'],
    keywords: ['nvidia', 'nouveau', 'amdgpu', 'radeon', 'kernel driver in use', 'bind', 'vfio-pci', 'driver'],
    // When one of these explains why vfio-pci lost the race, its fix is the one to apply.
    consequenceOf: ['vfio-pci-builtin-modprobe-ignored', 'vfio-missing-from-initramfs', 'softdep-missing'],
    requires: ['targetGpu'],
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.targets.gpus.length === 0) return []; // the engine says why no GPU was picked
    const out: DraftOf<typeof messages>[] = [];
    for (const bdf of host.targets.gpus) {
      const gpu = host.device(bdf);
      if (!gpu) continue;
      if (gpu.driver === undefined) {
        return ctx.unable('driverUnknown', { bdf: shortBdf(bdf) });
      }
      if (!isHostDriver(gpu.driver)) continue;
      const funcs = slotFunctions(host, [bdf]);
      const held = funcs.filter((d) => isHostDriver(d.driver));
      const configured = funcs.filter((d) => idOf(d) && host.vfioIds.vfio.has(idOf(d)!));
      const onlyModprobe = configured.length > 0 && host.vfioIds.entries.filter((e) => e.valid && configured.some((d) => idOf(d) === e.id)).every((e) => e.via === 'modprobe');
      const late: Late = !configured.length
        ? { kind: 'none' }
        : host.vfioPciBuiltin === true && onlyModprobe
          ? { kind: 'builtin' }
          : { kind: 'configured', ids: configured.map((d) => idOf(d)!) };
      out.push({
        messageId: 'owned',
        data: { gpu: describeDevice(gpu), driver: String(gpu.driver), alsoHeld: held.length > 1 ? held.filter((d) => d.bdf !== bdf).map((d) => describeDevice(d)) : [], late },
        evidence: held.flatMap((d) => d.evidence.filter((e) => /Kernel driver in use|driver=/.test(e.text) || e === d.evidence[0]).slice(0, 2)),
        fixes: bindFixes(host, ID, funcs),
        devices: held.map((d) => d.bdf),
      });
    }
    return out;
  },
});
