// Firmware IOMMU evidence shared by the IOMMU rules: ACPI DMAR/IVRS tables from sysfs or the boot log.
import type { Host } from '../facts/host';
import type { Evidence } from '../schema/evidence';
import { greppedAbsence } from '../facts/grep-absence';
import { hasParam } from '../parse/cmdline';
import { tr } from '../i18n/lang';

// Printed while parsing the ACPI tables: they prove firmware VT-d/AMD-Vi, not that the kernel enabled it.
const FIRMWARE_TABLE_LINES = /^(?:ACPI: (?:DMAR|IVRS) 0x|DMAR: Host address width|DMAR: DRHD base|DMAR: RMRR base|DMAR-IR: |AMD-Vi: (?!Unknown option|amd_iommu=))/;

export interface FirmwareIommu {
  /** true: the firmware exposes an IOMMU table; false: known absent; undefined: unknown. */
  present?: boolean;
  evidence: Evidence[];
  how: string;
}

export function firmwareIommu(host: Host): FirmwareIommu {
  const t = host.facts.acpiTables;
  if (t.DMAR === true || t.IVRS === true)
    return { present: true, evidence: [], how: tr(`/sys/firmware/acpi/tables/${t.DMAR ? 'DMAR' : 'IVRS'} exists`, `/sys/firmware/acpi/tables/${t.DMAR ? 'DMAR' : 'IVRS'} 存在`) };
  const tableLines = host.log(FIRMWARE_TABLE_LINES);
  if (tableLines.length > 0) return { present: true, evidence: tableLines.slice(0, 2).map((l) => l.evidence), how: tr('the boot log parses the firmware IOMMU table', '启动日志显示内核解析了固件的 IOMMU 表') };
  const grep = firmwareFromGrep(host);
  if (grep) return grep;
  if (t.DMAR === false && t.IVRS === false) return { present: false, evidence: [], how: tr('neither /sys/firmware/acpi/tables/DMAR nor IVRS exists', '/sys/firmware/acpi/tables/DMAR 和 IVRS 都不存在') };
  if (host.facts.kernelLogComplete) {
    const acpi = host.log(/^ACPI: \w{4} 0x/);
    // A full boot log lists every ACPI table; without DMAR/IVRS among them, firmware exposes no IOMMU.
    if (acpi.length > 0) return { present: false, evidence: acpi.slice(0, 1).map((l) => l.evidence), how: tr('the full boot log lists the ACPI tables and neither DMAR nor IVRS is among them', '完整的启动日志列出了 ACPI 表，其中既没有 DMAR 也没有 IVRS') };
  }
  return { evidence: [], how: tr('unknown', '未知') };
}

// Lines the kernel prints at every boot when the firmware describes an IOMMU, and only then:
// drivers/iommu/amd/init.c print_iommu_info() pci_info(pdev, "Found IOMMU cap 0x%x") (older kernels: "AMD-Vi: Found
// IOMMU at %s cap 0x%hx"), reached whenever an IVRS table is parsed and amd_iommu=off is not given; for Intel the
// ACPI table listing's "ACPI: DMAR 0x…" line (drivers/acpi/acpica tbprint.c) and dmar.c's "DMAR: Host address width".
const AMD_FOUND = ['[    1.113669] pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40', '[    1.113669] AMD-Vi: Found IOMMU at 0000:00:00.2 cap 0x40'];
const INTEL_TABLE = ['[    0.017204] ACPI: DMAR 0x000000005B1C0000 0000A8 (v01 LENOVO TP-N1M   00001560 PTEC 00000002)', '[    0.180694] DMAR: Host address width 39'];

/** A grep'd boot log that would have shown the firmware table's lines for this CPU's vendor, and shows none. */
function firmwareFromGrep(host: Host): FirmwareIommu | undefined {
  const c = host.facts.cmdline;
  // Switched off on the command line, the driver prints nothing either: iommu-disabled-by-cmdline's case.
  if (!c || hasParam(c, 'iommu', 'off') || hasParam(c, 'amd_iommu', 'off') || hasParam(c, 'intel_iommu', 'off')) return undefined;
  const amd = host.cpuVendor === 'amd';
  if (!amd && host.cpuVendor !== 'intel') return undefined;
  const absent = amd ? greppedAbsence(host.facts, AMD_FOUND, /Found IOMMU|AMD-Vi:|ACPI: IVRS/) : greppedAbsence(host.facts, INTEL_TABLE, /ACPI: DMAR|DMAR: Host address width|DMAR: DRHD/);
  if (!absent) return undefined;
  return {
    present: false,
    evidence: absent.evidence,
    how: amd
      ? tr(
          `"${absent.command}" reaches back to boot and would have shown the "AMD-Vi: Found IOMMU" line the kernel prints whenever the firmware's ACPI IVRS table describes an IOMMU; there is none`,
          `"${absent.command}" 的输出从开机时开始；只要固件的 ACPI IVRS 表描述了 IOMMU，内核就会打印 "AMD-Vi: Found IOMMU" 这一行，而输出中没有`,
        )
      : tr(
          `"${absent.command}" reaches back to boot and would have shown the firmware's "ACPI: DMAR" table line and "DMAR: Host address width"; there are none`,
          `"${absent.command}" 的输出从开机时开始，本应包含固件的 "ACPI: DMAR" 表行和 "DMAR: Host address width"，但两者都没有`,
        ),
  };
}
