// B6: explain "DMAR: Intel-IOMMU force enabled due to platform opt in" (Thunderbolt / Kernel DMA Protection firmware).
import { defineRule } from '../../src/engine/rule';
import { hasParam } from '../../src/parse/cmdline';
import { zh } from './zh';

const ID = 'intel-iommu-platform-optin';

// drivers/iommu/intel/iommu.c platform_optin_force_iommu(): printed only when the kernel would otherwise have left
// VT-d off (dmar_disabled, i.e. a default-off kernel without intel_iommu=on) and the DMAR table sets the opt-in flag.
const OPTIN = /^DMAR: Intel-IOMMU force enabled due to platform opt in/;

export const messages = {
  forcedOn: ({ intelIommuOn }: { intelIommuOn: boolean }) =>
    `The firmware asks for DMA protection (the "platform opt-in" flag in the ACPI DMAR table, the Thunderbolt / Kernel DMA Protection feature), so the kernel switched the Intel IOMMU on by itself. This line only appears on a kernel that would have left VT-d off: it was built without CONFIG_INTEL_IOMMU_DEFAULT_ON${intelIommuOn ? '' : ' and intel_iommu=on was not given'}. VFIO works as it is; intel_iommu=on is not needed here${intelIommuOn ? ' (harmless)' : ''}. Some older kernels also used passthrough DMA mappings for trusted internal devices in this mode. intel_iommu=off turns the opt-in off too (and with it VFIO), so do not add it.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B6',
    title: 'The firmware forces the Intel IOMMU on (platform opt-in)',
    severity: 'info',
    category: 'iommu',
    summary: 'Kernel DMA Protection firmware (Thunderbolt laptops and boards) makes the kernel enable VT-d even without intel_iommu=on.',
    docs: ['https://docs.kernel.org/admin-guide/thunderbolt.html', 'https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['platform opt in', 'force enabled', 'Kernel DMA Protection', 'thunderbolt', 'intel_iommu=on not needed'],
    requires: ['kernelLog'],
    reads: { log: [OPTIN] },
    messages,
    zh,
  },
  check(host) {
    const lines = host.log(OPTIN);
    if (lines.length === 0) return [];
    const given = hasParam(host.facts.cmdline, 'intel_iommu', 'on');
    return [
      {
        messageId: 'forcedOn',
        data: { intelIommuOn: given },
        evidence: [...lines.map((l) => l.evidence), ...(given && host.facts.cmdline ? [host.facts.cmdline.evidence] : [])],
        fixes: [],
      },
    ];
  },
});
