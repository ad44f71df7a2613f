// D2: the target GPU shares its IOMMU group with unrelated devices, which would all have to go to the VM.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { isBridgeClass } from '../../src/parse/pci-class';
import { shortBdf, slotOf } from '../../src/parse/bdf';
import type { PciDevice } from '../../src/schema/facts';
import type { Fix } from '../../src/schema/fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'group-not-isolated';

/** Devices the host almost certainly needs: storage, network, host USB. */
const hostCritical = (d: PciDevice) => /^(01|02)/.test(d.classCode ?? '') || (d.classCode?.startsWith('0c03') && !!d.driver && d.driver !== 'vfio-pci');

export const messages = {
  shares: ({ bdf, group, others, critical }: { bdf: string; group: number; others: string[]; critical: string[] }) =>
    `Your GPU at ${bdf} shares IOMMU group ${group} with ${others.join(', ')}. A group goes to a VM as a whole, so ${others.length > 1 ? 'these devices' : 'this device'} would be pulled into the VM too${critical.length ? `; the host needs ${critical.join(', ')} (storage, network or USB), so this group cannot be passed as it is` : ''}. Groups follow PCIe ACS isolation on the path to the CPU: slots behind the chipset usually share one group.`,
  groupNotListed: ({ bdf }: { bdf: string }) => `the IOMMU group of ${bdf} is not in the listing`,
  partOfGroup: ({ group }: { group: number }) =>
    `only part of IOMMU group ${group} was listed (lspci -v shows each device's group, not the other members); paste the full group listing`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'D2',
    title: 'The GPU shares its IOMMU group with unrelated devices',
    severity: 'warning',
    category: 'groups',
    summary: 'Everything in an IOMMU group goes to the VM together; unrelated devices in the GPU\'s group would leave the host.',
    docs: ['https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough', 'https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Ensuring_that_the_groups_are_valid'],
    keywords: ['iommu group', 'same group', 'shares', 'sata', 'nvme', 'nic', 'acs', 'isolation', 'chipset', 'slot'],
    requires: ['targetGpu', 'iommuGroups'],
    messages,
    zh,
  },
  check(host, ctx) {
    if (!host.facts.groups) return []; // the engine says which input is missing
    if (Object.keys(host.facts.groups).length === 0) return []; // no groups at all: iommu-groups-absent
    const out: DraftOf<typeof messages>[] = [];
    const done = new Set<string>();
    const targetSlots = new Set(host.targets.gpus.map(slotOf));
    for (const bdf of host.targets.gpus) {
      const gpu = host.device(bdf);
      const members = host.groupOf(bdf);
      if (!gpu || gpu.iommuGroup === undefined || !members) {
        return ctx.unable('groupNotListed', { bdf: shortBdf(bdf) });
      }
      if (done.has(String(gpu.iommuGroup))) continue;
      done.add(String(gpu.iommuGroup));
      const others = members
        .filter((m) => !targetSlots.has(slotOf(m)))
        .map((m) => host.device(m) ?? { bdf: m, evidence: [] })
        .filter((d) => !isBridgeClass(d.classCode) && d.driver !== 'pcieport');
      if (others.length === 0) {
        if (!host.facts.groupsComplete)
          return ctx.unable('partOfGroup', { group: gpu.iommuGroup });
        continue;
      }
      const critical = others.filter(hostCritical);
      const fix: Fix = plainFix(`${ID}/isolate`, tr('Give the GPU an IOMMU group of its own', '让显卡独占一个 IOMMU 组'), tr('hardware / firmware', '硬件 / 固件'), [
          { kind: 'manual', description: tr('Move the card to a CPU-attached slot (usually the top x16 slot); chipset slots often share one group.', '把显卡换到直连 CPU 的插槽（通常是最上面的 x16 插槽）；芯片组下的插槽往往共用一个组。') },
          { kind: 'manual', description: tr('Update the firmware and look for an "ACS" or "PCIe ACS" enable option.', '更新固件，并找找有没有 "ACS" 或 "PCIe ACS" 的开关。') },
          { kind: 'manual', description: tr(
            `Or pass the whole group to the VM: ${others.map((d) => shortBdf(d.bdf)).join(', ')} would leave the host${critical.length ? ' — not possible if the host needs them (disks, network)' : ''}.`,
            `或者把整个组直通给虚拟机：${others.map((d) => shortBdf(d.bdf)).join('、')} 会离开宿主机${critical.length ? '——如果宿主机需要它们（磁盘、网络）就不可行' : ''}。`,
          ) },
          { kind: 'manual', description: tr('Last resort: a kernel with the ACS override patch (Proxmox, linux-zen, CachyOS, Liquorix) and pcie_acs_override=downstream,multifunction. It splits groups the hardware does not isolate: a guest may then reach other devices by peer-to-peer DMA. Never on a multi-tenant host.', '最后的办法：使用带 ACS override 补丁的内核（Proxmox、linux-zen、CachyOS、Liquorix）并加 pcie_acs_override=downstream,multifunction。它会拆开硬件并未隔离的组：虚拟机随后可能通过点对点 DMA 访问其他设备。多租户的宿主机上绝不要这样做。') },
          { kind: 'verify', description: tr('List the groups again: the GPU group holds only the card (and bridges)', '重新列出 IOMMU 组：显卡所在的组里只有这张卡（和桥）'), argv: ['ls', `/sys/kernel/iommu_groups/${gpu.iommuGroup}/devices/`] },
        ], { needsReboot: true });
      out.push({
        severity: critical.length ? 'error' : 'warning',
        messageId: 'shares',
        data: { bdf: shortBdf(bdf), group: gpu.iommuGroup, others: others.map((d) => describeDevice(d)), critical: critical.map((d) => shortBdf(d.bdf)) },
        // The devices that make it a problem first, then the GPU; bridges add nothing.
        evidence: [...others.map((d) => d.bdf), bdf]
          .flatMap((m) => {
            const ev = host.device(m)?.evidence ?? [];
            const groupLine = ev.find((e) => /group/i.test(e.text));
            return groupLine ? [groupLine] : ev.slice(0, 1);
          })
          .slice(0, 10),
        fixes: [fix],
        devices: others.map((d) => d.bdf),
      });
    }
    return out;
  },
});
