// The VM is given some devices of an IOMMU group (or of a card) but not the others: QEMU refuses a group one of whose
// endpoints stays on a host driver, and a card's other functions belong with it.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice, isHostDriver } from '../../src/engine/describe';
import { isBridgeClass } from '../../src/pci/pci-class';
import { slotOf, shortBdf } from '../../src/pci/bdf';
import { vmsOf, vmLabel, coveredSet } from '../../src/vm/host-view';
import { domainEditFix, proxmoxSetFix, pveKeyOf } from '../../src/vm/domain-fix';
import type { Fix } from '../../src/schema/fix';
import type { Vm } from '../../src/schema/vm';
import type { Evidence } from '../../src/schema/evidence';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vm-hostdev-group-incomplete';

interface Incomplete {
  vm: string;
  given: string[];
  missing: string[];
  /** Left-out devices on a host driver (the group is not viable). */
  onHost: string[];
  /** Left-out functions of a passed card, not on a host driver. */
  cardOnly: string[];
  /** Other left-out endpoints of the group, and whether which driver holds one is unknown. */
  rest: string[];
  restUnknown: boolean;
}

export const messages = {
  incomplete: ({ vm, given, missing, onHost, cardOnly, rest, restUnknown }: Incomplete) => {
    const parts: string[] = [];
    if (onHost.length)
      parts.push(`${onHost.join(', ')} ${onHost.length > 1 ? 'share' : 'shares'} the group and ${onHost.length > 1 ? 'are' : 'is'} on a host driver, so QEMU refuses the group as not viable when the VM starts (libvirt's managed='yes' and Proxmox detach only the devices the VM lists)`);
    if (cardOnly.length) parts.push(`${cardOnly.join(', ')} ${cardOnly.length > 1 ? 'are functions' : 'is a function'} of the same card and belong${cardOnly.length > 1 ? '' : 's'} in the VM with it (the guest driver expects the whole card; HDMI audio needs it)`);
    if (rest.length) parts.push(`${rest.join(', ')} ${rest.length > 1 ? 'share' : 'shares'} the group; ${restUnknown ? 'which driver holds it is not in the input: on a host driver it makes the group not viable' : 'on vfio-pci or no driver it may stay out of the VM'}`);
    return `${vm} is given ${given.join(', ')} but not ${missing.join(', ')}: ${parts.join('; ')}.`;
  },
  groupsNotGiven: () => 'the IOMMU groups are not in the input (for d in /sys/kernel/iommu_groups/*/devices/*; do echo "$d"; done)',
};

/**
 * Give the VM every function of each card in `all`: libvirt replaces each card's hostdevs by one per function on the
 * card's guest slot (a new card gets a free slot from 0x10 up); Proxmox passes each card in slot form (All Functions),
 * on the hostpciN line it already has or a new one.
 */
function addFix(vm: Vm, all: string[]): Fix {
  const slots = [...new Set(all.map(slotOf))];
  const title = tr(`Give ${vmLabel(vm)} the rest of the card and group`, `把显卡和组里剩下的设备也交给 ${vmLabel(vm)}`);
  if (vm.kind === 'libvirt') {
    const used = new Set(vm.hostdevs.flatMap((h) => (h.guest ? [`${h.guest.bus}:${h.guest.slot}`] : [])));
    let free = 0x10;
    const ops = slots.map((slot) => {
      let g = vm.hostdevs.find((h) => h.guest && slotOf(h.bdf) === slot)?.guest;
      if (!g) {
        while (used.has(`0:${free}`)) free++;
        used.add(`0:${free}`);
        g = { domain: 0, bus: 0, slot: free, function: 0, evidence: vm.evidence };
      }
      return { type: 'replace-hostdevs' as const, bdfs: all.filter((b) => slotOf(b) === slot), guest: { bus: g.bus, slot: g.slot } };
    });
    const fix = domainEditFix(vm, { id: `${ID}/add-hostdevs`, title, recommended: true, op: ops[0]!, description: `Pass every function of ${shortBdf(slots[0]!)} on one guest slot (function 0 with multifunction='on')` });
    for (const op of ops.slice(1)) fix.steps.splice(fix.steps.length - 1, 0, { kind: 'domain', domain: vm.name ?? 'NAME', op, description: `Pass every function of ${shortBdf(slotOf(op.bdfs[0]!))} on one guest slot` });
    return fix;
  }
  const keys = new Set(vm.hostdevs.flatMap((h) => { const k = pveKeyOf(h); return k ? [k.key] : []; }));
  let n = 0;
  const set: [string, string][] = [];
  const old: [string, string | undefined][] = [];
  for (const slot of slots) {
    const had = vm.hostdevs.map((h) => ({ h, k: pveKeyOf(h) })).find((x) => x.k && slotOf(x.h.bdf) === slot);
    if (had?.k) {
      const [, ...opts] = had.k.value.split(',');
      set.push([had.k.key, [slot, ...opts].join(',')]);
      old.push([had.k.key, had.k.value]);
    } else {
      while (keys.has(`hostpci${n}`)) n++;
      keys.add(`hostpci${n}`);
      set.push([`hostpci${n}`, `${slot}${vm.machine?.value.family === 'q35' ? ',pcie=1' : ''}`]);
      old.push([`hostpci${n}`, undefined]);
    }
  }
  return proxmoxSetFix(vm, { id: `${ID}/add-hostdevs`, title, recommended: true, set, old });
}

