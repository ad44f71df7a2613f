// D4: the out-of-tree ACS override patch is active: IOMMU groups are split by decree, not by hardware isolation.
import { defineRule } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'acs-override-active';

// Printed at boot by the ACS override patch (Proxmox VE, linux-zen, CachyOS, Liquorix, linux-vfio, Unraid, …).
const ACTIVE = /^Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA/;
// Kernel builds known to carry the patch, for when only the release was given.
const PATCHED_RELEASE = /-pve\b|-zen\d*\b|zen|cachyos|liquorix|-lqx|-tkg|-vfio|unraid|truenas/i;

export const messages = {
  inEffect: ({ param, patchedRelease }: { param?: string; patchedRelease?: string }) =>
    `${param ?? 'The ACS override'} is in effect${patchedRelease ? ` (the ${patchedRelease} kernel carries the patch)` : ''}. It tells the kernel to treat PCIe devices as isolated from each other when the hardware does not promise that, so IOMMU groups look smaller than they really are. Devices that share a real group can still send DMA to each other directly, past the IOMMU: a VM that owns one of them may read or write the memory of the others (a disk controller, a NIC), and through them the host. That is acceptable on a single-user machine where you trust every VM; never use it on a host that runs other people's VMs. Prefer a hardware fix: a CPU-attached slot, a board or firmware with proper ACS, or passing the whole group.`,
  patchUnknown: ({ param }: { param: string }) => `${param} is given, but whether this kernel carries the ACS override patch is unknown (sudo dmesg | grep -i "ACS overrides")`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'D4',
    title: 'The ACS override is active: group isolation is not guaranteed',
    severity: 'warning',
    category: 'groups',
    summary: 'pcie_acs_override splits IOMMU groups that the hardware does not isolate; devices in one real group can still reach each other by peer-to-peer DMA.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Bypassing_the_IOMMU_groups_(ACS_override_patch)', 'https://docs.kernel.org/driver-api/vfio.html#groups-devices-and-iommus'],
    keywords: ['pcie_acs_override', 'ACS override', 'downstream', 'multifunction', 'peer-to-peer', 'iommu groups', 'security'],
    requires: [{ anyOf: ['cmdline', 'kernelLog'] }],
    reads: { log: [ACTIVE] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const active = host.log(ACTIVE);
    const param = f.cmdline?.params.find((p) => p.key === 'pcie_acs_override');
    if (!active.length) {
      if (!param) return [];
      if (f.kernelLogComplete) return []; // given, but the kernel did not act on it: acs-override-unsupported-kernel
      if (!(host.kernel && PATCHED_RELEASE.test(host.kernel.release)))
        return ctx.unable('patchUnknown', { param: param.raw });
    }
    return [
      {
        messageId: 'inEffect',
        data: { param: param?.raw, patchedRelease: active.length ? undefined : host.kernel!.release },
        evidence: [...active.map((l) => l.evidence), ...(param && f.cmdline ? [f.cmdline.evidence] : [])],
        fixes: param
          ? cmdlineFixes(host, ID, tr(`Remove ${param.raw} once the card sits in an isolated slot`, `等显卡换到隔离的插槽后，删除 ${param.raw}`), { remove: ['pcie_acs_override'] }, {
              warnings: [tr('Without the override the groups go back to what the hardware guarantees: check group-not-isolated afterwards and move the card first.', '去掉 override 后，IOMMU 组会恢复成硬件实际保证的样子：请先换插槽，之后再检查 group-not-isolated。')],
            }).map((x) => ({ ...x, recommended: false }))
          : [],
      },
    ];
  },
});
