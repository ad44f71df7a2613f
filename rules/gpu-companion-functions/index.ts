// D6: the GPU itself is handled, but its audio / USB / UCSI functions are left to host drivers or missing from the IDs.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice, isHostDriver } from '../../src/engine/describe';
import { bindFixes, slotFunctions } from '../../src/engine/fixes/bind-choice';
import { heldForVfio, idOf } from '../../src/facts/targets';
import { shortBdf } from '../../src/parse/bdf';
import { zh } from './zh';

const ID = 'gpu-companion-functions';

/** How the card came to be the one to pass: held for vfio-pci, or chosen (with the reason) while no host driver has it. */
type Who = { bdf: string; held: true } | { bdf: string; held: false; reason: string; unbound: boolean };
const who = (w: Who) =>
  w.held ? `${w.bdf} is set up for vfio-pci` : `${w.bdf} is the card to pass (${w.reason}) and ${w.unbound ? 'has no driver bound' : 'no host driver is shown for it'}`;

export const messages = {
  notOnVfio: ({ card, functions, sameGroup }: { card: Who; functions: string[]; sameGroup: boolean }) =>
    `${who(card)}, but ${functions.join(', ')} ${functions.length > 1 ? 'are' : 'is'} not${card.held ? '' : ' on vfio-pci'}. These functions belong to the same card${sameGroup ? ' and share its IOMMU group, so QEMU will refuse the group as not viable' : ''}; hand every function to vfio-pci and pass them to the VM together (Proxmox: "All Functions").`,
  driverNotShown: ({ card, functions, sameGroup }: { card: Who; functions: string[]; sameGroup: boolean }) =>
    `${who(card)}; its other function${functions.length > 1 ? 's' : ''} ${functions.join(', ')} must go to vfio-pci and to the VM with it${sameGroup ? ' (same IOMMU group: QEMU refuses the group otherwise)' : ''}. Which driver holds ${functions.length > 1 ? 'them' : 'it'} is not in the input (lspci -nnk shows it); if a host driver does (snd_hda_intel, xhci_hcd, nvidia-gpu / i2c_nvidia_gpu), bind ${functions.length > 1 ? 'them' : 'it'} to vfio-pci as well.`,
  notMeant: ({ bdfs }: { bdfs: string[] }) =>
    bdfs.map((b) => `whether ${b} is meant for vfio-pci is unknown (no driver and no vfio-pci configuration for it in the input; pass --gpu to say so)`).join('; '),
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'D6',
    title: "The GPU's audio / USB / UCSI functions are not handed to vfio-pci",
    severity: 'error',
    category: 'groups',
    summary: 'Functions of the same card (HDMI audio, USB-C xHCI, UCSI) must go to the VM with the GPU.',
    docs: ['https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['hdmi audio', 'audio', 'snd_hda_intel', 'usb-c', 'xhci', 'ucsi', 'nvidia-gpu', 'i2c_nvidia_gpu', 'function', '.1'],
    requires: ['targetGpu'],
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.targets.gpus.length === 0) return []; // the engine says why no GPU was picked
    const out: DraftOf<typeof messages>[] = [];
    const unknown: string[] = [];
    for (const bdf of host.targets.gpus) {
      const gpu = host.device(bdf);
      if (!gpu) continue;
      // When the GPU itself is still on a host driver, gpu-bound-to-host-driver covers the whole card.
      if (isHostDriver(gpu.driver)) continue;
      const funcs = slotFunctions(host, [bdf]);
      const siblings = funcs.filter((d) => d.bdf !== bdf);
      if (siblings.length === 0) continue;
      // Meant for vfio-pci: held for it, or chosen with --gpu while no host driver has it (unbound after a vfio setup).
      const held = heldForVfio(host, gpu);
      const meant = held || !host.targets.inferred;
      if (!meant) {
        unknown.push(shortBdf(bdf));
        continue;
      }
      // A sibling is a problem when a host driver holds it, or when IDs are configured and its ID is not among them.
      const problems = siblings.filter((d) => !heldForVfio(host, d) && (isHostDriver(d.driver) || (host.vfioIds.vfio.size > 0 && idOf(d) !== undefined)));
      const sameGroup = problems.every((d) => d.iommuGroup === undefined || d.iommuGroup === gpu.iommuGroup);
      const card: Who = held ? { bdf: shortBdf(bdf), held: true } : { bdf: shortBdf(bdf), held: false, reason: host.targets.reason, unbound: gpu.driver === null };
      if (problems.length > 0) {
        out.push({
          severity: sameGroup ? 'error' : 'warning',
          messageId: 'notOnVfio',
          data: { card, functions: problems.map((d) => describeDevice(d)), sameGroup },
          evidence: problems.flatMap((d) => d.evidence.slice(0, 2)),
          fixes: bindFixes(host, ID, funcs),
          devices: problems.map((d) => d.bdf),
        });
        continue;
      }
      // Functions whose driver the input does not show and that no vfio configuration covers: unknown is not fine.
      const open = siblings.filter((d) => !heldForVfio(host, d) && d.driver === undefined);
      if (open.length === 0) continue;
      out.push({
        severity: 'info',
        messageId: 'driverNotShown',
        data: { card, functions: open.map((d) => describeDevice(d)), sameGroup: open.some((d) => d.iommuGroup !== undefined && d.iommuGroup === gpu.iommuGroup) },
        evidence: open.flatMap((d) => d.evidence.slice(0, 1)),
        fixes: bindFixes(host, ID, funcs),
        devices: open.map((d) => d.bdf),
      });
    }
    if (out.length === 0 && unknown.length > 0) return ctx.unable('notMeant', { bdfs: unknown });
    return out;
  },
});
