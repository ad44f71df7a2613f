// The sysfs sections of a support bundle: one PCI device per line, and host key=value facts.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';

// "BDF key=value …"; the pairs are read one by one, so a line cut off mid-pair keeps the pairs before the cut.
const DEVICE = /^((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s+[\w-]+=/i;
// What the collector writes: already in the normal form normalizeBdf would give.
const NORMAL_BDF = /^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/;

// (?<![\w-]): a key starts where a word starts; tried at each letter of a long word without "=" it was quadratic.
const PAIR = /(?<![\w-])([\w-]+)=("([^"]*)"|\S*)/g;

/**
 * Call `pair(key, value)` for each `key=value` in `s` from `from` on, a quoted value without its quotes. One match at a
 * time (a collected server has thousands of such lines; matchAll's arrays of arrays were most of the parse).
 */
export function eachKeyValue(s: string, from: number, pair: (key: string, value: string) => void): void {
  for (let at = from; ; ) {
    PAIR.lastIndex = at;
    const m = PAIR.exec(s);
    if (!m) return;
    at = PAIR.lastIndex; // kept here: `pair` may itself scan another line
    pair(m[1]!, m[3] ?? m[2]!);
  }
}

/** Split `a=1 b="x y"` into pairs. */
export function keyValues(s: string): [string, string][] {
  const out: [string, string][] = [];
  eachKeyValue(s, 0, (k, v) => out.push([k, v]));
  return out;
}

/** A value cut off with its line: an unterminated quoted value is kept without its quote. */
const unquoteCut = (v: string) => (v.startsWith('"') ? v.slice(1) : v);

const unsetOverride = (v: string) => v === '' || v === '(null)';
const hexOf = (v: string) => (v.startsWith('0x') ? v.slice(2) : v).toLowerCase();

export const sysfsPciParser: Parser = {
  kind: 'sysfs-pci',
  starts: (text) => DEVICE.test(text.trim()),
  parse(lines, b) {
    b.groupListing(true);
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const m = DEVICE.exec(t);
      const bdf = m ? (NORMAL_BDF.test(m[1]!) ? m[1]! : normalizeBdf(m[1]!)) : undefined;
      if (!m || !bdf) {
        bad.push(l);
        continue;
      }
      b.facts.pciComplete = true;
      const f: Record<string, unknown> = {};
      let ev: ReturnType<typeof evidenceOf> | undefined;
      eachKeyValue(t, m[1]!.length, (k, raw) => {
        const v = unquoteCut(raw);
        switch (k) {
          case 'vendor':
          case 'device':
            f[k] = hexOf(v);
            break;
          case 'subsystem': {
            const [sv, sd] = v.split(':');
            f.subVendor = sv === undefined ? undefined : hexOf(sv);
            f.subDevice = sd === undefined ? undefined : hexOf(sd);
            break;
          }
          case 'class':
            f.classCode = hexOf(v);
            break;
          case 'driver':
            f.driver = v === '' || v === '-' ? null : v;
            break;
          case 'driver_override':
            f.driverOverride = unsetOverride(v) ? null : v;
            break;
          case 'boot_vga':
            f.bootVga = v === '1';
            break;
          case 'reset_method':
            f.resetMethods = v ? v.split(/[,\s]+/).filter(Boolean) : [];
            break;
          case 'power_state':
            f.powerState = v;
            break;
          case 'name':
            f.name = v;
            break;
          case 'class_name':
            f.className = v;
            break;
          case 'iommu_group':
            if (/^\d+$/.test(v) && Number.isSafeInteger(Number(v))) b.addGroupMember(Number(v), bdf, (ev ??= evidenceOf(l)));
            break;
        }
      });
      b.mergeDevice(bdf, f, ev ?? evidenceOf(l));
    }
    return bad;
  },
};

/** Host facts that collection found without a text file of their own. */
export const hostParser: Parser = {
  kind: 'host',
  starts: () => false,
  parse(lines, b) {
    const bad: Line[] = [];
    const f = b.facts;
    f.collected = true;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || t.startsWith('#')) continue;
      const eq = t.indexOf('=');
      if (eq < 0) {
        bad.push(l);
        continue;
      }
      const k = t.slice(0, eq).trim();
      const v = t.slice(eq + 1).trim();
      const ev = evidenceOf(l);
      switch (k) {
        case 'iommu_class':
          f.iommuClass = v ? v.split(/[,\s]+/).filter(Boolean) : [];
          break;
        case 'acpi_dmar':
          f.acpiTables.DMAR = v === 'present';
          break;
        case 'acpi_ivrs':
          f.acpiTables.IVRS = v === 'present';
          break;
        case 'iommu_groups':
          // "absent" or "empty": known, and there are none
          b.markGroupsKnown({ source: '/sys/kernel/iommu_groups', text: v === 'empty' ? '(empty directory)' : '(no such directory)' });
          break;
        case 'systemd_detect_virt':
          f.virt.detectVirt = v;
          f.virt.evidence.push({ source: 'systemd-detect-virt', text: v });
          break;
        case 'dmi_sys_vendor':
          f.virt.dmiVendor = v;
          f.virt.evidence.push({ source: '/sys/class/dmi/id/sys_vendor', text: v });
          break;
        case 'dmi_product_name':
          f.virt.dmiProduct = v;
          f.virt.evidence.push({ source: '/sys/class/dmi/id/product_name', text: v });
          break;
        case 'dev_kvm':
          f.devKvm = v === 'present';
          break;
        case 'dmesg_restrict':
          f.dmesgRestrict = v === '1';
          break;
        case 'euid':
          f.euid = Number(v);
          break;
        case 'note':
          b.note(v);
          break;
        case 'unavailable':
          if (!f.unavailable.includes(v)) f.unavailable.push(v);
          break;
        case 'path':
          f.paths.push(v);
          break;
        case 'pci_complete':
          f.pciComplete = v === 'yes';
          break;
        case 'libvirt_autostart':
          b.vmAutostart?.(v, { source: `/etc/libvirt/qemu/autostart/${v}.xml`, text: t });
          break;
        case 'kernel_log_complete':
          f.kernelLogComplete = v === 'yes';
          break;
        default:
          if (k.startsWith('mtime:')) {
            if (/^\d+(\.\d+)?$/.test(v)) f.mtimes[k.slice(6)] = Number(v);
            else bad.push(l);
          } else bad.push(l);
      }
    }
    return bad;
  },
};
