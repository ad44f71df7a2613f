// driverctl: `list-overrides` ("0000:01:00.0 vfio-pci") and `list-devices` ("0000:01:00.0 vfio-pci [*]", "(none)").
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';

// driverctl list_devices() (driverctl 0.111): one line per device that has a driver_override file — its address, then
// the driver *bound now* (basename of the device's driver link) or "(none)", then " [*]" in list-devices when an
// override is set; list-overrides prints only the devices with an override, without the mark; -v/--debug adds the
// model in parentheses. The override's own value is never printed: set-override unbinds, writes it, and reprobes, so
// a bound driver is the override's; "(none)" leaves its value unknown.
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
      const hasOverride = overrides || !!m[3];
      b.mergeDevice(bdf, { driver: drv, ...(hasOverride && drv ? { driverOverride: drv } : {}) }, evidenceOf(l));
    }
    return bad;
  },
};
