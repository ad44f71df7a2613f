// J4: vfio.enable_unsafe_noiommu_mode is on: a DPDK-style mode without isolation that cannot be used to give devices to VMs.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import type { Fix } from '../../src/schema/fix';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { removeLinesStep } from '../../src/engine/fixes/file-steps';
import { escapeRe } from '../../src/parse/line';
import { generatorsOf, rebuildStep } from '../../src/engine/fixes/initramfs';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vfio-noiommu-mode';
const ON = /^(?:1|y|Y|yes|on|true)$/;

const TAINT = /: Adding kernel taint for vfio-noiommu group on device/;

export const messages = {
  enabled: ({ inUse }: { inUse: number }) =>
    `VFIO's unsafe no-IOMMU mode is enabled${inUse ? ` and in use (${inUse} device${inUse > 1 ? 's' : ''} got a "vfio-noiommu" group and tainted the kernel)` : ''}. It exists for DPDK-style userspace drivers on machines without an IOMMU: devices get no DMA isolation and no translation, and the kernel's own description says it "cannot be used for device assignment to virtual machines" — QEMU/libvirt cannot use noiommu groups. It does not work around a missing IOMMU for passthrough; it only hides the real problem. Remove it and enable the IOMMU instead (firmware VT-d/AMD-Vi, intel_iommu=on where needed).`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'J4',
    title: 'Unsafe no-IOMMU VFIO mode is enabled',
    severity: 'warning',
    category: 'iommu',
    summary: 'vfio.enable_unsafe_noiommu_mode=1 gives userspace drivers devices without any DMA isolation and taints the kernel; it cannot be used for VM device assignment.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['noiommu', 'enable_unsafe_noiommu_mode', 'no-IOMMU', 'dpdk', 'taint', '/dev/vfio/noiommu'],
    requires: [{ anyOf: ['cmdline', 'modprobe', 'kernelLog'] }],
    reads: { log: [TAINT] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const ev: Evidence[] = [];
    const raw = f.cmdline?.params.filter((p) => p.key === 'vfio.enable_unsafe_noiommu_mode' && ON.test(p.value ?? '')).map((p) => p.raw) ?? [];
    if (raw.length) ev.push(f.cmdline!.evidence);
    const opts = f.modprobe.filter((d) => d.kind === 'options' && d.module === 'vfio' && /(?:^|\s)enable_unsafe_noiommu_mode=(?:1|y|Y|yes|on|true)\b/.test(d.args));
    ev.push(...opts.map((d) => d.evidence));
    const taint = host.log(TAINT);
    ev.push(...taint.map((l) => l.evidence));
    if (ev.length === 0) return [];
    const fixes: Fix[] = raw.length ? cmdlineFixes(host, ID, tr('Remove vfio.enable_unsafe_noiommu_mode from the kernel command line', '从内核命令行中去掉 vfio.enable_unsafe_noiommu_mode'), { remove: raw }) : [];
    for (const d of opts) {
      const gen = generatorsOf(host)[0];
      fixes.push({
        id: `${ID}/modprobe`,
        title: tr(`Remove the option from ${d.evidence.source}`, `从 ${d.evidence.source} 中删除这个选项`),
        recommended: fixes.length === 0,
        needsReboot: true,
        needsInitramfs: !!gen,
        warnings: [],
        steps: [
          removeLinesStep(host, d.evidence.source, [`^\\s*${escapeRe(d.evidence.text.trim())}\\s*$`], tr('Delete the no-IOMMU option', '删除 no-IOMMU 选项')),
          ...(gen ? [rebuildStep(gen)] : []),
          { kind: 'reboot', description: tr('The vfio module reads the option when it loads.', 'vfio 模块在加载时读取这个选项。') },
          { kind: 'verify', description: tr('The parameter reads N', '该参数读出 N'), argv: ['cat', '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode'] },
        ],
      });
    }
    if (fixes.length === 0)
      fixes.push(plainFix(`${ID}/remove`, tr('Turn the no-IOMMU mode off', '关闭 no-IOMMU 模式'), '', [
          { kind: 'manual', description: tr('Remove vfio.enable_unsafe_noiommu_mode=1 from the kernel command line, or the "options vfio enable_unsafe_noiommu_mode=1" line from /etc/modprobe.d (grep -rn noiommu /etc), and rebuild the initramfs if that file is part of it.', '从内核命令行中去掉 vfio.enable_unsafe_noiommu_mode=1，或从 /etc/modprobe.d 中删除 "options vfio enable_unsafe_noiommu_mode=1" 这一行（grep -rn noiommu /etc），如果该文件会进入 initramfs，再重新生成 initramfs。') },
          { kind: 'reboot', description: tr('The vfio module reads the option when it loads.', 'vfio 模块在加载时读取这个选项。') },
          { kind: 'verify', description: tr('The parameter reads N', '该参数读出 N'), argv: ['cat', '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode'] },
        ], { needsReboot: true }));
    return [
      {
        messageId: 'enabled',
        data: { inUse: taint.length },
        evidence: ev,
        fixes,
      },
    ];
  },
});
