// Functions of one card given to the VM on different guest slots, or on one slot without multifunction='on'.
import { defineRule, type DraftOf, type FindingDraft } from '../../src/engine/rule';
import { shortBdf, slotOf } from '../../src/pci/bdf';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { domainEditFix } from '../../src/vm/domain-fix';
import type { VmHostdev } from '../../src/schema/vm';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vm-functions-split';
const hx = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

const separate = (vm: string, card: string, problem: string) =>
  `${vm} gives the guest the functions of card ${card} as separate devices: ${problem}. The guest then does not see one card: NVIDIA's and AMD's Windows drivers expect the GPU and its audio as functions of one device (a cause of Code 43 and of driver install failures).`;

export const messages = {
  slots: ({ vm, card, slots, placed }: { vm: string; card: string; slots: number; placed: string[] }) =>
    separate(vm, card, `they sit on ${slots} different guest slots (${placed.join(', ')})`),
  noMultifunction: ({ vm, card }: { vm: string; card: string }) =>
    separate(vm, card, "they share a guest slot but its function 0 lacks multifunction='on', so the guest sees only function 0"),
};

type Said = { messageId: 'slots'; data: Parameters<typeof messages.slots>[0] } | { messageId: 'noMultifunction'; data: Parameters<typeof messages.noMultifunction>[0] };

// No VM definition in the input: nothing to check (no `requires`), as every VM rule.
export const rule = defineRule({
  meta: {
    id: ID,
    title: "The card's functions are on different guest slots",
    severity: 'warning',
    category: 'config',
    summary: "A multifunction card (GPU + HDMI audio) appears in the guest as unrelated devices: its functions sit on separate guest slots, or function 0 lacks multifunction='on'.",
    docs: ['https://libvirt.org/formatdomain.html#device-addresses', 'https://libvirt.org/formatdomain.html#host-device-assignment'],
    keywords: ['multifunction', 'guest address', 'slot', 'hdmi audio', 'code 43', 'amd driver', 'function'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vmsOf(host)) {
      if (vm.kind !== 'libvirt') continue; // Proxmox places the functions of a hostpciN itself (one slot, multifunction).
      const bySlot = new Map<string, VmHostdev[]>();
      for (const h of vm.hostdevs) bySlot.set(slotOf(h.bdf), [...(bySlot.get(slotOf(h.bdf)) ?? []), h]);
      for (const [slot, hs] of bySlot) {
        // Without a guest address libvirt chooses one when the domain is defined: only a defined domain's addresses count.
        if (hs.length < 2 || hs.some((h) => !h.guest)) continue;
        const guestSlots = new Set(hs.map((h) => `${h.guest!.domain}:${h.guest!.bus}:${h.guest!.slot}`));
        const f0 = hs.find((h) => h.guest!.function === 0);
        const said: Said | undefined =
          guestSlots.size > 1
            ? { messageId: 'slots', data: { vm: vmLabel(vm), card: shortBdf(slot), slots: guestSlots.size, placed: hs.map((h) => `${shortBdf(h.bdf)} → ${hx(h.guest!.bus)}:${hx(h.guest!.slot)}.${h.guest!.function}`) } }
            : f0 && f0.guest!.multifunction !== true
              ? { messageId: 'noMultifunction', data: { vm: vmLabel(vm), card: shortBdf(slot) } }
              : undefined;
        if (!said) continue;
        const first = hs.map((h) => h.guest!).sort((a, b) => a.function - b.function)[0]!;
        const rest: Omit<FindingDraft, 'message' | 'messageId' | 'data'> = {
          evidence: hs.map((h) => h.guest!.evidence),
          devices: hs.map((h) => h.bdf),
          fixes: [
            domainEditFix(vm, {
              id: `${ID}/one-slot`,
              title: tr('Put every function on one guest slot', '把所有功能放到同一个虚拟机插槽上'),
              recommended: true,
              op: { type: 'replace-hostdevs', bdfs: hs.map((h) => h.bdf), guest: { bus: first.bus, slot: first.slot } },
              description: `Give ${shortBdf(slot)}'s functions guest slot ${hx(first.bus)}:${hx(first.slot)}, function 0 with multifunction='on'`,
            }),
          ],
        };
        // Narrowed per message id, so the draft's data is checked against its message.
        out.push(said.messageId === 'slots' ? { ...said, ...rest } : { ...said, ...rest });
      }
    }
    return out;
  },
});
