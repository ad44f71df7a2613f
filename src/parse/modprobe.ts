// modprobe.d configuration: options, softdep, blacklist, install lines (module names normalised).
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { ModprobeDirective } from '../schema/facts';

const DIRECTIVE = /^\s*(options|softdep|blacklist|install|alias|remove)\s+(\S+)\s*(.*)$/;

export const modName = (m: string) => m.replace(/-/g, '_');

export const modprobeParser: Parser = {
  kind: 'modprobe',
  starts: (text) => DIRECTIVE.test(text) && !/^\s*alias\s+\S+\s*$/.test(text),
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || t.startsWith('#')) continue;
      const m = DIRECTIVE.exec(t);
      if (!m) {
        bad.push(l);
        continue;
      }
      const kind = m[1] as ModprobeDirective['kind'];
      // alias lines name the alias first; everything else names the module first.
      b.facts.modprobe.push({ kind, module: modName(m[2]!), args: m[3]!.replace(/\s+#.*$/, '').trim(), evidence: evidenceOf(l) });
    }
    if (sectionSource?.startsWith('/')) b.facts.paths.push(sectionSource);
    return bad;
  },
};

/** /etc/modules, /etc/modules-load.d/*, /etc/initramfs-tools/modules: one module (with optional args) a line. */
export const moduleListParser: Parser = {
  kind: 'module-list',
  starts: () => false,
  parse(lines, b, sectionSource) {
    const path = sectionSource ?? '/etc/modules';
    const content = lines.map((l) => l.text).join('\n');
    b.facts.configFiles.push({ path, content });
    b.facts.paths.push(path);
    return [];
  },
};

/** Files kept verbatim for rules and fixes that need their exact content (mkinitcpio.conf, dracut.conf, scripts). */
export const configParser: Parser = {
  kind: 'config',
  starts: () => false,
  parse(lines, b, sectionSource) {
    const path = sectionSource ?? 'unknown file';
    b.facts.configFiles.push({ path, content: lines.map((l) => l.text).join('\n') });
    b.facts.paths.push(path);
    return [];
  },
};
