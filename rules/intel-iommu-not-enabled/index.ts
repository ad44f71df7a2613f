// B2: Intel VT-d is exposed by the firmware but the kernel left it off (no intel_iommu=on on a default-off kernel).
import { defineRule } from '../../src/engine/rule';
import { hasParam } from '../../src/parse/cmdline';
import { firmwareIommu } from '../../src/engine/iommu-evidence';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'intel-iommu-not-enabled';

const OPT_IN = /Intel-IOMMU force enabled due to platform opt in/;

export const messages = {
  notEnabled: ({ reason, kernelOff, firmware }: { reason: string; kernelOff: boolean; firmware?: string }) =>
    `The command line has no intel_iommu=on and the IOMMU is not active (${reason}). ${
      kernelOff
        ? 'This kernel is built with CONFIG_INTEL_IOMMU_DEFAULT_ON unset, so the IOMMU stays off unless intel_iommu=on is given.'
        : 'Many kernels (Arch, Debian, older Ubuntu and Proxmox before 6.8) leave the Intel IOMMU off unless intel_iommu=on is given.'
    }${firmware !== undefined ? ` The firmware does expose VT-d (${firmware}).` : ' Make sure VT-d is also enabled in the firmware.'} Note that "iommu: Default domain type" lines are printed even without an IOMMU; the line that proves it works is "DMAR: Intel(R) Virtualization Technology for Directed I/O".`,
  virtualMachine: () => 'this is a virtual machine; its IOMMU is whatever the hypervisor emulates (see running-inside-vm)',
  vendorUnknown: () => 'the CPU vendor is unknown (paste /proc/cpuinfo or lscpu)',
  stateUnknown: ({ reason }: { reason: string }) => `whether the IOMMU is active is unknown: ${reason}`,
  defaultOn: () => 'this kernel enables the Intel IOMMU by default (CONFIG_INTEL_IOMMU_DEFAULT_ON=y) yet it is not active; check the firmware setting',
  noCmdline: () => 'no kernel command line was given (cat /proc/cmdline)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B2',
    title: 'Intel IOMMU is not enabled by the kernel',
    severity: 'error',
    category: 'iommu',
    summary: 'The firmware exposes VT-d but the kernel, built with the IOMMU off by default, was not given intel_iommu=on.',
    docs: ['https://docs.kernel.org/admin-guide/kernel-parameters.html', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['intel_iommu=on', 'vt-d', 'dmar', 'enable iommu', 'kernel parameter'],
    consequenceOf: ['iommu-disabled-by-cmdline', 'cmdline-config-drift'],
    // No requires: an active IOMMU (groups, sysfs or the log) settles it without a command line, so the rule says
    // itself which input it lacked once the IOMMU is known to be off.
    reads: { log: [OPT_IN] },
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.iommu.state === 'active') return [];
    if (host.cpuVendor && host.cpuVendor !== 'intel') return [];
    if (host.virtualMachine) return ctx.unable('virtualMachine');
    const c = host.facts.cmdline;
    if (hasParam(c, 'intel_iommu', 'off')) return []; // iommu-disabled-by-cmdline says it
    const fw = firmwareIommu(host);
    if (fw.present === false) return []; // iommu-firmware-disabled says it
    if (!host.cpuVendor) return ctx.unable('vendorUnknown');
    if (host.iommu.state === 'unknown') return ctx.unable('stateUnknown', { reason: host.iommu.reason });
    const optin = host.log(OPT_IN);
    if (optin.length) return [];
    const kc = host.facts.kconfig?.INTEL_IOMMU_DEFAULT_ON;
    const onGiven = hasParam(c, 'intel_iommu', 'on');
    if (onGiven) return []; // given but still inactive: a firmware or hardware problem, not this one
    if (kc === 'y') return ctx.unable('defaultOn');
    if (!c) return ctx.unable('noCmdline');
    return [
      {
        messageId: 'notEnabled',
        data: { reason: host.iommu.reason, kernelOff: kc === 'n', ...(fw.present ? { firmware: fw.how } : {}) },
        evidence: [c.evidence, ...fw.evidence, ...host.iommu.evidence].slice(0, 4),
        fixes: cmdlineFixes(host, ID, tr('Add intel_iommu=on to the kernel command line', '在内核命令行加上 intel_iommu=on'), { add: ['intel_iommu=on'] }, {
          verify: [
            { kind: 'verify', description: tr('The kernel log shows VT-d initialised', '内核日志显示 VT-d 已初始化'), argv: ['dmesg'], expect: 'DMAR: Intel(R) Virtualization Technology for Directed I/O' },
            { kind: 'verify', description: tr('IOMMU groups exist', '存在 IOMMU 组'), argv: ['ls', '/sys/kernel/iommu_groups/'] },
          ],
        }),
      },
    ];
  },
});
