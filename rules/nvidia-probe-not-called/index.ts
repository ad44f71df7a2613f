// E12: "NVRM: The NVIDIA probe routine was not called" — benign when the NVIDIA cards are on vfio-pci, a problem otherwise.
import { defineRule } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { isDisplayClass } from '../../src/parse/pci-class';
import { zh } from './zh';

const ID = 'nvidia-probe-not-called';

const NVRM = /^NVRM: (?:The NVIDIA probe routine was not called|No NVIDIA devices probed)/;

export const messages = {
  noDriver: ({ cards }: { cards: string[] }) =>
    `The nvidia module loaded but did not get ${cards.join(', ')}: ${cards.length > 1 ? 'these cards have' : 'this card has'} no driver at all. Something keeps nvidia away — usually a driver_override left from an earlier passthrough (check /sys/bus/pci/devices/<BDF>/driver_override and driverctl list-overrides), or vfio-pci.ids that also names this identical card. If the host should use it, clear that; if it is for a VM, bind it to vfio-pci.`,
  expected: ({ count, held, hostCards }: { count: number; held: string[]; hostCards: boolean }) =>
    `"NVRM: The NVIDIA probe routine was not called for ${count || 'N'} device(s)" is expected here: ${held.length ? `${held.join(', ')} ${held.length > 1 ? 'are' : 'is'} held for the VM, so the nvidia module finds ${hostCards ? 'only the host card(s)' : 'no card of its own'}` : 'the NVIDIA card is held by another driver (vfio-pci for passthrough), so the nvidia module that loaded anyway has nothing to probe'}. Nothing to fix unless the host itself should use ${held.length > 1 ? 'one of these cards' : 'this card'}${hostCards ? '' : ' (then unbind it from vfio-pci); to silence the message, do not load nvidia on the host (blacklist it or uninstall the driver)'}.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E12',
    title: 'NVIDIA: "probe routine was not called" (expected when vfio-pci holds the card)',
    severity: 'info',
    category: 'binding',
    summary: 'The nvidia module loaded but another driver (vfio-pci, or a driver_override) holds the NVIDIA card: harmless for a passthrough card.',
    docs: ['https://github.com/NVIDIA/open-gpu-kernel-modules'],
    keywords: ['NVRM', 'probe routine was not called', 'No NVIDIA devices probed', 'nvidia-smi', 'nvidia'],
    consequenceOf: ['driver-override-stale', 'identical-gpus-id-collision'],
    requires: ['kernelLog'],
    reads: { log: [NVRM] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const lines = host.log(NVRM);
    if (lines.length === 0) return [];
    const count = Number(/not called for (\d+) device/.exec(lines.map((l) => l.message).join(' '))?.[1] ?? 0);
    const nvidia = f.pci.filter((d) => d.vendor === '10de' && isDisplayClass(d.classCode));
    const held = nvidia.filter((d) => d.driver === 'vfio-pci' || d.driver === 'pci-stub');
    const orphan = nvidia.filter((d) => d.driver === null);
    const onNvidia = nvidia.filter((d) => d.driver === 'nvidia');
    const evidence = [...lines.map((l) => l.evidence), ...[...held, ...orphan].flatMap((d) => d.evidence.slice(0, 1))];
    if (orphan.length)
      return [
        {
          severity: 'warning',
          messageId: 'noDriver',
          data: { cards: orphan.map((d) => describeDevice(d)) },
          evidence,
          devices: orphan.map((d) => d.bdf),
        },
      ];
    if (nvidia.length && held.length === 0 && onNvidia.length === nvidia.length) return []; // every card was probed after all (message from an earlier load)
    return [
      {
        messageId: 'expected',
        data: { count, held: held.map((d) => describeDevice(d)), hostCards: onNvidia.length > 0 },
        evidence,
        devices: held.map((d) => d.bdf),
      },
    ];
  },
});
