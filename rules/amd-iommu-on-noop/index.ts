// B3: amd_iommu=on is not an option; AMD-Vi is enabled automatically when the firmware has an IVRS table.
import { defineRule } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import type { Evidence } from '../../src/schema/evidence';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'amd-iommu-on-noop';

const UNKNOWN_ON = /^AMD-Vi: Unknown option - 'on/;

export const messages = {
  noSuchOption: ({ kernelSaid }: { kernelSaid: boolean }) =>
    `amd_iommu=on is not an amd_iommu= option (valid: off, force_enable, force_isolation, pgtbl_v1, pgtbl_v2, irtcachedis, nohugepages, v2_pgsizes_only)${kernelSaid ? '; the kernel says so with "AMD-Vi: Unknown option - \'on\'"' : '; kernels since about 6.2 log "AMD-Vi: Unknown option - \'on\'"'}. The AMD IOMMU is enabled automatically when the firmware provides an IVRS table, so this parameter is harmless but did not enable anything: if groups are missing, look at the firmware setting instead.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B3',
    title: 'amd_iommu=on does nothing',
    severity: 'info',
    category: 'iommu',
    summary: '"on" is not a valid amd_iommu= value; the AMD IOMMU is on by default when the firmware provides it.',
    docs: ['https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['amd_iommu=on', 'Unknown option', 'AMD-Vi'],
    requires: [{ anyOf: ['cmdline', 'bootConfig', 'kernelLog'] }],
    reads: { log: [UNKNOWN_ON] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const ev: Evidence[] = [];
    const running = f.cmdline?.params.find((p) => p.key === 'amd_iommu' && /(^|,)on(,|$)/i.test(p.value ?? ''));
    if (running) ev.push(f.cmdline!.evidence);
    const grub = Object.values(f.grubVars ?? {}).filter((v) => /(^|\s)amd_iommu=on\b/.test(v.value));
    for (const g of grub) ev.push(g.evidence);
    if (f.kernelCmdlineFile?.params.some((p) => p.key === 'amd_iommu' && /(^|,)on(,|$)/i.test(p.value ?? ''))) ev.push(f.kernelCmdlineFile.evidence);
    const log = host.log(UNKNOWN_ON);
    ev.push(...log.map((l) => l.evidence));
    if (ev.length === 0) return [];
    return [
      {
        messageId: 'noSuchOption',
        data: { kernelSaid: log.length > 0 },
        evidence: ev,
        fixes: cmdlineFixes(host, ID, tr('Remove amd_iommu=on from the kernel command line', '从内核命令行删除 amd_iommu=on'), { remove: ['amd_iommu=on'] }),
      },
    ];
  },
});
