// Loaded modules (lsmod, /proc/modules) and built-in modules (modules.builtin).
import type { Line } from './line';
import type { Parser } from './parser';
import { modName } from './modprobe';
import { FILTERED } from './kernel-log';
import { escapeRe } from './line';
import { pipeStages, safeRegExp } from './grep-regex';

const LSMOD_HEADER = /^Module\s+Size\s+Used by\s*$/;
const LSMOD_LINE = /^([\w-]+)\s+(\d+)\s+(-?\d+)(?:\s+(\S+))?\s*$/;
const LSMOD_BARE = /^[\w-]+\s+\d{4,}\s+-?\d+(?:\s+[\w,-]+)?(?:\s+\[permanent\])?\s*$/;
const PROC_MODULES = /^([\w-]+) (\d+) (-?\d+) (\S+) (Live|Loading|Unloading)(?: 0x[0-9a-f]+)?(?: \(\S+\))?\s*$/;


/** The pattern of a single `| grep [-iE] PATTERN` (as a JS regex source), or undefined when there is none or several. */
export function grepPattern(source: string): string | undefined {
  const greps = pipeStages(source).slice(1).map((s) => s.trim());
  if (greps.length !== 1) return undefined;
  const m = /^(?:e?grep|rg)\s+((?:-[a-zA-Z]+\s+)*)(?:'([^']*)'|"([^"]*)"|(\S+))\s*$/.exec(greps[0]!);
  if (!m) return undefined;
  const pat = m[2] ?? m[3] ?? m[4] ?? '';
  const flags = (m[1] ?? '').replace(/[\s-]/g, '');
  // -v shows the lines that do not match, -x whole lines only, -c/-l/-q/-o no lines, -w words only (`grep -w kvm`
  // does not show kvm_intel: "_" is a word character): the pattern alone does not say which modules were listed.
  if (/[vxclqLow]/.test(flags)) return undefined;
  // Basic regular expressions spell alternation \|; extended ones (|) are JavaScript's already.
  return /F/.test(flags) ? escapeRe(pat) : /[EP]/.test(flags) || greps[0]!.startsWith('egrep') || greps[0]!.startsWith('rg') ? pat : pat.replace(/\\\|/g, '|');
}

/** Does the pasted module list show whether this module is loaded? (A whole list, or a grep that matches it.) */
export function moduleListCovers(f: { modulesLoadedComplete: boolean; modulesLoadedFilters: string[] }, module: string): boolean {
  if (f.modulesLoadedComplete) return true;
  return f.modulesLoadedFilters.some((p) => {
    // The user's pattern: one that could backtrack without bound tells nothing (and must not hang).
    const re = safeRegExp(p, 'i');
    return !!re && (re.test(module) || re.test(module.replace(/_/g, '-')));
  });
}

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
    const pattern = sectionSource ? grepPattern(sectionSource) : undefined;
    if (pattern !== undefined && !b.facts.modulesLoadedFilters.includes(pattern)) b.facts.modulesLoadedFilters.push(pattern);
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

// The name is the word before ".ko": found from the last non-word character back (\S*?([\w-]+) retried the word at
// every letter: quadratic).
const BUILTIN = /^(?:kernel\/)?(?:\S*[^\w-])?([\w-]+)\.ko(?:\.\w+)?$/;

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
