// B7: the AMD IOMMU driver refuses to start because SME (memory encryption) is active on an early Zen microcode.
import { defineRule } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'amd-iommu-sme-conflict';

// drivers/iommu/amd/init.c amd_iommu_sme_check(): Family 17h with microcode below 0x08001205 (outside
// 0x08001126–0x080011ff) while SME is active → pr_notice("IOMMU not currently supported when SME is active").
const SME = /^AMD-Vi: IOMMU not currently supported when SME is active/;

type Why = { by: 'cmdline'; param: string } | { by: 'kconfig' } | { by: 'default' };
const whyText = (w: Why) =>
  w.by === 'cmdline' ? `${w.param} is on the command line` : w.by === 'kconfig' ? 'the kernel turns SME on by default (CONFIG_AMD_MEM_ENCRYPT_ACTIVE_BY_DEFAULT=y)' : 'SME is on (mem_encrypt=on, or the kernel\'s default)';

export const messages = {
  refused: (why: Why) =>
    `The AMD IOMMU driver gave up at boot: ${whyText(why)}, and on this Zen 1 (family 17h) CPU the microcode is older than the level the kernel requires for the IOMMU under SME (0x08001205, or 0x08001126–0x080011ff). No IOMMU means no groups and no VFIO. Update the firmware (it brings newer microcode) or boot with mem_encrypt=off.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B7',
    title: 'The AMD IOMMU is refused because SME is active',
    severity: 'error',
    category: 'iommu',
    summary: 'With Secure Memory Encryption on and an old Zen 1 microcode, the kernel does not start the AMD IOMMU at all: no groups, no VFIO.',
    docs: ['https://docs.kernel.org/arch/x86/amd-memory-encryption.html', 'https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['SME', 'mem_encrypt', 'memory encryption', 'AMD-Vi', 'not currently supported'],
    requires: ['kernelLog'],
    reads: { log: [SME] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const lines = host.log(SME);
    if (lines.length === 0) return [];
    const memEncrypt = f.cmdline?.params.find((p) => p.key === 'mem_encrypt');
    const byDefault = f.kconfig?.AMD_MEM_ENCRYPT_ACTIVE_BY_DEFAULT === 'y';
    const why: Why = memEncrypt ? { by: 'cmdline', param: memEncrypt.raw } : byDefault ? { by: 'kconfig' } : { by: 'default' };
    return [
      {
        messageId: 'refused',
        data: why,
        evidence: [...lines.map((l) => l.evidence), ...(memEncrypt && f.cmdline ? [f.cmdline.evidence] : [])],
        fixes: [
          ...cmdlineFixes(host, ID, tr('Boot with memory encryption off (mem_encrypt=off)', '关闭内存加密启动（mem_encrypt=off）'), { remove: ['mem_encrypt'], add: ['mem_encrypt=off'] }),
          {
            id: `${ID}/firmware`,
            title: tr('Update the firmware (newer CPU microcode) and keep SME', '更新固件（新版 CPU 微码），保留 SME'),
            variant: tr('firmware update', '固件更新'),
            recommended: false,
            needsReboot: true,
            needsInitramfs: false,
            warnings: [],
            steps: [
              { kind: 'manual', description: tr('Install the latest firmware (BIOS/UEFI) for the board, or a distribution microcode package that carries a family 17h microcode of 0x08001205 or newer.', '为主板安装最新固件（BIOS/UEFI），或者安装发行版的微码包，其中 family 17h 的微码要是 0x08001205 或更新。') },
              { kind: 'verify', description: tr('The microcode revision is new enough and the IOMMU starts', '微码版本够新，IOMMU 能够启动'), argv: ['grep', '-m1', 'microcode', '/proc/cpuinfo'] },
            ],
          },
        ],
      },
    ];
  },
});
