// `pvesh get /nodes/NODE/hardware/pci` (Proxmox VE): its box-drawn table of class, device, id, IOMMU group, vendor, name.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';
import { tr } from '../i18n/lang';

// Each row is "│ 0x030000 │ 0x743f │ 0000:03:00.0 │         18 │ 0x1002 │ Navi 24 […] │ …"; the header names the
// columns ("│ class │ device │ id │ iommugroup │ vendor │ device_name │ mdev │ subsystem_device │ …"), a terminal
// cuts the right end off, and rows are ruled by ┌┬┐ ╞╪╡ ├┼┤ └┴┘ lines. PVE's API gives iommugroup -1 for a device
// without a group; the GUI warns "No IOMMU detected" when every device has -1 (pve-manager
// www/manager6/qemu/PCIEdit.js, onLoadCallBack).
const BAR = '\u2502';
const RULE = /^[\u250c\u251c\u255e\u2514][\u2500\u2550\u252c\u253c\u256a\u2534\u2510\u2524\u2561\u2518]*(?:\.\.\.)?$/;
const DEFAULT_COLUMNS = ['class', 'device', 'id', 'iommugroup', 'vendor', 'device_name', 'mdev', 'subsystem_device', 'subsystem_device_name', 'subsystem_vendor', 'subsystem_vendor_name'];
const ID_CELL = /^(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i;
const HEX = /^0x([0-9a-f]+)$/i;

const cells = (t: string) => t.split(BAR).slice(1).map((c) => c.trim());

export const pveshPciParser: Parser = {
  kind: 'pvesh-pci',
  // A row: its first cell a class ("0x030000"), and an address cell; or the header.
  starts: (text) => {
    const t = text.trim();
    if (!t.startsWith(BAR)) return false;
    const c = cells(t);
    return (c[0] === 'class' && c.includes('iommugroup')) || (HEX.test(c[0] ?? '') && c.some((x) => ID_CELL.test(x)));
  },
  continues: (text) => {
    const t = text.trim();
    return t.startsWith(BAR) || RULE.test(t);
  },
  claims: (text) => RULE.test(text.trim()),
  parse(lines: Line[], b, sectionSource) {
    const bad: Line[] = [];
    let columns = DEFAULT_COLUMNS;
    let rows = 0;
    let withoutGroup = 0;
    let first: Line | undefined;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || RULE.test(t)) continue;
      const c = cells(t);
      if (c[0] === 'class') {
        columns = c.filter((x, i) => x || i < c.length - 1);
        continue;
      }
      const get = (name: string) => {
        const i = columns.indexOf(name);
        return i >= 0 ? c[i] : undefined;
      };
      const bdf = ID_CELL.test(get('id') ?? '') ? normalizeBdf(get('id')!) : undefined;
      if (!bdf) {
        bad.push(l);
        continue;
      }
      rows++;
      first ??= l;
      const hex = (name: string, len: number) => {
        const m = HEX.exec(get(name) ?? '');
        return m && m[1]!.length === len ? m[1]!.toLowerCase() : undefined;
      };
      const name = get('device_name');
      b.mergeDevice(
        bdf,
        { classCode: hex('class', 6), vendor: hex('vendor', 4), device: hex('device', 4), subVendor: hex('subsystem_vendor', 4), subDevice: hex('subsystem_device', 4), name: name || undefined },
        evidenceOf(l),
      );
      const g = get('iommugroup');
      if (g && /^\d+$/.test(g) && Number.isSafeInteger(Number(g))) b.addGroupMember(Number(g), bdf, evidenceOf(l));
      else if (g === '-1') withoutGroup++;
    }
    if (rows && withoutGroup === rows && first) {
      // Every device without a group: the IOMMU is off (what Proxmox's own GUI concludes).
      b.markGroupsKnown(evidenceOf(first));
      b.note(tr('Every device in the Proxmox PCI listing has IOMMU group -1: Proxmox reports "No IOMMU detected".', 'Proxmox 的 PCI 列表中每个设备的 IOMMU 组都是 -1:Proxmox 报告 "No IOMMU detected"。'));
    } else if (rows > withoutGroup) {
      // By default the listing leaves out memory controllers, bridges and processors (--pci-class-blacklist
      // "05;06;0b"); with an empty blacklist it shows every device, so each group's members are all there.
      b.groupListing(!!sectionSource && /--pci-class-blacklist[= ]+(?:""|'')/.test(sectionSource));
    }
    return bad;
  },
};
