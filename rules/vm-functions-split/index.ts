// Functions of one card given to the VM on different guest slots, or on one slot without multifunction='on'.
import { defineRule, type DraftOf, type FindingDraft } from '../../src/engine/rule';
import { shortBdf, slotOf } from '../../src/pci/bdf';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { domainEditFix, proxmoxSetFix, pveKeyOf } from '../../src/vm/domain-fix';
import type { Vm, VmHostdev } from '../../src/schema/vm';
import { hostpciParts } from '../../src/parse/pve-vm-config';
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
  pveKeys: ({ vm, card, keys }: { vm: string; card: string; keys: string[] }) =>
    separate(vm, card, `each is its own hostpci entry (${keys.join(', ')}), and qemu-server gives each entry a guest slot of its own`),
};

type Said = { messageId: 'slots'; data: Parameters<typeof messages.slots>[0] } | { messageId: 'noMultifunction'; data: Parameters<typeof messages.noMultifunction>[0] };

/**
 * Proxmox: qemu-server (PVE/QemuServer/PCI.pm) makes each hostpciN one guest device at an address of its own
 * (print_hostpci_devices); only the ids of one entry (`01:00` for every function, or `01:00.0;01:00.1`) become one
 * multifunction device, function j at SLOT.j with multifunction=on (and x-vga, romfile, rombar) on function 0. So
 * functions of one card in separate entries are separate guest devices: they go into the entry of the lowest function,
 * listed in function order with its options, and the other entries are removed.
 */
function proxmoxSplit(vm: Vm): DraftOf<typeof messages>[] {
  /** One hostpciN entry naming single functions of one card: its ids as written, with their functions. */
  type Entry = { key: string; value: string; parts: ReturnType<typeof hostpciParts>; ids: { id: string; fn: number }[]; hostdevs: VmHostdev[] };
  const entries = new Map<string, Entry>();
  for (const h of vm.hostdevs) {
    const k = pveKeyOf(h);
    if (!k) continue;
    const parts = hostpciParts(k.value);
    const e = entries.get(k.key) ?? { key: k.key, value: k.value, parts, ids: parts.ids.map((id) => ({ id, fn: Number.parseInt(id.slice(-1), 16) })), hostdevs: [] };
    e.hostdevs.push(h);
    entries.set(k.key, e);
  }
  const bySlot = new Map<string, Entry[]>();
  for (const e of entries.values()) {
    const slots = new Set(e.hostdevs.map((h) => slotOf(h.bdf)));
    // An entry for every function of a card (`01:00`), or with functions of several cards: nothing is split off.
    if (slots.size !== 1 || e.hostdevs.some((h) => h.allFunctions) || e.ids.length !== e.hostdevs.length || !e.ids.every((x) => /\.[0-7]$/.test(x.id))) continue;
    const slot = [...slots][0]!;
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), e]);
  }
  const out: DraftOf<typeof messages>[] = [];
  for (const [slot, es] of bySlot) {
    if (es.length < 2) continue;
    const lowest = (e: Entry) => Math.min(...e.ids.map((x) => x.fn));
    const sorted = [...es].sort((a, b) => lowest(a) - lowest(b));
    const first = sorted[0]!;
    const ids = sorted.flatMap((e) => e.ids).sort((a, b) => a.fn - b.fn);
    const value = [`${first.parts.named ? 'host=' : ''}${ids.map((x) => x.id).join(';')}`, ...first.parts.options].join(',');
    out.push({
      messageId: 'pveKeys',
      data: { vm: vmLabel(vm), card: shortBdf(slot), keys: sorted.map((e) => `${e.key}: ${e.ids.map((x) => x.id).join(';')}`) },
      evidence: sorted.map((e) => e.hostdevs[0]!.evidence),
      devices: sorted.flatMap((e) => e.hostdevs.map((h) => h.bdf)),
      fixes: [
        proxmoxSetFix(vm, {
          id: `${ID}/one-hostpci`,
          title: tr(`Give ${shortBdf(slot)}'s functions in one hostpci entry`, `把 ${shortBdf(slot)} 的各个功能写进同一个 hostpci 条目`),
          recommended: true,
          remove: sorted.slice(1).map((e) => e.key),
          set: [[first.key, value]],
          old: sorted.map((e) => [e.key, e.value]),
        }),
      ],
    });
  }
  return out;
}

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
      if (vm.kind === 'proxmox') {
        out.push(...proxmoxSplit(vm));
        continue;
      }
      if (vm.kind !== 'libvirt') continue;
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
