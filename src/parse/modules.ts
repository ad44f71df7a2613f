// Loaded modules (lsmod, /proc/modules) and built-in modules (modules.builtin).
import type { Line } from './line';
import type { Parser } from './parser';
import { modName } from './modprobe';
import { FILTERED } from './kernel-log';

const LSMOD_HEADER = /^Module\s+Size\s+Used by\s*$/;
const LSMOD_LINE = /^([\w-]+)\s+(\d+)\s+(-?\d+)(?:\s+(\S+))?\s*$/;
const LSMOD_BARE = /^[\w-]+\s+\d{4,}\s+-?\d+(?:\s+[\w,-]+)?(?:\s+\[permanent\])?\s*$/;
const PROC_MODULES = /^([\w-]+) (\d+) (-?\d+) (\S+) (Live|Loading|Unloading)(?: 0x[0-9a-f]+)?(?: \(\S+\))?\s*$/;

export const modulesParser: Parser = {
  kind: 'modules',
  // `lsmod | grep` drops the header: a name, a size of at least 4 digits and a use count are enough.
  starts: (text) => LSMOD_HEADER.test(text) || PROC_MODULES.test(text) || LSMOD_BARE.test(text),
  continues: (text) => LSMOD_LINE.test(text) || PROC_MODULES.test(text),
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    const loaded = new Set(b.facts.modulesLoaded ?? []);
    // `lsmod | grep vfio` lists only what matched: only an unfiltered list proves a module is not loaded.
    const filtered = sectionSource ? FILTERED.test(sectionSource) || /\bgrep\b/.test(sectionSource) : !lines.some((l) => LSMOD_HEADER.test(l.text.trim()));
    if (!filtered && (sectionSource || lines.some((l) => LSMOD_HEADER.test(l.text.trim())))) b.facts.modulesLoadedComplete = true;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || LSMOD_HEADER.test(t)) continue;
      const m = PROC_MODULES.exec(t) ?? LSMOD_LINE.exec(t);
      if (m) loaded.add(modName(m[1]!));
      else bad.push(l);
    }
    b.facts.modulesLoaded = [...loaded].sort();
    return bad;
  },
};

const BUILTIN = /^(?:kernel\/)?\S*?([\w-]+)\.ko(?:\.\w+)?$/;

export const modulesBuiltinParser: Parser = {
  kind: 'modules-builtin',
  starts: (text) => /^kernel\/\S+\.ko(?:\.\w+)?$/.test(text.trim()),
  parse(lines, b) {
    const bad: Line[] = [];
    const builtin = new Set(b.facts.modulesBuiltin ?? []);
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const m = BUILTIN.exec(t);
      if (m) builtin.add(modName(m[1]!));
      else bad.push(l);
    }
    b.facts.modulesBuiltin = [...builtin].sort();
    return bad;
  },
};
