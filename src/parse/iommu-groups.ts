// IOMMU group listings: the common shell loops, ls-iommu, `find /sys/kernel/iommu_groups`, and `ls` of the folder.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from './bdf';
import { parseDescription } from './lspci';
import type { FactsBuilder } from '../facts/builder';

const BDF = '((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])';
// "IOMMU Group 1 01:00.0 …", "IOMMU Group 1: 01:00.0 …", "IOMMU group 17", "Group 15:\t[10de:21c4] [R] 09:00.0 …"
const GROUP_LINE = new RegExp(`^(?:IOMMU\\s+)?[Gg]roup\\s+(\\d+)\\s*:?\\s*(?:\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]\\s*)?(\\[R\\]\\s*)?(?:${BDF}\\s*(.*))?$`);
const FIND_LINE = new RegExp(`^/sys/kernel/iommu_groups/(\\d+)/devices/${BDF}\\s*$`);
const MEMBER_LINE = new RegExp(`^\\s+(?:\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]\\s*)?(\\[R\\]\\s*)?${BDF}\\s*(.*)$`);

function addMember(b: FactsBuilder, group: number, bdfText: string, rest: string | undefined, vendor: string | undefined, device: string | undefined, reset: boolean, l: Line): boolean {
  const bdf = normalizeBdf(bdfText);
  if (!bdf || !Number.isSafeInteger(group)) return false;
  b.addGroupMember(group, bdf, evidenceOf(l));
  const d = rest ? parseDescription(rest.trim()) : {};
  b.mergeDevice(bdf, {
    className: d.className || undefined,
    classCode: d.classCode,
    vendor: (vendor ?? d.vendor)?.toLowerCase(),
    device: (device ?? d.device)?.toLowerCase(),
    name: d.name || undefined,
  });
  if (reset) {
    const dev = b.device(bdf);
    if (!dev.resetMethods) dev.resetMethods = ['(reset capable)'];
  }
  return true;
}

export const iommuGroupsParser: Parser = {
  kind: 'iommu-groups',
  starts(text) {
    return GROUP_LINE.test(text.trim()) || FIND_LINE.test(text.trim());
  },
  continues(text) {
    return MEMBER_LINE.test(text);
  },
  parse(lines, b) {
    const bad: Line[] = [];
    let group: number | undefined;
    for (const l of lines) {
      const raw = l.text;
      const t = raw.trim();
      if (!t) continue;
      let m = FIND_LINE.exec(t);
      if (m) {
        addMember(b, Number(m[1]), m[2]!, undefined, undefined, undefined, false, l);
        continue;
      }
      m = GROUP_LINE.exec(t);
      if (m && !/^\s/.test(raw)) {
        group = Number(m[1]);
        if (m[5]) addMember(b, group, m[5], m[6], m[2], m[3], !!m[4], l);
        else b.markGroupsKnown(evidenceOf(l));
        continue;
      }
      m = MEMBER_LINE.exec(raw);
      if (m && group !== undefined) {
        addMember(b, group, m[4]!, m[5], m[1], m[2], !!m[3], l);
        continue;
      }
      bad.push(l);
    }
    return bad;
  },
};

/** `ls /sys/kernel/iommu_groups/`: numbers, or nothing at all when there is no IOMMU. */
export const iommuGroupsLsParser: Parser = {
  kind: 'iommu-groups-ls',
  starts: () => false,
  parse(lines, b) {
    const bad: Line[] = [];
    const first = lines.find((l) => l.text.trim());
    b.markGroupsKnown(first ? evidenceOf(first) : undefined);
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      if (/^[\d\s]+$/.test(t)) {
        // Group numbers without members: record that groups exist.
        for (const n of t.split(/\s+/)) b.addGroupNumber(Number(n), evidenceOf(l));
        b.note('Only group numbers were listed; list /sys/kernel/iommu_groups/*/devices/* to see their members.');
      } else if (/No such file or directory|cannot access/.test(t)) {
        b.facts.groupsEvidence.push(evidenceOf(l));
      } else bad.push(l);
    }
    return bad;
  },
};
