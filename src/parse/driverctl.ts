// driverctl: `list-overrides` ("0000:01:00.0 vfio-pci") and `list-devices` ("0000:01:00.0 vfio-pci [*]", "(none)").
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from './bdf';

// driverctl stores an override per device (persisted under /etc/driverctl.d) and applies it as driver_override; in
// list-devices a "[*]" marks a device whose driver is such an override.
const LINE = /^((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s+(\S+)(?:\s+(\[\*\]))?(?:\s+\(.*\))?$/i;

export const driverctlParser: Parser = {
  kind: 'driverctl',
  // Bare "ADDRESS DRIVER" lines are too plain to be recognised without the driverctl prompt.
  starts: () => false,
  // Inside its own section its lines are its own, though the collector's device-line shape would match them.
  claims: (text) => LINE.test(text.trim()),
  parse(lines: Line[], b, sectionSource) {
    const bad: Line[] = [];
    const overrides = /\blist-overrides\b/.test(sectionSource ?? '');
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const m = LINE.exec(t);
      const bdf = m ? normalizeBdf(m[1]!) : undefined;
      if (!m || !bdf) {
        bad.push(l);
        continue;
      }
      const drv = m[2]! === '(none)' ? null : m[2]!;
      if (overrides) b.mergeDevice(bdf, { driverOverride: drv }, evidenceOf(l));
      else b.mergeDevice(bdf, { driver: drv, ...(m[3] ? { driverOverride: drv } : {}) }, evidenceOf(l));
    }
    return bad;
  },
};
