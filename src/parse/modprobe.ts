// modprobe.d configuration: options, softdep, blacklist, install lines (module names normalised).
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { ModprobeDirective } from '../schema/facts';
import { sectionPath, isExcerpt } from './source-kind';

const DIRECTIVE = /^\s*(options|softdep|blacklist|install|alias|remove)\s+(\S+)\s*(.*)/;
// Seen without a file around them, only lines shaped like real directives count: prose starts with these words too.
const STRICT = [
  /^options\s+[\w-]+\s+[\w.-]+=\S*/,
  /^softdep\s+[\w-]+\s+(?:pre|post):/,
  /^blacklist\s+[\w-]+\s*(?:#.*)?$/,
  /^(?:install|remove)\s+[\w-]+\s+(?:\/|\{|(?:\/sbin\/|\/usr\/bin\/)?(?:modprobe|true|false|echo|exec|sh|bash)\b)/,
  // (?=\S*[:*]): a lookahead is not retried, where \S*[:*]\S* was quadratic in a run of '*'.
  /^alias\s+(?=\S*[:*])\S+\s+[\w-]+\s*$/,
];

export const modName = (m: string) => m.replace(/-/g, '_');

interface Logical {
  text: string;
  /** The physical lines it was joined from, returned as they were when the logical line cannot be read. */
  parts: Line[];
  evidence: ReturnType<typeof evidenceOf>;
}

/** Join lines ending in a backslash with the next, as modprobe.d(5) does. */
function joinContinued(lines: Line[]): Logical[] {
  const out: Logical[] = [];
  let pending: Logical | undefined;
  for (const l of lines) {
    const cur: Logical = pending
      ? { text: `${pending.text.trimEnd().slice(0, -1).trimEnd()} ${l.text.trim()}`, parts: [...pending.parts, l], evidence: pending.evidence }
      : { text: l.text, parts: [l], evidence: evidenceOf(l) };
    if (cur.text.trimEnd().endsWith('\\')) pending = cur;
    else {
      pending = undefined;
      out.push(cur);
    }
  }
  if (pending) out.push(pending);
  // Evidence of a joined directive quotes the whole directive, at its first line.
  for (const o of out) if (o.parts.length > 1) o.evidence = { ...o.evidence, text: o.text.trim() };
  return out;
}

export const modprobeParser: Parser = {
  kind: 'modprobe',
  starts: (text) => {
    const t = text.trim();
    return STRICT.some((re) => re.test(t));
  },
  // Comments between directives belong to the file.
  continues: (text) => /^\s*#/.test(text),
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    for (const l of joinContinued(lines)) {
      const t = l.text.trim();
      if (!t || t.startsWith('#')) continue;
      const m = DIRECTIVE.exec(t);
      if (!m) {
        bad.push(...l.parts);
        continue;
      }
      const kind = m[1] as ModprobeDirective['kind'];
      // alias lines name the alias first (kept as written); everything else names the module first.
      const module = kind === 'alias' ? m[2]! : modName(m[2]!);
      b.facts.modprobe.push({ kind, module, args: m[3]!.replace(/(?:^|\s)#[^]*/, '').replace(/\s+/g, ' ').trim(), evidence: l.evidence });
    }
    const path = sectionPath(sectionSource);
    if (path?.startsWith('/')) b.facts.paths.push(path);
    return bad;
  },
};

/** /etc/modules, /etc/modules-load.d/*, /etc/initramfs-tools/modules: one module (with optional args) a line. */
export const moduleListParser: Parser = {
  kind: 'module-list',
  starts: () => false,
  parse(lines, b, sectionSource) {
    const path = sectionPath(sectionSource) ?? '/etc/modules';
    const content = lines.map((l) => l.text).join('\n');
    b.facts.configFiles.push({ path, content, partial: isExcerpt(sectionSource) || undefined });
    b.facts.paths.push(path);
    return [];
  },
};

/** Files kept verbatim for rules and fixes that need their exact content (mkinitcpio.conf, dracut.conf, scripts). */
export const configParser: Parser = {
  kind: 'config',
  starts: () => false,
  parse(lines, b, sectionSource) {
    const path = sectionPath(sectionSource) ?? 'unknown file';
    b.facts.configFiles.push({ path, content: lines.map((l) => l.text).join('\n'), partial: isExcerpt(sectionSource) || undefined });
    b.facts.paths.push(path);
    return [];
  },
};
