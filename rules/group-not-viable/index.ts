// D3: a device in the target's group is on a host driver, so QEMU refuses the group as "not viable".
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice, isHostDriver } from '../../src/engine/describe';
import { isBridgeClass } from '../../src/parse/pci-class';
import { shortBdf } from '../../src/parse/bdf';
import { bindFixes } from '../../src/engine/fixes/bind-choice';
import type { PciDevice } from '../../src/schema/facts';
import { zh } from './zh';

const ID = 'group-not-viable';

export const messages = {
  notViable: ({ group, qemu, held, unknown }: { group: string; qemu: boolean; held: string[]; unknown: string[] }) =>
    `${qemu ? `QEMU refused IOMMU group ${group} as not viable. ` : ''}${held.length ? `In group ${group}, ${held.join(', ')} ${held.length > 1 ? 'are' : 'is'} on a host driver. ` : ''}Every endpoint in a group must be bound to vfio-pci (or pci-stub, or no driver) before a VM can use any of them.${unknown.length && !held.length ? ` The drivers of ${unknown.join(', ')} were not given; paste lspci -nnk to see which one is in the way.` : ''}`,
  groupUnknown: () => 'the IOMMU group of the target is unknown',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'D3',
    title: 'The IOMMU group is not viable: a member is on a host driver',
    severity: 'error',
    category: 'groups',
    summary: 'Every endpoint in the group must be bound to vfio-pci (or pci-stub, or no driver) before QEMU can use it.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['not viable', 'group is not viable', 'bound to their vfio bus driver', 'iommu_group'],
    consequenceOf: ['gpu-bound-to-host-driver', 'gpu-companion-functions'],
    // QEMU's "group N is not viable" names the group without a picked GPU; otherwise the target decides which group.
    requires: ['targetGpu'],
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const out: DraftOf<typeof messages>[] = [];
    const qemu = f.qemuErrors.filter((q) => q.kind === 'group-not-viable');
    const groups = new Set<string>();
    for (const bdf of host.targets.gpus) {
      const g = host.device(bdf)?.iommuGroup;
      if (g !== undefined) groups.add(String(g));
    }
    for (const q of qemu) if (q.group !== undefined) groups.add(String(q.group));
    if (groups.size === 0 && qemu.length === 0) {
      if (host.targets.gpus.length === 0) return []; // the engine says why no GPU was picked
      return ctx.unable('groupUnknown');
    }
    for (const g of groups) {
      const members = (f.groups?.[g] ?? []).map((b) => host.device(b)).filter((d): d is PciDevice => !!d);
      const held = members.filter((d) => isHostDriver(d.driver) && !isBridgeClass(d.classCode));
      const q = qemu.filter((x) => String(x.group) === g);
      if (held.length === 0 && q.length === 0) continue;
      const unknown = members.filter((d) => d.driver === undefined && !isBridgeClass(d.classCode));
      out.push({
        messageId: 'notViable',
        data: { group: g, qemu: q.length > 0, held: held.map((d) => describeDevice(d)), unknown: unknown.map((d) => shortBdf(d.bdf)) },
        evidence: [...q.map((x) => x.evidence), ...held.flatMap((d) => d.evidence.filter((e) => /driver/.test(e.text)).slice(0, 1))],
        fixes: held.length ? bindFixes(host, ID, held) : [],
        devices: held.map((d) => d.bdf),
      });
    }
    return out;
  },
});
