// C2: a broken ACPI IVRS table (IOAPIC not listed) makes the AMD IOMMU driver disable interrupt remapping.
import { defineRule } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { kernelAtLeast } from '../../src/facts/host';
import type { Fix } from '../../src/schema/fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'amd-ivrs-ioapic-bug';

// drivers/iommu/amd/init.c check_ioapic_information(). Current: pr_fmt "AMD-Vi: " + "%s: IOAPIC[%d] not in IVRS table"
// with FW_BUG ("[Firmware Bug]: ") → "AMD-Vi: [Firmware Bug]: : IOAPIC[4] …" (double colon); the prefix is empty
// when ivrs_ioapic= maps were given ("AMD-Vi: : …"). Older kernels: "[Firmware Bug]: AMD-Vi: IOAPIC[0] …".
const MISSING = /^(?:AMD-Vi: (?:\[Firmware Bug\]: )?: |\[Firmware Bug\]: AMD-Vi: |AMD-Vi: )IOAPIC\[(\d+)\] not in IVRS table/;
const NO_SB = /^(?:AMD-Vi: (?:\[Firmware Bug\]: )?: |\[Firmware Bug\]: AMD-Vi: |AMD-Vi: )No southbridge IOAPIC found/;
const DISABLING = /^AMD-Vi: Disabling interrupt remapping/;
// Consequences of no remapping, as interrupt-remapping-missing reads them.
const REFUSED = /^vfio_iommu_type1_attach_group: No interrupt remapping support/;

