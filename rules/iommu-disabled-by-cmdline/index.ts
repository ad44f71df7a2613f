// B4: the IOMMU is switched off on the kernel command line (intel_iommu=off, amd_iommu=off, iommu=off, iommu=soft).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const OFF: { key: string; value: string; severity: 'error' | 'warning'; why: string }[] = [
  { key: 'intel_iommu', value: 'off', severity: 'error', why: 'switches Intel VT-d DMA remapping off' },
  { key: 'amd_iommu', value: 'off', severity: 'error', why: 'switches the AMD IOMMU off' },
  { key: 'iommu', value: 'off', severity: 'error', why: 'disables every IOMMU (no_iommu)' },
  { key: 'iommu', value: 'soft', severity: 'warning', why: 'asks for software bounce buffering (SWIOTLB) instead of the hardware IOMMU' },
];

const DMAR_OFF = /^DMAR: IOMMU disabled/;
const SWIOTLB = /^PCI-DMA: Using software bounce buffering/;
export const messages = {
  off: ({ param, why }: { param: string; why: (typeof OFF)[number]['why'] }) =>
    `${param} on the running kernel's command line ${why}, so no device can be given to a VM. It is often left over from a laptop, graphics or IO_PAGE_FAULT workaround; if that was the reason, intel_iommu=igfx_off (Intel iGPU excluded) is the narrower fix.`,
};

export const rule = defineRule({
  meta: {
    id: 'iommu-disabled-by-cmdline',
    catalogue: 'B4',
    title: 'The IOMMU is switched off on the kernel command line',
    severity: 'error',
    category: 'iommu',
    summary: 'intel_iommu=off, amd_iommu=off, iommu=off or iommu=soft on the command line keeps VFIO from working.',
    docs: ['https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['intel_iommu=off', 'amd_iommu=off', 'iommu=off', 'iommu=soft', 'disabled'],
    requires: ['cmdline'],
    reads: { log: [DMAR_OFF, SWIOTLB] },
    messages,
    zh,
  },
  check(host) {
    const c = host.facts.cmdline;
    if (!c) return [];
    const out: DraftOf<typeof messages>[] = [];
    for (const o of OFF) {
      const p = c.params.find((x) => x.key === o.key && (x.value ?? '').toLowerCase() === o.value);
      if (!p) continue;
      const log = o.key === 'intel_iommu' ? host.log(DMAR_OFF) : o.value === 'soft' ? host.log(SWIOTLB) : [];
      out.push({
        severity: o.severity,
        messageId: 'off',
        data: { param: p.raw, why: o.why },
        evidence: [c.evidence, ...log.map((l) => l.evidence)],
        fixes: cmdlineFixes(host, 'iommu-disabled-by-cmdline', tr(`Remove ${p.raw} from the kernel command line`, `从内核命令行删除 ${p.raw}`), { remove: [p.raw] }),
      });
    }
    return out;
  },
});
