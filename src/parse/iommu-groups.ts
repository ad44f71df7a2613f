// IOMMU group listings: the common shell loops, ls-iommu, `find /sys/kernel/iommu_groups`, and `ls` of the folder.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { FILTERED } from './kernel-log';
import { normalizeBdf } from '../pci/bdf';
import { parseDescription } from './lspci';
import type { FactsSink } from '../schema/facts-sink';
import { tr } from '../i18n/lang';

const BDF = '((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])';
// [^]* (not .*) before the "$": whatever the line holds, the end is reached once, never retried.
// "IOMMU Group 1 01:00.0 …", "IOMMU Group 1: 01:00.0 …", "IOMMU group 17", "Group 15:\t[10de:21c4] [R] 09:00.0 …"
const GROUP_LINE = new RegExp(`^(?:IOMMU\\s+)?[Gg]roup\\s+(\\d+)\\s*(?::\\s*)?(?:\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]\\s*)?(\\[R\\]\\s*)?(?:${BDF}\\s*([^]*))?$`);
const FIND_LINE = new RegExp(`^/sys/kernel/iommu_groups/(\\d+)/devices/${BDF}\\s*$`);
const MEMBER_LINE = new RegExp(`^\\s+(?:\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]\\s*)?(\\[R\\]\\s*)?${BDF}\\s*(.*)`);
// `ls /sys/kernel/iommu_groups/*/devices/`: a "/sys/kernel/iommu_groups/17/devices/:" header, then addresses.
const LS_DIR = /^\/sys\/kernel\/iommu_groups\/(\d+)\/devices\/?:$/;
const LS_MEMBERS = new RegExp(`^${BDF}(?:\\s+${BDF})*$`);
// ls of a missing folder (no IOMMU): known, and there are no groups.
// Loops that run `lspci -nnks` print each member's -k details under it.
const DETAIL = /^\s+(Subsystem|Kernel driver in use|Kernel modules|DeviceName):\s*(.*)/;
export const LS_MISSING = /^ls: cannot access '?\/sys\/kernel\/iommu_groups[^:]*'?: No such file or directory$/;

// ls-iommu's bare modes (pkg/iommu/iommu.go GetDevicesFromGroups, MatchSubclass; pkg/iommu/rom.go GetRomPath): with
// `-i N`, `--id` prints "vvvv:dddd" and `--pciaddr` the address of each member that is no bridge; `-g --rom` prints
// the sysfs path of each GPU's rom file. One value a line, sorted, nothing else.
const BARE_ID = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/;
const BARE_ADDR = new RegExp(`^${BDF}$`);
const ROM_PATH = /^\/sys\/devices\/pci[0-9a-f]{4}:[0-9a-f]{2}\/(?:[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\/)+rom$/;

interface LsIommuBare {
  mode: 'id' | 'pciaddr' | 'rom';
  /** The group the values belong to: only when one group was asked for and no related search added others. */
  group?: number;
}

/** What an `ls-iommu … --id|--pciaddr|--rom` command line prints; undefined for any other source. */
export function lsIommuBare(source: string | undefined): LsIommuBare | undefined {
  if (!source || !/(?:^|[\s/])ls-iommu(?:\s|$)/.test(source)) return undefined;
  const words = source.split(/\s+/);
  const id = words.includes('--id');
  const addr = words.includes('--pciaddr');
  // Both flags together print full lines (the code's `--id && !--pciaddr` / `!--id && --pciaddr` branches).
  const gpu = words.some((w) => w === '--gpu' || /^-[a-zA-Z]*g/.test(w));
  const groups: number[] = [];
  const related = words.some((w) => w === '--related' || /^-[a-zA-Z]*r/.test(w));
  for (let i = 0; i < words.length; i++) {
    const m = /^(?:-i|--group)(?:=?(\d+))?$/.exec(words[i]!);
    if (!m) continue;
    const n = m[1] ?? (/^\d+$/.test(words[i + 1] ?? '') ? words[i + 1] : undefined);
    if (n !== undefined) groups.push(Number(n));
  }
  // --id and --pciaddr change only what `-i` lists; --rom only what `-g` lists (otherwise full lines, or nothing).
  if (words.includes('--rom')) return gpu ? { mode: 'rom' } : undefined;
  if (id === addr || !groups.length) return undefined;
  return { mode: id ? 'id' : 'pciaddr', group: groups.length === 1 && !related ? groups[0] : undefined };
}

function parseBare(lines: Line[], b: FactsSink, bare: LsIommuBare): Line[] {
  const bad: Line[] = [];
  const ids: string[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) continue;
    const id = bare.mode === 'id' ? BARE_ID.exec(t) : null;
    if (id) {
      ids.push(`[${id[1]!.toLowerCase()}:${id[2]!.toLowerCase()}]`);
      if (bare.group !== undefined) b.addGroupNumber(bare.group, evidenceOf(l));
      continue;
    }
    const addr = bare.mode === 'pciaddr' && BARE_ADDR.test(t) ? normalizeBdf(t) : undefined;
    if (addr) {
      if (bare.group !== undefined) b.addGroupMember(bare.group, addr, evidenceOf(l));
      else b.mergeDevice(addr, {}, evidenceOf(l));
      continue;
    }
    // The rom file's folder is the GPU's; the folders before it are the bridges above it.
    if (bare.mode === 'rom' && ROM_PATH.test(t)) {
      const parts = t.split('/');
      const gpu = normalizeBdf(parts[parts.length - 2]!);
      if (gpu) b.mergeDevice(gpu, {}, evidenceOf(l));
      continue;
    }
    bad.push(l);
  }
  // Members without bridges: the group is not listed whole.
  b.groupListing(false);
  if (ids.length)
    b.note(
      tr(
        `ls-iommu --id lists ${[...new Set(ids)].join(', ')}${bare.group !== undefined ? ` in group ${bare.group}` : ''} without their addresses (bridges left out): paste \`ls-iommu -i N\` without --id to tie them to devices.`,
        `ls-iommu --id 列出了${bare.group !== undefined ? `组 ${bare.group} 中的 ` : ' '}${[...new Set(ids)].join('、')}，但没有地址（也不含 PCI 桥）：请粘贴不带 --id 的 \`ls-iommu -i N\` 输出，才能对应到具体设备。`,
      ),
    );
  return bad;
}

