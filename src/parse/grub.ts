// /etc/default/grub and grub.d snippets: shell variable assignments, quotes removed.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';

const ASSIGN = /^\s*(?:export\s+)?(GRUB_[A-Z0-9_]+)=(.*)$/;

export function unquoteShell(v: string): string {
  const t = v.trim();
  if (/^"(.*)"$/.test(t)) return t.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  if (/^'(.*)'$/.test(t)) return t.slice(1, -1);
  return t.replace(/\s+#.*$/, '');
}

export const grubParser: Parser = {
  kind: 'grub',
  starts: (text) => ASSIGN.test(text),
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    b.facts.grubVars ??= {};
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || t.startsWith('#')) continue;
      const m = ASSIGN.exec(l.text);
      if (!m) {
        bad.push(l);
        continue;
      }
      // Later assignments win, as when the shell sources the files in order.
      b.facts.grubVars[m[1]!] = { value: unquoteShell(m[2]!), evidence: evidenceOf(l) };
    }
    if (sectionSource) b.facts.paths.push(sectionSource.startsWith('/') ? sectionSource : '/etc/default/grub');
    else b.facts.paths.push('/etc/default/grub');
    return bad;
  },
};
