// D1: there are no IOMMU groups, so VFIO has nothing to hand to a VM; points at the enablement problem behind it.
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'iommu-groups-absent';

const POLICY = /^iommu: Default domain type/;

export const messages = {
  none: ({ what, policy, vm }: { what: string; policy: boolean; vm: boolean }) =>
    `${what}, so no device can be passed through: VFIO assigns whole IOMMU groups, and without an active IOMMU there are none.${policy ? ' (The "iommu: Default domain type" line is printed even without an IOMMU; it does not mean one is active.)' : ''} ${
      vm
        ? 'Inside a virtual machine there are no groups unless the hypervisor emulates an IOMMU (vIOMMU).'
        : 'Enable the IOMMU first: see the root-cause finding, or check the firmware setting (VT-d / AMD-Vi) and, on Intel, intel_iommu=on.'
    }`,
  noListing: () => 'no IOMMU group listing was given (ls /sys/kernel/iommu_groups/)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'D1',
    title: 'No IOMMU groups exist',
    severity: 'error',
    category: 'groups',
    summary: '/sys/kernel/iommu_groups is empty (or QEMU/libvirt found no group): the IOMMU is not active.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['iommu groups', 'empty', 'no iommu_group found', 'not supported on this system', 'iommu_groups'],
    consequenceOf: ['iommu-disabled-by-cmdline', 'iommu-firmware-disabled', 'intel-iommu-not-enabled', 'amd-iommu-sme-conflict', 'running-inside-vm'],
    // No one input decides it: groups, /sys/class/iommu, virt-host-validate or the boot log each can (facts/iommu-state.ts),
    // so the rule says itself when none did.
    reads: { log: [POLICY] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    if (host.iommu.state === 'active') return [];
    const groupsEmpty = f.groups !== undefined && Object.keys(f.groups).length === 0;
    const userErrors = f.qemuErrors.filter((q) => q.kind === 'no-iommu-group' || q.kind === 'vfio-not-supported');
    if (!groupsEmpty && userErrors.length === 0 && host.iommu.state === 'unknown') return ctx.unable('noListing');
    const evidence: Evidence[] = [...f.groupsEvidence.slice(0, 2), ...userErrors.map((q) => q.evidence), ...host.iommu.evidence];
    // An empty `ls` prints no line to cite; the empty listing itself is the evidence.
    if (groupsEmpty && f.groupsEvidence.length === 0) evidence.unshift({ source: '/sys/kernel/iommu_groups', text: tr('(empty directory)', '（空目录）') });
    const policy = host.log(POLICY);
    const what = groupsEmpty ? '/sys/kernel/iommu_groups is empty' : userErrors.length ? 'QEMU/libvirt found no IOMMU group for the device' : host.iommu.reason;
    return [
      {
        messageId: 'none',
        data: { what, policy: policy.length > 0, vm: !!host.virtualMachine },
        evidence: [...evidence, ...policy.map((l) => l.evidence)].slice(0, 5),
        fixes: [],
      },
    ];
  },
});