// No VM definition in the input: nothing to check (no `requires`, so no "could not check" for the groups either).
export const rule = defineRule({
  meta: {
    id: ID,
    title: "The VM gets part of an IOMMU group or of a card, not all of it",
    severity: 'error',
    category: 'groups',
    summary: "A VM's hostdevs leave out other endpoints of their IOMMU group or other functions of the same card.",
    docs: ['https://libvirt.org/formatdomain.html#host-device-assignment', 'https://docs.kernel.org/driver-api/vfio.html', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['hostdev', 'hostpci', 'all functions', 'group not viable', 'hdmi audio', 'iommu group', 'virsh dumpxml'],
    messages,
    zh,
  },
  check(host, ctx) {
    const vms = vmsOf(host).filter((v) => v.hostdevs.length);
    if (!vms.length) return [];
    if (!host.facts.groups) return ctx.unable('groupsNotGiven');
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vms) {
      const passed = coveredSet(host, vm);
      const missing = new Map<string, { bdf: string; sameCard: boolean }>();
      const evidence: Evidence[] = [];
      for (const h of vm.hostdevs) {
        const group = host.groupOf(h.bdf);
        // The card's other functions, even when the groups split them (ACS on the card is rare, but then they still belong).
        const card = host.facts.pci.filter((d) => slotOf(d.bdf) === slotOf(h.bdf)).map((d) => d.bdf);
        let added = false;
        for (const m of new Set([...(group ?? []), ...card])) {
          if (passed.has(m) || missing.has(m) || isBridgeClass(host.device(m)?.classCode)) continue;
          missing.set(m, { bdf: m, sameCard: slotOf(m) === slotOf(h.bdf) });
          added = true;
        }
        if (added) evidence.push(h.evidence);
      }
      if (!missing.size) continue;
      const devs = [...missing.values()].map((m) => ({ ...m, d: host.device(m.bdf) }));
      const onHost = devs.filter((m) => isHostDriver(m.d?.driver));
      const unknown = devs.filter((m) => m.d?.driver === undefined);
      const sameCard = devs.filter((m) => m.sameCard);
      const severity = onHost.length ? 'error' : sameCard.length ? 'warning' : 'info';
      const name = (m: (typeof devs)[number]) => (m.d ? describeDevice(m.d) : shortBdf(m.bdf));
      const cardOnly = sameCard.filter((m) => !onHost.includes(m));
      const rest = devs.filter((m) => !onHost.includes(m) && !m.sameCard);
      evidence.push(...onHost.flatMap((m) => m.d?.evidence.slice(0, 1) ?? []));
      // What to add, with the functions of the same cards the VM already has (one guest slot per card needs them all).
      const add = devs.filter((m) => m.sameCard || onHost.includes(m)).map((m) => m.bdf);
      const all = [...new Set([...vm.hostdevs.map((h) => h.bdf).filter((b) => add.some((a) => slotOf(a) === slotOf(b))), ...add])];
      out.push({
        severity,
        messageId: 'incomplete',
        data: {
          vm: vmLabel(vm),
          given: vm.hostdevs.map((h) => shortBdf(h.bdf)),
          missing: devs.map((m) => shortBdf(m.bdf)),
          onHost: onHost.map(name),
          cardOnly: cardOnly.map(name),
          rest: rest.map(name),
          restUnknown: unknown.some((u) => rest.includes(u)),
        },
        evidence,
        devices: devs.map((m) => m.bdf),
        fixes: add.length ? [addFix(vm, all)] : [],
      });
    }
    return out;
  },
});
