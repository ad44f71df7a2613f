// /proc/meminfo and /sys/kernel/mm/hugepages/*/{nr,free}_hugepages: the huge pages the kernel really reserved.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';

const FIELD = /^([A-Za-z][\w()]*):\s+(\d+)(?:\s+(kB))?$/;
// The fields that only /proc/meminfo prints, so a loose paste is recognised by its first line or its hugepage lines.
const MEMINFO_START = /^(?:MemTotal|MemFree|MemAvailable|HugePages_(?:Total|Free|Rsvd|Surp)|Hugepagesize|Hugetlb):\s+\d+/;
// `grep . /sys/kernel/mm/hugepages/*/nr_hugepages` prints "PATH:VALUE".
const SYSFS = /(?:^|\/)hugepages-(\d+)kB\/(nr_hugepages|free_hugepages)(?::\s*(\d+))?\s*$/;

function addSysfs(b: Parameters<Parser['parse']>[1], size: string, file: string, value: number, l: Line): void {
  const by = (b.facts.hugepagesBySize ??= {});
  const cur = by[size];
  if (file === 'nr_hugepages') by[size] = { ...cur, nr: value, evidence: evidenceOf(l) };
  else if (cur) cur.free = value;
  else by[size] = { nr: Number.NaN, free: value, evidence: evidenceOf(l) };
}

export const meminfoParser: Parser = {
  kind: 'meminfo',
  starts: (text) => {
    const t = text.trim();
    return MEMINFO_START.test(t) || SYSFS.exec(t)?.[3] !== undefined;
  },
  continues: (text) => FIELD.test(text.trim()),
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    // `cat /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages` prints a bare number: the prompt names the file.
    const fromSection = sectionSource ? SYSFS.exec(sectionSource.trim().split(/\s+/).pop() ?? '') : null;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const s = SYSFS.exec(t);
      if (s && s[3] !== undefined) {
        addSysfs(b, s[1]!, s[2]!, Number(s[3]), l);
        continue;
      }
      if (fromSection && /^\d+$/.test(t)) {
        addSysfs(b, fromSection[1]!, fromSection[2]!, Number(t), l);
        continue;
      }
      const m = FIELD.exec(t);
      if (!m) {
        bad.push(l);
        continue;
      }
      (b.facts.meminfo ??= {})[m[1]!] = { value: Number(m[2]), unit: m[3], evidence: evidenceOf(l) };
    }
    // A free count without its nr line leaves nr unknown: drop it rather than report NaN pages.
    for (const [k, v] of Object.entries(b.facts.hugepagesBySize ?? {})) if (Number.isNaN(v.nr)) delete b.facts.hugepagesBySize![k];
    return bad;
  },
};