/** GPU-Passthrough-Manager's padded columns ("VGA compatible controller      TU116 […]") as lspci's "class: name". */
function columnsToLspci(rest: string): string {
  if (rest.includes(': ')) return rest;
  const gap = rest.indexOf('  ');
  return gap > 0 ? `${rest.slice(0, gap)}: ${rest.slice(gap).trim()}` : rest;
}

function addMember(b: FactsSink, group: number, bdfText: string, rest: string | undefined, vendor: string | undefined, device: string | undefined, reset: boolean, l: Line): boolean {
  const bdf = normalizeBdf(bdfText);
  if (!bdf || !Number.isSafeInteger(group)) return false;
  b.addGroupMember(group, bdf, evidenceOf(l));
  const d = rest ? parseDescription(columnsToLspci(rest.trim())) : {};
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
    const t = text.trim();
    return GROUP_LINE.test(t) || FIND_LINE.test(t) || LS_DIR.test(t) || LS_MISSING.test(t);
  },
  continues(text) {
    return MEMBER_LINE.test(text) || LS_MEMBERS.test(text.trim()) || DETAIL.test(text);
  },
  // Inside an ls-iommu section: the bare values of --id, --pciaddr and --rom (read only when the command asked for them).
  claims(text) {
    const t = text.trim();
    return BARE_ID.test(t) || BARE_ADDR.test(t) || ROM_PATH.test(t);
  },
  parse(lines, b, sectionSource) {
    const bare = lsIommuBare(sectionSource);
    if (bare) return parseBare(lines, b, bare);
    const bad: Line[] = [];
    b.groupListing(!(sectionSource && (FILTERED.test(sectionSource) || /\s-s\s/.test(sectionSource))));
    // `find /sys/kernel/iommu_groups -type l` that printed nothing: there are no groups.
    if (!lines.some((l) => l.text.trim()) && sectionSource) {
      b.markGroupsKnown({ source: sectionSource, text: '(no output)' });
      return bad;
    }
    let group: number | undefined;
    let lsGroup: number | undefined;
    let member: string | undefined;
    const k = new Map<string, { driver: boolean; modules: boolean }>();
    // `ls-iommu -k` prints "Kernel driver in use" for every device that has a driver and nothing for one that has
    // none (pkg/iommu/genoutput.go GenKernelInfo: `if device.Driver != ""`), and no "Kernel modules" line.
    const lsIommuK = !!sectionSource?.includes('ls-iommu') && sectionSource.split(/\s+/).some((w) => w === '--kernel' || (/^-[a-zA-Z]+$/.test(w) && w.includes('k')));
    const members = new Set<string>();
    for (const l of lines) {
      const raw = l.text;
      const t = raw.trim();
      if (!t) continue;
      let m = FIND_LINE.exec(t);
      if (m) {
        addMember(b, Number(m[1]), m[2]!, undefined, undefined, undefined, false, l);
        continue;
      }
      if (LS_MISSING.test(t)) {
        b.markGroupsKnown(evidenceOf(l));
        continue;
      }
      m = LS_DIR.exec(t);
      if (m) {
        lsGroup = Number(m[1]);
        group = undefined;
        b.addGroupNumber(lsGroup, evidenceOf(l));
        continue;
      }
      if (lsGroup !== undefined && LS_MEMBERS.test(t)) {
        for (const bdf of t.split(/\s+/)) addMember(b, lsGroup, bdf, undefined, undefined, undefined, false, l);
        continue;
      }
      m = GROUP_LINE.exec(t);
      if (m && !/^\s/.test(raw)) {
        group = Number(m[1]);
        lsGroup = undefined;
        member = m[5] && addMember(b, group, m[5], m[6], m[2], m[3], !!m[4], l) ? normalizeBdf(m[5]) : undefined;
        if (member) members.add(member);
        // A header whose members follow. Every group has a device, so a header with none after it was cut off:
        // it says nothing about the group's members and adds no empty group.
        if (!m[5]) b.markGroupsKnown(evidenceOf(l));
        continue;
      }
      m = DETAIL.exec(raw);
      if (m && member) {
        const seen = k.get(member) ?? { driver: false, modules: false };
        k.set(member, seen);
        if (m[1] === 'Kernel driver in use') {
          seen.driver = true;
          b.mergeDevice(member, { driver: m[2]!.trim() }, evidenceOf(l));
        } else if (m[1] === 'Kernel modules') {
          seen.modules = true;
          b.mergeDevice(member, { modules: m[2]!.split(/,\s*/).map((x) => x.trim()).filter(Boolean) }, evidenceOf(l));
        } else if (m[1] === 'Subsystem') {
          const ids = /\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]\s*$/.exec(m[2]!);
          if (ids) b.mergeDevice(member, { subVendor: ids[1]!.toLowerCase(), subDevice: ids[2]!.toLowerCase() });
        }
        continue;
      }
      m = MEMBER_LINE.exec(raw);
      if (m && group !== undefined) {
        if (addMember(b, group, m[4]!, m[5], m[1], m[2], !!m[3], l)) member = normalizeBdf(m[4]!);
        if (member) members.add(member);
        continue;
      }
      bad.push(l);
    }
    // -k details end with "Kernel modules": a member that got them but no "Kernel driver in use" has no driver.
    for (const [bdf, seen] of k) {
      const d = b.device(bdf);
      if (seen.modules && !seen.driver && d.driver === undefined) d.driver = null;
    }
    if (lsIommuK)
      for (const bdf of members) {
        const d = b.device(bdf);
        if (!k.get(bdf)?.driver && d.driver === undefined) d.driver = null;
      }
    return bad;
  },
};

