// quickpassthrough's (bash version) group screens: "IOMMU Group  15: Audio device: NVIDIA … [10de:10f0] (rev a1)", no addresses.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { parseDescription } from './lspci';
import { rememberNamed } from './name-ties';
import { tr } from '../i18n/lang';

// The old vfio-setup script prints `lspci -nn` descriptions per group, without the PCI address (a BDF after the
// colon is ls-iommu's or a shell loop's format, which iommu-groups.ts reads).
const LINE = /^IOMMU Group\s+(\d+):\s+(?![0-9a-fA-F]{2,4}:[0-9a-fA-F]{2}[:.])(\S.*)$/;
const ID = /\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]/;
const RULE = /^#-{6,}#$/;

export const quickpassthroughParser: Parser = {
  kind: 'quickpassthrough',
  starts: (text) => {
    const t = text.trim();
    return t.startsWith('IOMMU Group') && LINE.test(t) && ID.test(t);
  },
  // The script frames each listing with "#------#" lines.
  continues: (text) => RULE.test(text.trim()),
  parse(lines: Line[], b) {
    const bad: Line[] = [];
    const shown: string[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || RULE.test(t)) continue;
      const m = LINE.exec(t);
      if (!m || !ID.test(m[2]!)) {
        bad.push(l);
        continue;
      }
      // The group exists (members listed by description only): the IOMMU is on; which addresses are in it is unknown.
      b.addGroupNumber(Number(m[1]), evidenceOf(l));
      const id = ID.exec(m[2]!)!;
      shown.push(tr(`group ${m[1]}: [${id[1]!.toLowerCase()}:${id[2]!.toLowerCase()}]`, `组 ${m[1]}:[${id[1]!.toLowerCase()}:${id[2]!.toLowerCase()}]`));
      // The description is lspci's: kept so a names-only lspci elsewhere can be tied to this ID and group.
      const d = parseDescription(m[2]!);
      if (d.name && d.vendor && d.device) rememberNamed(b, { className: d.className, name: d.name, vendor: d.vendor, device: d.device, group: Number(m[1]), evidence: evidenceOf(l) });
    }
    if (shown.length) {
      b.groupListing(false);
      b.note(
        tr(
          `A listing without PCI addresses (quickpassthrough) shows ${[...new Set(shown)].join(', ')}: the groups exist, but their members cannot be tied to devices. Paste ls-iommu's or the IOMMU group script's output (with addresses) to check the groups.`,
          `一份不带 PCI 地址的列表（quickpassthrough）显示了 ${[...new Set(shown)].join('、')}:这些组存在，但组内成员无法对应到具体设备。请粘贴 ls-iommu 或 IOMMU 组脚本（带地址）的输出来检查分组。`,
        ),
      );
    }
    return bad;
  },
};
