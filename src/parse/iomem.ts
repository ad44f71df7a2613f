// /proc/iomem: physical address ranges and who claimed them (a boot framebuffer inside a GPU BAR shows up here).
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';

// "  e0000000-efffffff : 0000:01:00.0"; without root every address reads as zeros, the names stay.
const RANGE = /^(\s*)([0-9a-f]{4,16})-([0-9a-f]{4,16}) : (.+)$/i;

export const iomemParser: Parser = {
  kind: 'iomem',
  starts: (text) => RANGE.test(text.trimEnd()),
  parse(lines, b) {
    const bad: Line[] = [];
    const out = (b.facts.iomem ??= []);
    // Ranges nest by indentation (two spaces a level); a stack of the open ranges gives each line its parents.
    const stack: { indent: number; name: string }[] = [];
    for (const l of lines) {
      if (!l.text.trim()) continue;
      const m = RANGE.exec(l.text.trimEnd());
      if (!m) {
        bad.push(l);
        continue;
      }
      const indent = m[1]!.replace(/\t/g, '  ').length;
      while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
      const name = m[4]!.trim();
      out.push({ start: m[2]!.toLowerCase(), end: m[3]!.toLowerCase(), name, within: stack.map((s) => s.name), evidence: evidenceOf(l) });
      stack.push({ indent, name });
    }
    return bad;
  },
};
