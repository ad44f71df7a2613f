// Firmware IOMMU evidence shared by the IOMMU rules: ACPI DMAR/IVRS tables from sysfs or the boot log.
import type { Host } from '../facts/host';
import type { Evidence } from '../schema/evidence';

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
    return { present: true, evidence: [], how: `/sys/firmware/acpi/tables/${t.DMAR ? 'DMAR' : 'IVRS'} exists` };
  const tableLines = host.log(FIRMWARE_TABLE_LINES);
  if (tableLines.length > 0) return { present: true, evidence: tableLines.slice(0, 2).map((l) => l.evidence), how: 'the boot log parses the firmware IOMMU table' };
  if (t.DMAR === false && t.IVRS === false) return { present: false, evidence: [], how: 'neither /sys/firmware/acpi/tables/DMAR nor IVRS exists' };
  if (host.facts.kernelLogComplete) {
    const acpi = host.log(/^ACPI: \w{4} 0x/);
    // A full boot log lists every ACPI table; without DMAR/IVRS among them, firmware exposes no IOMMU.
    if (acpi.length > 0) return { present: false, evidence: acpi.slice(0, 1).map((l) => l.evidence), how: 'the full boot log lists the ACPI tables and neither DMAR nor IVRS is among them' };
  }
  return { evidence: [], how: 'unknown' };
}