export const messages = {
  ivrs: ({ ids, noSouthbridge, disabled, refused, newSyntax, mapsGiven, deprecated }: { ids: number[]; noSouthbridge: boolean; disabled: boolean; refused: boolean; newSyntax: boolean; mapsGiven: boolean; deprecated: string[] }) =>
    `The firmware's IVRS table does not list ${ids.length ? `IOAPIC ${ids.join(', ')}` : 'the IOAPICs'}${noSouthbridge ? ' and names no southbridge IOAPIC' : ''}, so the AMD IOMMU driver ${disabled ? 'disabled' : 'may disable'} interrupt remapping. DMA remapping (groups) still works, but VFIO refuses devices without interrupt remapping${refused ? ' — which is what happened here' : ''}. The real fix is a firmware update; until then the IOAPICs can be mapped on the command line (${newSyntax ? 'ivrs_ioapic=<id>@<seg:bus:dev.fn>' : 'on this kernel the old ivrs_ioapic[<id>]=<bus:dev.fn> form'}).${mapsGiven ? ' ivrs_ioapic= maps are already given but the check still fails: their IDs or addresses do not match this board.' : ''}${deprecated.length ? ` ${deprecated.join(' ')} uses the deprecated form (the kernel warns "option format deprecated").` : ''}`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'C2',
    title: 'Broken IVRS table: AMD interrupt remapping disabled',
    severity: 'warning',
    category: 'interrupts',
    summary: 'The firmware\'s IVRS table does not list the IOAPICs, so the AMD IOMMU driver turns interrupt remapping off and VFIO refuses devices.',
    docs: ['https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['IVRS', 'IOAPIC', 'southbridge', 'Firmware Bug', 'ivrs_ioapic', 'interrupt remapping', 'AMD-Vi'],
    requires: ['kernelLog'],
    reads: { log: ['] not in IVRS table', 'No southbridge IOAPIC found', DISABLING, REFUSED] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const missing = host.log(MISSING);
    const noSb = host.log(NO_SB);
    const disabling = host.log(DISABLING);
    if (!missing.length && !noSb.length && !disabling.length) return []; // without a kernel log the engine says so
    const ids = [...new Set(missing.map((l) => Number(MISSING.exec(l.message)![1])))];
    const refused = host.log(REFUSED).length > 0 || f.qemuErrors.some((q) => q.kind === 'container-eperm');
    const existing = f.cmdline?.params.filter((p) => p.key.startsWith('ivrs_ioapic')) ?? [];
    const mapsGiven = existing.length > 0 || missing.some((l) => /^AMD-Vi: : /.test(l.message));
    // The "ivrs_ioapic=<id>@<seg:bus:dev.fn>" form exists since 6.1 (1198d2316dc4, also in stable); older kernels only know ivrs_ioapic[<id>]=bus:dev.fn.
    const newSyntax = kernelAtLeast(host, 6, 1) !== false;
    // On AMD FCH platforms the southbridge IOAPIC sits at 00:14.0; the second (northbridge/IOMMU) one at 00:00.1 on most boards.
    const addrs = ['0000:00:14.0', '0000:00:00.1'];
    const map = (id: number, i: number) => (newSyntax ? `ivrs_ioapic=${id}@${addrs[i] ?? addrs[0]}` : `ivrs_ioapic[${id}]=${(addrs[i] ?? addrs[0]!).slice(5)}`);
    const params = ids.slice(0, 2).map(map);
    const oldForm = existing.filter((p) => /^ivrs_ioapic\[/.test(p.key));
    const fixes: Fix[] = [
      {
        id: `${ID}/firmware`,
        title: tr('Update the firmware (the IVRS table is the firmware\'s)', '更新固件（IVRS 表由固件提供）'),
        variant: tr('firmware update', '固件更新'),
        recommended: true,
        needsReboot: true,
        needsInitramfs: false,
        warnings: [],
        steps: [
          { kind: 'manual', description: tr('Install the latest firmware (BIOS/UEFI) for the board and set IOMMU to Enabled (not Auto).', '为主板安装最新固件（BIOS/UEFI），并把 IOMMU 设为 Enabled（不要用 Auto）。') },
          { kind: 'verify', description: tr('After the reboot the log says "AMD-Vi: Interrupt remapping enabled" and no "[Firmware Bug]" IOAPIC lines', '重启后日志里有 "AMD-Vi: Interrupt remapping enabled"，并且没有 "[Firmware Bug]" 的 IOAPIC 行'), argv: ['sh', '-c', 'dmesg | grep AMD-Vi'] },
        ],
      },
    ];
    if (params.length && !mapsGiven)
      for (const x of cmdlineFixes(host, `${ID}/ivrs-ioapic`, tr(`Map the IOAPICs by hand: ${params.join(' ')}`, `手动映射 IOAPIC：${params.join(' ')}`), { add: params }, {
        warnings: [
          tr(
            'Check the addresses first: the southbridge (FCH) IOAPIC is normally 00:14.0 (lspci -s 00:14.0 shows the SMBus controller) and the other one 00:00.1 or 00:00.2 depending on the board; the IDs come from the "IOAPIC[N] not in IVRS table" lines. A wrong mapping keeps remapping off.',
            '先核对地址：南桥（FCH）IOAPIC 通常在 00:14.0（lspci -s 00:14.0 显示的是 SMBus 控制器），另一个在 00:00.1 或 00:00.2，视主板而定；ID 来自 "IOAPIC[N] not in IVRS table" 这些行。映射错了，中断重映射仍然是关的。',
          ),
        ],
      }))
        fixes.push({ ...x, recommended: false });
    if (oldForm.length && newSyntax) {
      const converted = oldForm.map((p) => {
        const m = /^ivrs_ioapic\[(\d+)\]$/.exec(p.key);
        const a = /^(?:([0-9a-f]{4}):)?([0-9a-f]{2}:[0-9a-f]{2}\.[0-7])$/i.exec(p.value ?? '');
        return m && a ? `ivrs_ioapic=${m[1]}@${(a[1] ?? '0000').toLowerCase()}:${a[2]!.toLowerCase()}` : undefined;
      });
      if (converted.every(Boolean))
        for (const x of cmdlineFixes(host, `${ID}/new-syntax`, tr('Use the current ivrs_ioapic= syntax', '改用当前的 ivrs_ioapic= 写法'), { remove: oldForm.map((p) => p.raw), add: converted as string[] })) fixes.push({ ...x, recommended: false });
    }
    return [
      {
        severity: refused ? 'error' : 'warning',
        messageId: 'ivrs',
        data: {
          ids,
          noSouthbridge: noSb.length > 0,
          disabled: disabling.length > 0,
          refused,
          newSyntax,
          mapsGiven,
          deprecated: oldForm.length && newSyntax ? oldForm.map((p) => p.raw) : [],
        },
        evidence: [...missing, ...noSb, ...disabling].map((l) => l.evidence).concat(existing.length && f.cmdline ? [f.cmdline.evidence] : []),
        fixes,
      },
    ];
  },
});
