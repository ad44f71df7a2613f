// D5: pcie_acs_override= is on the command line, but the running kernel does not carry the patch that reads it.
import { defineRule } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { parseCmdlineString } from '../../src/parse/cmdline';
import type { Evidence } from '../../src/schema/evidence';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'acs-override-unsupported-kernel';

const ACTIVE = /^Warning: PCIe ACS overrides enabled/;
// init/main.c print_unknown_bootoptions(): 5.15+ (and 5.14.y) wording, and the first 5.14 wording.
const UNKNOWN = /^Unknown kernel command line parameters "(.*)", will be passed to user space|^Unknown command line parameters:\s*(.*)$/;

export const messages = {
  ignored: ({ raw, release, listed }: { raw: string; release?: string; listed: boolean }) =>
    `${raw} does nothing on this kernel${release !== undefined ? ` (${release})` : ''}: ${listed ? 'the kernel lists it among the unknown parameters it passes to init' : 'the full boot log has no "PCIe ACS overrides enabled" line'}. pcie_acs_override comes from an out-of-tree patch carried by the Proxmox VE kernel, linux-zen, CachyOS, Liquorix and the AUR linux-vfio/linux-tkg builds, not by stock Arch, Fedora, Debian or Ubuntu kernels. The IOMMU groups are therefore exactly what the hardware provides. Either remove the parameter, or — accepting that devices in one real group can then reach each other by DMA past the IOMMU — boot a kernel that carries the patch.`,
  noBootLog: ({ raw }: { raw: string }) =>
    `${raw} is given, but no boot log shows whether the kernel acted on it (sudo dmesg | grep -i -e ACS -e "command line")`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'D5',
    title: 'pcie_acs_override= is ignored by this kernel',
    severity: 'warning',
    category: 'groups',
    summary: 'Only kernels with the out-of-tree ACS override patch understand pcie_acs_override=; on others it does nothing and the groups stay as they are.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Bypassing_the_IOMMU_groups_(ACS_override_patch)'],
    keywords: ['pcie_acs_override', 'Unknown kernel command line parameters', 'ACS override', 'groups not split', 'linux-zen'],
    requires: [{ anyOf: ['cmdline', 'kernelLog'] }],
    reads: { log: [ACTIVE, '^Unknown kernel command line parameters "', '^Unknown command line parameters:'] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const param = f.cmdline?.params.find((p) => p.key === 'pcie_acs_override');
    // The kernel lists parameters nobody handled (5.14+): the patch would have consumed it.
    const unknown = f.kernelLog.filter((l) => {
      const m = UNKNOWN.exec(l.message);
      return m && parseCmdlineString(m[1] ?? m[2] ?? '', l.evidence).params.some((p) => p.key === 'pcie_acs_override');
    });
    if (host.log(ACTIVE).length) return []; // the patch is there: acs-override-active
    if (!param && !unknown.length) return []; // without a command line or a kernel log the engine says so
    if (!unknown.length && !f.kernelLogComplete) return ctx.unable('noBootLog', { raw: param!.raw });
    const raw = param?.raw ?? 'pcie_acs_override=…';
    const evidence: Evidence[] = [...(param && f.cmdline ? [f.cmdline.evidence] : []), ...unknown.map((l) => l.evidence)];
    return [
      {
        messageId: 'ignored',
        data: { raw, ...(host.kernel ? { release: host.kernel.release } : {}), listed: unknown.length > 0 },
        evidence,
        fixes: [
          ...cmdlineFixes(host, ID, tr(`Remove ${raw}`, `删除 ${raw}`), { remove: ['pcie_acs_override'] }),
          {
            id: `${ID}/patched-kernel`,
            title: tr('Boot a kernel that carries the ACS override patch (weaker isolation)', '改用带 ACS override 补丁的内核启动（隔离更弱）'),
            variant: tr('another kernel', '换用其他内核'),
            recommended: false,
            needsReboot: true,
            needsInitramfs: false,
            warnings: [tr('Groups split by the override are not isolated in hardware: only for single-user hosts with trusted VMs (see acs-override-active).', '被 override 拆开的 IOMMU 组在硬件上并不隔离：只适合自己使用、信任所有虚拟机的宿主机（见 acs-override-active）。')],
            steps: [
              { kind: 'manual', description: tr('Install a kernel with the patch (Arch: linux-zen; CachyOS and Liquorix kernels; Proxmox VE kernels have it), keep the parameter, and boot it.', '安装带这个补丁的内核（Arch：linux-zen；CachyOS 和 Liquorix 的内核；Proxmox VE 内核自带），保留这个参数，用新内核启动。') },
              { kind: 'verify', description: tr('The kernel acts on the parameter', '内核处理了这个参数'), argv: ['sh', '-c', 'dmesg | grep -i "ACS overrides enabled"'] },
            ],
          },
        ],
      },
    ];
  },
});
