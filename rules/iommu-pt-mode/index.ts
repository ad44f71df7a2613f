// B8: explain iommu=pt / iommu.passthrough=1 and the "iommu: Default domain type" line (policy, not enablement).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { hasParam } from '../../src/parse/cmdline';
import { zh } from './zh';

const ID = 'iommu-pt-mode';

// drivers/iommu/iommu.c iommu_subsys_init(): "Default domain type: %s%s" (older "%s %s") with " (set via kernel
// command line)"; printed on every kernel with CONFIG_IOMMU_API, IOMMU hardware or not.
const DEFAULT_DOMAIN = /^iommu: Default domain type: (\w+)/;
const MEM_ENCRYPT = /^iommu: Memory encryption detected - Disabling default IOMMU Passthrough/;
// kstrtobool: 1/y/Y/on and 0/n/N/off.
const TRUE = /^(?:1|y|yes|on|true)$/i;

const TLB = /^iommu: DMA domain TLB invalidation policy: /;

export const messages = {
  passthrough: ({ params, intelOff }: { params: string[]; intelOff: boolean }) =>
    `${params.length ? params.join(' ') : 'Passthrough as the default domain'} puts devices the host keeps for itself in identity (1:1) DMA mode, which saves IOMMU translation work. Devices handed to a VM through VFIO still get their own isolated domain, so guest isolation is the same. It does not switch an IOMMU on${intelOff ? ' — on this Intel host VT-d still needs intel_iommu=on (see intel-iommu-not-enabled)' : ''}, and it is not required for passthrough: keep it only as a performance tweak or a workaround for a device that misbehaves behind the IOMMU. It also rules out AMD SEV-SNP on hosts whose IOMMU lacks page mode 0 ("SNP: IOMMU configured in passthrough mode, SNP cannot be supported").`,
  encryptionOverrode: () =>
    'The kernel was built with passthrough as the default domain, but memory encryption (SME/SEV) is active, so it switched to translated DMA for host devices. This changes nothing for VFIO.',
  policyNotIommu: ({ tlb }: { tlb: boolean }) =>
    `"iommu: Default domain type: …"${tlb ? ' and "DMA domain TLB invalidation policy"' : ''} are printed by every kernel built with IOMMU support, even when no IOMMU is present or enabled. They describe a policy, not an enabled IOMMU. What proves an active IOMMU: "DMAR: Intel(R) Virtualization Technology for Directed I/O" (Intel), "AMD-Vi: Interrupt remapping enabled" / "AMD-Vi: Extended features", entries in /sys/class/iommu, or a non-empty /sys/kernel/iommu_groups.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B8',
    title: 'What iommu=pt and "Default domain type" mean',
    severity: 'info',
    category: 'iommu',
    summary: 'iommu=pt only gives host-owned devices 1:1 DMA mappings; it neither enables the IOMMU nor weakens guest isolation. The "Default domain type" line is printed even without an IOMMU.',
    docs: ['https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['iommu=pt', 'passthrough', 'iommu.passthrough', 'Default domain type', 'Translated', 'identity', 'performance'],
    requires: [{ anyOf: ['cmdline', 'kernelLog'] }],
    reads: { log: [DEFAULT_DOMAIN, MEM_ENCRYPT, TLB] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const out: DraftOf<typeof messages>[] = [];
    const c = f.cmdline;
    const pt = c?.params.filter((p) => (p.key === 'iommu' && (p.value ?? '').split(',').includes('pt')) || (p.key === 'iommu.passthrough' && TRUE.test(p.value ?? '')));
    const domainLines = host.log(DEFAULT_DOMAIN);
    const ptLine = domainLines.filter((l) => /Passthrough/.test(l.message));
    const encrypted = host.log(MEM_ENCRYPT);
    if ((pt && pt.length) || ptLine.length) {
      const intelOff = host.cpuVendor === 'intel' && host.iommu.state !== 'active' && !hasParam(c, 'intel_iommu', 'on');
      out.push({
        messageId: 'passthrough',
        data: { params: pt?.map((p) => p.raw) ?? [], intelOff },
        evidence: [...(pt?.length && c ? [c.evidence] : []), ...ptLine.map((l) => l.evidence), ...encrypted.map((l) => l.evidence)],
        fixes: [],
      });
    } else if (encrypted.length) {
      out.push({
        messageId: 'encryptionOverrode',
        evidence: encrypted.map((l) => l.evidence),
        fixes: [],
      });
    }
    // Misread on forums as "the IOMMU is on": it is only the policy for domains an IOMMU would create.
    // When the IOMMU is known to be off, iommu-groups-absent already says the line proves nothing; explain it otherwise.
    if (domainLines.length && host.iommu.state === 'unknown') {
      const tlb = host.log(TLB);
      out.push({
        messageId: 'policyNotIommu',
        data: { tlb: tlb.length > 0 },
        evidence: [...domainLines, ...tlb].map((l) => l.evidence),
        fixes: [],
      });
    }
    return out;
  },
});
