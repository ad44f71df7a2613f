// `lspci -vmm` / `-nnvmm` / `-vmmk` (and `-vm`): lspci's machine-readable records, one "Field:<tab>value" a line.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';
import { classFromName } from '../pci/pci-class';

// pciutils lspci.c show_machine(): "Slot:" (-vmm) or "Device:" (-vm) with the address, then Class, Vendor, Device,
// SVendor/SDevice, PhySlot, Rev, ProgIf, Driver/Module (-k, show_kernel_machine), NUMANode, DTNode, IOMMUGroup.
// With -nn each name ends in its id: "Class:\tVGA compatible controller [0300]", "Vendor:\tNVIDIA Corporation [10de]".
const BDF = '((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])';
const SLOT = new RegExp(`^(?:Slot|Device):\\s+${BDF}$`);
const FIELD = /^(Class|Vendor|Device|SVendor|SDevice|PhySlot|Rev|ProgIf|Driver|Module|NUMANode|DTNode|IOMMUGroup):\s+(\S.*)$/;
const ID4 = /\s\[([0-9a-fA-F]{4})\]$/;

/** "Advanced Micro Devices, Inc. [AMD] [1022]" → name and id (the id only with -nn). */
function nameAndId(v: string): { name: string; id?: string } {
  const m = ID4.exec(v);
  return m ? { name: v.slice(0, m.index).trim(), id: m[1]!.toLowerCase() } : { name: v.trim() };
}

export const lspciVmmParser: Parser = {
  kind: 'lspci-vmm',
  starts: (text) => {
    const t = text.trim();
    return t.startsWith('Slot:') && SLOT.test(t);
  },
  continues: (text) => FIELD.test(text.trim()) || SLOT.test(text.trim()),
  parse(lines: Line[], b) {
    const bad: Line[] = [];
    let cur: string | undefined;
    let vendorName = '';
    let groups = false;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const s = SLOT.exec(t);
      if (s) {
        cur = normalizeBdf(s[1]!);
        vendorName = '';
        if (cur) b.mergeDevice(cur, {}, evidenceOf(l));
        else bad.push(l);
        continue;
      }
      const m = FIELD.exec(t);
      if (!m || !cur) {
        bad.push(l);
        continue;
      }
      const v = m[2]!;
      const d = b.device(cur);
      switch (m[1]) {
        case 'Class': {
          const c = nameAndId(v);
          b.mergeDevice(cur, { className: c.name, classCode: c.id ?? classFromName(c.name) });
          break;
        }
        case 'Vendor': {
          const c = nameAndId(v);
          vendorName = c.name;
          if (c.id) b.mergeDevice(cur, { vendor: c.id });
          break;
        }
        case 'Device': {
          const c = nameAndId(v);
          // lspci's one-line form names the device "VENDOR DEVICE": the same name the other listings give.
          b.mergeDevice(cur, { name: vendorName ? `${vendorName} ${c.name}` : c.name, ...(c.id ? { device: c.id } : {}) });
          break;
        }
        case 'SVendor': {
          const c = nameAndId(v);
          if (c.id) b.mergeDevice(cur, { subVendor: c.id });
          break;
        }
        case 'SDevice': {
          const c = nameAndId(v);
          if (c.id) b.mergeDevice(cur, { subDevice: c.id });
          break;
        }
        case 'ProgIf':
          if (d.classCode?.length === 4 && /^[0-9a-fA-F]{2}$/.test(v)) d.classCode += v.toLowerCase();
          break;
        case 'Driver':
          b.mergeDevice(cur, { driver: v.trim() }, evidenceOf(l));
          break;
        case 'Module':
          b.mergeDevice(cur, { modules: [...new Set([...(d.modules ?? []), v.trim()])] });
          break;
        case 'IOMMUGroup':
          if (/^\d+$/.test(v) && Number.isSafeInteger(Number(v))) {
            b.addGroupMember(Number(v), cur, evidenceOf(l));
            groups = true;
          } else bad.push(l);
          break;
        default:
          // PhySlot, Rev, NUMANode, DTNode: understood, not needed.
          break;
      }
    }
    // Each record names its own group, not the other members: a listing of some devices says nothing of the rest.
    if (groups) b.groupListing(false);
    return bad;
  },
};
