// `grep . /sys/bus/pci/devices/*/FILE` (or `head`): "PATH:VALUE" lines, one sysfs attribute of one device each.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { PciDevice } from '../schema/facts';
import { normalizeBdf } from '../pci/bdf';

// /sys/bus/pci/devices/0000:01:00.0/reset_method:flr bus — also through /sys/devices/pci0000:00/…/0000:01:00.0/.
const LINE = /^\/sys\/(?:bus\/pci\/devices|devices\/pci[0-9a-f]{4}:[0-9a-f]{2}(?:\/[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])*)\/([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\/([\w]+):(.*)$/i;
const hex = (v: string) => v.trim().replace(/^0x/i, '').toLowerCase();

/** The device fields one attribute file gives (the same names as the collector's key=value lines, sysfs.ts). */
function fieldsOf(file: string, v: string): Partial<PciDevice> | undefined {
  switch (file) {
    case 'vendor':
    case 'device':
    case 'subsystem_vendor':
    case 'subsystem_device': {
      const key = file === 'vendor' ? 'vendor' : file === 'device' ? 'device' : file === 'subsystem_vendor' ? 'subVendor' : 'subDevice';
      return { [key]: hex(v) };
    }
    case 'class':
      return { classCode: hex(v) };
    case 'driver_override':
      return { driverOverride: v === '(null)' || v === '' ? null : v.trim() };
    case 'boot_vga':
      return { bootVga: v.trim() === '1' };
    case 'reset_method':
      return { resetMethods: v.split(/[,\s]+/).filter(Boolean) };
    case 'power_state':
      return { powerState: v.trim() };
    default:
      return undefined;
  }
}

export const sysfsGrepParser: Parser = {
  kind: 'sysfs-grep',
  starts: (text) => text.startsWith('/sys/') && LINE.test(text.trim()),
  parse(lines: Line[], b) {
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const m = LINE.exec(t);
      const bdf = m ? normalizeBdf(m[1]!) : undefined;
      const f = m && bdf ? fieldsOf(m[2]!, m[3]!) : undefined;
      if (!bdf || !f) {
        // An attribute no check reads (current_link_speed, numa_node, …) stays counted as not understood.
        bad.push(l);
        continue;
      }
      b.mergeDevice(bdf, f, evidenceOf(l));
    }
    return bad;
  },
};
