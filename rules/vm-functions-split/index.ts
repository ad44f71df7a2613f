// Functions of one card given to the VM on different guest slots, or on one slot without multifunction='on'.
import type { Rule, FindingDraft } from '../../src/engine/rule';
import { shortBdf, slotOf } from '../../src/parse/bdf';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { libvirtHostdevs } from '../../src/vm/generate';
import type { VmHostdev } from '../../src/schema/vm';

const ID = 'vm-functions-split';
const hx = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

export const rule: Rule = {
  meta: {
    id: ID,
    title: "The card's functions are on different guest slots",
    severity: 'warning',
    category: 'config',
    summary: "A multifunction card (GPU + HDMI audio) appears in the guest as unrelated devices: its functions sit on separate guest slots, or function 0 lacks multifunction='on'.",
    docs: ['https://libvirt.org/formatdomain.html#device-addresses', 'https://libvirt.org/formatdomain.html#host-device-assignment'],
    keywords: ['multifunction', 'guest address', 'slot', 'hdmi audio', 'code 43', 'amd driver', 'function'],
  },
  check(host) {
    const out: FindingDraft[] = [];
    for (const vm of vmsOf(host)) {
      if (vm.kind !== 'libvirt') continue; // Proxmox places the functions of a hostpciN itself (one slot, multifunction).
      const bySlot = new Map<string, VmHostdev[]>();
      for (const h of vm.hostdevs) bySlot.set(slotOf(h.bdf), [...(bySlot.get(slotOf(h.bdf)) ?? []), h]);
      for (const [slot, hs] of bySlot) {
        // Without a guest address libvirt chooses one when the domain is defined: only a defined domain's addresses count.
        if (hs.length < 2 || hs.some((h) => !h.guest)) continue;
        const guestSlots = new Set(hs.map((h) => `${h.guest!.domain}:${h.guest!.bus}:${h.guest!.slot}`));
        const f0 = hs.find((h) => h.guest!.function === 0);
        const problems: string[] = [];
        if (guestSlots.size > 1) problems.push(`they sit on ${guestSlots.size} different guest slots (${hs.map((h) => `${shortBdf(h.bdf)} → ${hx(h.guest!.bus)}:${hx(h.guest!.slot)}.${h.guest!.function}`).join(', ')})`);
        else if (f0 && f0.guest!.multifunction !== true) problems.push("they share a guest slot but its function 0 lacks multifunction='on', so the guest sees only function 0");
        if (!problems.length) continue;
        const first = hs.map((h) => h.guest!).sort((a, b) => a.function - b.function)[0]!;
        out.push({
          message: `${vmLabel(vm)} gives the guest the functions of card ${shortBdf(slot)} as separate devices: ${problems.join('; ')}. The guest then does not see one card: NVIDIA's and AMD's Windows drivers expect the GPU and its audio as functions of one device (a cause of Code 43 and of driver install failures).`,
          evidence: hs.map((h) => h.guest!.evidence),
          devices: hs.map((h) => h.bdf),
          fixes: [
            {
              id: `${ID}/one-slot`,
              title: 'Put every function on one guest slot',
              recommended: true,
              needsReboot: false,
              needsInitramfs: false,
              warnings: [],
              steps: [
                { kind: 'manual', description: `virsh edit ${vm.name ?? 'NAME'} and replace the card's <hostdev> elements with:\n${libvirtHostdevs({ bdfs: hs.map((h) => h.bdf), guest: { bus: first.bus, slot: first.slot } })}` },
              ],
            },
          ],
        });
      }
    }
    return out;
  },
};
