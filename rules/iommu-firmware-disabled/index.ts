// B1: the firmware exposes no IOMMU (no ACPI DMAR/IVRS table): VT-d / AMD-Vi is off in the BIOS.
import { defineRule } from '../../src/engine/rule';
import { firmwareIommu } from '../../src/engine/iommu-evidence';
import { plainFix } from '../../src/engine/fixes/manual';
import { tr } from '../../src/i18n/lang';
import { settingZh, zh } from './zh';

const ID = 'iommu-firmware-disabled';

export const messages = {
  firmwareOff: ({ how, setting }: { how: string; setting: string }) =>
    `The firmware exposes no IOMMU: ${how}. Without it the kernel has nothing to enable, whatever is on the command line. Enable ${setting} in the firmware setup.`,
  virtualMachine: () => 'this is a virtual machine; its firmware is emulated (see running-inside-vm)',
  inactiveUndecided: () =>
    'the IOMMU is not active, but neither /sys/firmware/acpi/tables nor a full boot log (sudo dmesg) was given to tell whether the firmware or the kernel is the reason',
  noTables: () => 'no full boot log or /sys/firmware/acpi/tables listing was given',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B1',
    title: 'VT-d / AMD-Vi is not enabled in the firmware',
    severity: 'error',
    category: 'iommu',
    summary: 'The firmware exposes no IOMMU (no ACPI DMAR or IVRS table), so the kernel cannot enable one.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Setting_up_IOMMU'],
    keywords: ['bios', 'uefi', 'firmware', 'vt-d', 'amd-vi', 'svm', 'iommu setting', 'dmar table', 'ivrs'],
    // The ACPI table listing or a full boot log decides it (engine/iommu-evidence.ts); neither is one input kind, so the
    // rule says itself what is missing.
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.iommu.state === 'active') return [];
    if (host.virtualMachine) return ctx.unable('virtualMachine');
    const fw = firmwareIommu(host);
    if (fw.present === true) return [];
    if (fw.present === undefined) {
      if (host.iommu.state === 'inactive')
        return ctx.unable('inactiveUndecided');
      return ctx.unable('noTables');
    }
    const intel = host.cpuVendor === 'intel';
    const amd = host.cpuVendor === 'amd';
    const setting = intel
      ? '"Intel VT-d" / "Intel Virtualization Technology for Directed I/O"'
      : amd
        ? '"IOMMU" (set it to Enabled, not Auto; on some boards under AMD CBS → NBIO)'
        : '"VT-d" (Intel) or "IOMMU" / "AMD-Vi" (AMD)';
    const fix = plainFix(`${ID}/firmware`, tr('Enable the IOMMU in the firmware setup', '在固件设置中开启 IOMMU'), tr('firmware setup', '固件设置'), [
        { kind: 'manual', description: tr(
            `Reboot into the firmware setup (often Del or F2) and enable ${setting}. Some boards only show it after "Above 4G decoding" or SR-IOV options are visited; a BIOS update can add it.`,
            `重启进入固件设置（通常按 Del 或 F2），开启 ${settingZh(setting)}。有些主板要先进过 "Above 4G decoding" 或 SR-IOV 选项后才会显示它；更新 BIOS 也可能加上这个选项。`,
          ) },
        { kind: 'reboot', description: tr('save the firmware settings and boot Linux.', '保存固件设置并启动 Linux。') },
        { kind: 'verify', description: tr(`/sys/firmware/acpi/tables/${intel ? 'DMAR' : amd ? 'IVRS' : 'DMAR (Intel) or IVRS (AMD)'} exists`, `/sys/firmware/acpi/tables/${intel ? 'DMAR' : amd ? 'IVRS' : 'DMAR（Intel）或 IVRS（AMD）'} 存在`), argv: ['ls', '/sys/firmware/acpi/tables/'], expect: intel ? 'DMAR' : amd ? 'IVRS' : undefined },
        { kind: 'verify', description: tr('IOMMU groups exist', '存在 IOMMU 组'), argv: ['ls', '/sys/kernel/iommu_groups/'] },
      ], { needsReboot: true });
    return [
      {
        messageId: 'firmwareOff',
        data: { how: fw.how, setting },
        evidence: [...fw.evidence, ...host.iommu.evidence].slice(0, 4),
        fixes: [fix],
      },
    ];
  },
});
