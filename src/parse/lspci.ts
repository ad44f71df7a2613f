// lspci output: -nn, -k, -nnk, -nnv, -nnkv, -D, -s excerpts, and lines cut off mid-way.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';
import { classFromName } from '../pci/pci-class';
import type { FactsSink } from '../schema/facts-sink';

// Every pattern here is linear in the line: no "$" after a ".*" (nothing can fail after it), and a "\s*" that starts
// an unanchored pattern may only start where a run of white space starts ((?<!\s)), not at each of its characters.
const HEADER = /^((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\s+(.+)/;
// Detail labels that are recognised even when a forum ate the indentation.
const FLAT_DETAIL = /^(?:Subsystem|Kernel driver in use|Kernel modules|DeviceName|IOMMU group):/;
const DETAIL = /^\s+(Subsystem|Kernel driver in use|Kernel modules|Flags|Memory at|I\/O ports at|Expansion ROM at|Capabilities|Physical Slot|Control|Status|Latency|Interrupt|Region \d|Bus|Secondary status|BridgeCtl|IOMMU group|Device tree node|NUMA node|Prefetchable memory behind bridge|Memory behind bridge|I\/O behind bridge|DeviceName)\b/;

/**
 * A header cut off before its colon: the class name (or part of it), without a whole or partial "[0300" and a ":"
 * at its end. What /^(.*?)\s*(?:\[([0-9a-fA-F]{4})\]|\[[0-9a-fA-F]{0,3})?:?$/ matched, without its quadratic retries.
 */
function cutClass(s: string): { name: string; code?: string } {
  let t = s.endsWith(':') ? s.slice(0, -1) : s;
  let code: string | undefined;
  const br = t.lastIndexOf('[');
  const id = br >= 0 ? /^\[(?:([0-9a-fA-F]{4})\]|[0-9a-fA-F]{0,3})$/.exec(t.slice(br)) : null;
  if (id) {
    code = id[1];
    t = t.slice(0, br);
  }
  return { name: t.trimEnd(), code };
}

/** Parse "VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)". */
export function parseDescription(rest: string): { className?: string; classCode?: string; vendor?: string; device?: string; name?: string } {
  const out: { className?: string; classCode?: string; vendor?: string; device?: string; name?: string } = {};
  // lspci -n: "0300: 10de:2204 (rev a1)"
  const n = /^([0-9a-fA-F]{4}): ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\b(?:.*\(prog-if ([0-9a-fA-F]{2})\))?/.exec(rest);
  if (n) return { classCode: (n[1]! + (n[4] ?? '')).toLowerCase(), vendor: n[2]!.toLowerCase(), device: n[3]!.toLowerCase() };
  // ls-iommu (Go) prints the class id without lspci's colon: "USB controller [0c03] Advanced Micro Devices, Inc. [AMD]
  // unknown [1022:43d0] (rev 01)" (pkg/iommu/genoutput.go GenDeviceLine, default -F "pciaddr,subclass_name,subclass_id,
  // name,device_id,optional_revision"). A class name holds no bracket or colon, so the first "[xxxx] " after one is it.
  const c = /^([A-Za-z][^[\]:]{0,58}?) \[([0-9a-fA-F]{4})\] (\S.*)/.exec(rest) ?? /^(.*?)(?: \[([0-9a-fA-F]{4})\])?: (.*)/.exec(rest);
  let tail = rest;
  if (c && c[1]!.length < 60) {
    out.className = c[1];
    out.classCode = c[2]?.toLowerCase() ?? classFromName(c[1]!);
    tail = c[3]!;
  } else {
    // Cut off before the colon: only a class name (or part of it), maybe with a whole or partial "[0300".
    const cut = cutClass(rest.trim());
    out.className = cut.name;
    out.classCode = cut.code?.toLowerCase() ?? classFromName(out.className);
    return out;
  }
  const ids = [...tail.matchAll(/\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]/g)].pop();
  if (ids) {
    out.vendor = ids[1]!.toLowerCase();
    out.device = ids[2]!.toLowerCase();
  }
  const progIf = /\(prog-if ([0-9a-fA-F]{2})/.exec(tail);
  if (progIf && out.classCode && out.classCode.length === 4) out.classCode += progIf[1]!.toLowerCase();
  out.name = tail
    .replace(/(?<!\s)\s*\(rev [0-9a-fA-F]+\)/, '')
    .replace(/(?<!\s)\s*\(prog-if[^)]*\)?/, '')
    .replace(/(?<!\s)\s*\[[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\]/, '')
    // an id cut off mid-way at the end of a truncated line
    .replace(/(?<!\s)\s*\[[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4})?$/, '')
    .trim();
  return out;
}

export const lspciParser: Parser = {
  kind: 'lspci',
  starts(text) {
    const m = HEADER.exec(text);
    // "01:00.0 VGA compatible controller…" but not "0000:01:00.0 vendor=…" (sysfs dump) nor a log line
    return !!m && !/^\S+=/.test(m[2]!) && !/^\S+: /.test(text);
  },
  continues(text) {
    return DETAIL.test(text) || /^\s+\S/.test(text) || FLAT_DETAIL.test(text) || text.trim() === '--';
  },
  parse(lines: Line[], b: FactsSink, sectionSource?: string) {
    // lspci -v shows the group of each listed device, not the other members of that group.
    let groupsSeen = false;
    const bad: Line[] = [];
    let cur: string | undefined;
    let kStyle = false;
    // cut: the block ended at a grep "--" separator or the end of the paste, so it may be missing lines.
    const seen: { bdf: string; sawDriver: boolean; sawModules: boolean; cut: boolean }[] = [];
    for (const l of lines) {
      const t = l.text;
      if (!t.trim()) continue;
      if (t.trim() === '--') {
        const last = seen[seen.length - 1];
        if (last) last.cut = true;
        cur = undefined;
        continue;
      }
      const h = HEADER.exec(t.trimStart());
      if (h && !/^\s/.test(t)) {
        const bdf = normalizeBdf(h[1]!);
        if (!bdf) {
          bad.push(l);
          continue;
        }
        cur = bdf;
        const d = parseDescription(h[2]!);
        b.mergeDevice(bdf, { className: d.className, classCode: d.classCode, vendor: d.vendor, device: d.device, name: d.name }, evidenceOf(l));
        seen.push({ bdf, sawDriver: false, sawModules: false, cut: false });
        continue;
      }
      if (!cur || !(/^\s/.test(t) || FLAT_DETAIL.test(t))) {
        bad.push(l);
        continue;
      }
      const s = t.trim();
      const entry = seen[seen.length - 1]!;
      let m: RegExpExecArray | null;
      if ((m = /^Kernel driver in use:\s*(\S+)/.exec(s))) {
        kStyle = true;
        entry.sawDriver = true;
        b.mergeDevice(cur, { driver: m[1] }, evidenceOf(l));
      } else if ((m = /^Kernel modules:\s*(.+)/.exec(s))) {
        kStyle = true;
        entry.sawModules = true;
        b.mergeDevice(cur, { modules: m[1]!.split(/,\s*/).map((x) => x.trim()).filter(Boolean) }, evidenceOf(l));
      } else if ((m = /IOMMU group:?\s*(\d+)/.exec(s)) && Number.isSafeInteger(Number(m[1]))) {
        b.addGroupMember(Number(m[1]), cur, evidenceOf(l));
        groupsSeen = true;
      } else if ((m = /^Subsystem:\s*(.*)/.exec(s))) {
        const ids = /\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]\s*$/.exec(m[1]!);
        if (ids) b.mergeDevice(cur, { subVendor: ids[1]!.toLowerCase(), subDevice: ids[2]!.toLowerCase() });
      }
      // Other detail lines (memory ranges, capabilities) are understood and not needed.
    }
    const last = seen[seen.length - 1];
    if (last) last.cut = true;
    // In -k output a device without "Kernel driver in use" has no driver. "Kernel modules" is the last -k line, so a
    // block that has it, or that the next device's header follows directly, is whole; one cut off may lack the line.
    if (kStyle) {
      for (const e of seen) {
        if (e.sawDriver || (e.cut && !e.sawModules)) continue;
        const d = b.device(e.bdf);
        if (d.driver === undefined) d.driver = null;
      }
    }
    if (groupsSeen) b.groupListing(false);
    // A plain `lspci …` (no -s/-d selection, no filter) that starts at the host bridge lists the whole bus.
    if (sectionSource && /^(?:sudo\s+)?lspci\b/.test(sectionSource) && !/\s-[a-zA-Z]*[sd]\b|\||--slot|--device/.test(sectionSource) && seen.some((e) => /^0000:00:00\.0$/.test(e.bdf)))
      b.facts.pciComplete = true;
    return bad;
  },
};
