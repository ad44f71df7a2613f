// GPUs named only in kernel log lines (by their driver, NVRM, or vendor-reset) are devices too: register them as such.
import type { Facts, LogLine, PciDevice } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { normalizeBdf } from '../pci/bdf';
import { GPU_DRIVER_VENDOR } from '../pci/drivers';

const DRIVER_LINE = new RegExp(`^(${Object.keys(GPU_DRIVER_VENDOR).join('|')}) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]): `);
/**
 * vendor-reset prints through pci_info(pdev, "%s: " fmt, cfg->info_str) (src/vendor-reset-dev.h, vr_info), so its lines
 * read "<bound driver> 0000:28:00.0: AMD_NAVI10: …"; the info strings come from src/device-db.h (DEVICE_INFO), all AMD GPUs.
 */
const VENDOR_RESET_LINE = /^[\w-]+ ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): (AMD_(?:POLARIS1[012]|VEGA10|VEGA20|NAVI1[024]|NAVI2\d)): /;
/**
 * The NVIDIA driver names a GPU as "GPU 0000:01:00.0" ("NVRM: GPU 0000:01:00.0 is already bound to vfio-pci.",
 * "NVRM: GPU 0000:01:00.0: RmInitAdapter failed!") or "PCI:0000:01:00" without the function (Xid lines, "GPU at PCI:…"):
 * any domain:bus:device address in an NVRM line is a GPU's.
 */
const NVRM_LINE = /^NVRM: .*?\b([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}(?:\.[0-7])?)(?![0-9a-f]|:[0-9a-f])/i;

export interface LogDevice {
  bdf: string;
  vendor: string;
  label: string;
  /** The driver the line shows bound ("NVRM: GPU … is already bound to vfio-pci."). */
  driver?: string;
  evidence: Evidence;
}

/** Display functions the kernel log names, by the first line naming each. */
export function gpusNamedInLog(log: readonly LogLine[]): LogDevice[] {
  const out = new Map<string, LogDevice>();
  const add = (raw: string | undefined, vendor: string, label: string, ev: Evidence, driver?: string) => {
    const bdf = raw ? normalizeBdf(raw.includes('.') ? raw : `${raw}.0`) : undefined;
    if (!bdf) return;
    const cur = out.get(bdf);
    if (!cur) out.set(bdf, { bdf, vendor, label, driver, evidence: ev });
    else if (driver) cur.driver = driver;
  };
  for (const l of log) {
    const m = l.message;
    if (m.startsWith('NVRM: ')) {
      const n = NVRM_LINE.exec(m);
      // nvidia's probe found the card owned by another driver and says which (real dmesg: fixtures/real/b-openlinkhub-…).
      if (n) add(n[1], '10de', 'NVIDIA GPU', l.evidence, /is already bound to ([\w-]+)/.exec(m)?.[1]);
      continue;
    }
    const d = DRIVER_LINE.exec(m);
    if (d) {
      const info = GPU_DRIVER_VENDOR[d[1]!]!;
      add(d[2], info.vendor, info.label, l.evidence);
      continue;
    }
    const r = VENDOR_RESET_LINE.exec(m);
    if (r) add(r[1], '1002', `AMD GPU (${r[2]})`, l.evidence);
  }
  return [...out.values()];
}

/**
 * Adds the GPUs the log names that no listing showed. Only the base class is known (03, display), and the vendor from
 * the driver; the name says where the device was seen so nobody mistakes it for lspci's.
 */
export function registerLogGpus(facts: Facts, get: (bdf: string) => PciDevice | undefined, merge: (bdf: string, fields: Partial<PciDevice>, ev: Evidence) => void): void {
  // A complete listing (sysfs, a whole lspci) that lacks the device is newer knowledge than a log line from some other boot.
  if (facts.pciComplete) return;
  for (const g of gpusNamedInLog(facts.kernelLog)) {
    const d = get(g.bdf);
    if (!d) merge(g.bdf, { vendor: g.vendor, classCode: '03', className: 'Display controller', name: `${g.label}, named only in the kernel log`, driver: g.driver }, g.evidence);
    // Known by address only (an "Adding to iommu group" line): the driver's line tells what it is.
    else if (d.classCode === undefined) merge(g.bdf, { vendor: d.vendor ?? g.vendor, classCode: '03', className: d.className ?? 'Display controller', driver: d.driver === undefined ? g.driver : undefined }, g.evidence);
  }
  // vfio-pci's own lines ("vfio-pci 0000:c3:00.0: BAR 0: can't reserve …") name a device held for a VM: a device
  // (its driver, vfio-pci, comes from the same lines), though with its class unknown it is no GPU candidate.
  for (const l of facts.kernelLog) {
    const m = /^vfio-pci ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): /.exec(l.message);
    if (m && !get(m[1]!)) merge(m[1]!, {}, l.evidence);
  }
}
