// `virsh nodedev-dumpxml pci_0000_01_00_0`: libvirt's node device XML (driver, class, IDs, IOMMU group members).
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';

// libvirt src/conf/node_device_conf.c virNodeDeviceDefFormat / virNodeDevCapPCIDefFormat: one element a line.
const NAME = /^<name>pci_([0-9a-f]{4})_([0-9a-f]{2})_([0-9a-f]{2})_([0-7])<\/name>$/i;
const DRIVER = /^<name>([\w.-]+)<\/name>$/;
const CLASS = /^<class>0x([0-9a-f]{6})<\/class>$/i;
const PRODUCT = /^<product id='0x([0-9a-f]{4})'(?:\/>|>([^<]*)<\/product>)$/i;
const VENDOR = /^<vendor id='0x([0-9a-f]{4})'(?:\/>|>([^<]*)<\/vendor>)$/i;
const GROUP = /^<iommuGroup number='(\d+)'>$/;
const ADDRESS = /^<address domain='0x([0-9a-f]{4})' bus='0x([0-9a-f]{2})' slot='0x([0-9a-f]{2})' function='0x([0-7])'\/>$/i;
// Elements that carry nothing a check reads, and closing tags: understood.
const OTHER = /^<\/?[\w-]+(?:\s[^>]*)?\/?>(?:[^<]*<\/[\w-]+>)?$/;

export const nodedevXmlParser: Parser = {
  kind: 'nodedev-xml',
  starts: (text) => text.trim() === '<device>',
  continues: (text) => text.trimStart().startsWith('<'),
  parse(lines: Line[], b) {
    const bad: Line[] = [];
    let bdf: string | undefined;
    let inDriver = false;
    let group: number | undefined;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      let m: RegExpExecArray | null;
      if (t === '<device>') {
        bdf = undefined;
        group = undefined;
      } else if ((m = NAME.exec(t))) {
        bdf = normalizeBdf(`${m[1]}:${m[2]}:${m[3]}.${m[4]}`);
        // A node device whose XML has no <driver> element has none bound.
        if (bdf) b.mergeDevice(bdf, {}, evidenceOf(l));
      } else if (t === '<driver>') inDriver = true;
      else if (t === '</driver>') inDriver = false;
      else if (inDriver && (m = DRIVER.exec(t)) && bdf) b.mergeDevice(bdf, { driver: m[1]! }, evidenceOf(l));
      else if ((m = CLASS.exec(t)) && bdf) b.mergeDevice(bdf, { classCode: m[1]!.toLowerCase() });
      else if ((m = PRODUCT.exec(t)) && bdf) b.mergeDevice(bdf, { device: m[1]!.toLowerCase(), name: m[2] || undefined });
      else if ((m = VENDOR.exec(t)) && bdf) b.mergeDevice(bdf, { vendor: m[1]!.toLowerCase() });
      else if ((m = GROUP.exec(t))) group = Number(m[1]);
      else if (t === '</iommuGroup>') group = undefined;
      else if ((m = ADDRESS.exec(t)) && group !== undefined) {
        const member = normalizeBdf(`${m[1]}:${m[2]}:${m[3]}.${m[4]}`);
        if (member) b.addGroupMember(group, member, evidenceOf(l));
      } else if (!OTHER.test(t)) bad.push(l);
    }
    return bad;
  },
};