/** `ls /sys/kernel/iommu_groups/`: numbers, or nothing at all when there is no IOMMU. */
// `ls -l` lines: "drwxr-xr-x 3 root root 0 Nov 25 13:03 17"
const LS_LONG = /^d[rwxst-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+\d+\s+[^]*\s(\d+)\/?$/;

/** `ls /sys/kernel/iommu_groups/`: numbers, or nothing at all when there is no IOMMU. Only used in its own section. */
export const iommuGroupsLsParser: Parser = {
  kind: 'iommu-groups-ls',
  starts: (text) => {
    const t = text.trim();
    return /^\d+(?:\s+\d+)*\/?$/.test(t) || LS_MISSING.test(t) || LS_LONG.test(t) || /^total \d+$/.test(t);
  },
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    const first = lines.find((l) => l.text.trim());
    b.markGroupsKnown(first ? evidenceOf(first) : { source: sectionSource ?? 'ls /sys/kernel/iommu_groups/', text: '(no output)' });
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || /^total \d+$/.test(t)) continue;
      const long = LS_LONG.exec(t);
      if (/^\d+(?:\s+\d+)*$/.test(t) || long) {
        // Group numbers without members: record that groups exist.
        for (const n of long ? [long[1]!] : t.split(/\s+/)) b.addGroupNumber(Number(n), evidenceOf(l));
        b.note(tr('Only group numbers were listed; list /sys/kernel/iommu_groups/*/devices/* to see their members.', '只列出了组号；请列出 /sys/kernel/iommu_groups/*/devices/* 来查看组内成员。'));
      } else if (LS_MISSING.test(t)) {
        b.facts.groupsEvidence.push(evidenceOf(l));
      } else bad.push(l);
    }
    return bad;
  },
};
