// B1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

/** How the firmware's IOMMU table was found missing (engine/iommu-evidence.ts firmwareIommu), in Chinese. */
const HOW: Record<string, string> = {
  'neither /sys/firmware/acpi/tables/DMAR nor IVRS exists': '/sys/firmware/acpi/tables/DMAR 和 IVRS 都不存在',
  'the full boot log lists the ACPI tables and neither DMAR nor IVRS is among them': '完整的启动日志列出了 ACPI 表，其中既没有 DMAR 也没有 IVRS',
};

/** The firmware menu entry to enable (index.ts's `setting`, which the data keeps in English), in Chinese. */
export const settingZh = (setting: string): string =>
  ({
    '"IOMMU" (set it to Enabled, not Auto; on some boards under AMD CBS → NBIO)': '"IOMMU"（设为 Enabled 而不是 Auto；有些主板在 AMD CBS → NBIO 下）',
    '"VT-d" (Intel) or "IOMMU" / "AMD-Vi" (AMD)': '"VT-d"（Intel）或 "IOMMU" / "AMD-Vi"（AMD）',
  })[setting] ?? setting;

export const zh = {
  title: '固件里没有开启 VT-d / AMD-Vi',
  summary: '固件没有提供 IOMMU（没有 ACPI DMAR 或 IVRS 表），内核也就无从启用。',
  messages: {
    firmwareOff: ({ how, setting }: { how: string; setting: string }) =>
      `固件没有提供 IOMMU：${HOW[how] ?? how}。没有它，不管内核命令行上写什么，内核都没有东西可以启用。请在固件设置里开启 ${settingZh(setting)}。`,
    virtualMachine: () => '这是一台虚拟机；它的固件是模拟出来的（见 running-inside-vm）',
    inactiveUndecided: () =>
      'IOMMU 没有启用，但既没有给出 /sys/firmware/acpi/tables，也没有完整的启动日志（sudo dmesg），无法判断是固件还是内核的原因',
    noTables: () => '没有给出完整的启动日志或 /sys/firmware/acpi/tables 列表',
  },
} satisfies RuleZh<typeof messages>;
