// /etc/default/grub and grub.d snippets: shell variable assignments, quotes removed, earlier GRUB_ variables expanded.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { sectionPath } from './source-kind';

const ASSIGN = /^\s*(?:export\s+)?(GRUB_[A-Z0-9_]+)=(.*)$/;
const VAR = /\$(?:\{(GRUB_[A-Z0-9_]+)\}|(GRUB_[A-Z0-9_]+))/g;

/**
 * The value of a shell word as `sh` would assign it: quotes removed, backslash escapes applied inside double quotes,
 * `$GRUB_…` expanded (when `vars` is given) outside single quotes, and a trailing comment dropped. Backtick command
 * substitutions are kept literally. A missing closing quote is forgiven (the paste was cut).
 */
export function unquoteShell(v: string, vars?: (name: string) => string | undefined): string {
  const t = v.trim();
  const expand = (s: string) => (vars ? s.replace(VAR, (_m, a: string | undefined, b: string | undefined) => vars((a ?? b)!) ?? '') : s);
  let out = '';
  let i = 0;
  while (i < t.length) {
    const ch = t[i]!;
    if (/\s/.test(ch)) break; // an unquoted blank ends the word; what follows is a comment or another command
    if (ch === "'") {
      const end = t.indexOf("'", i + 1);
      out += end < 0 ? t.slice(i + 1) : t.slice(i + 1, end);
      i = end < 0 ? t.length : end + 1;
    } else if (ch === '"') {
      let seg = '';
      i++;
      while (i < t.length && t[i] !== '"') {
        if (t[i] === '\\' && i + 1 < t.length && /["\\$`]/.test(t[i + 1]!)) {
          seg += t[i + 1] === '$' ? '\u0000' : t[i + 1];
          i += 2;
        } else seg += t[i++];
      }
      i++; // closing quote (or past the end)
      out += expand(seg).replace(/\u0000/g, '$');
    } else if (ch === '`') {
      const end = t.indexOf('`', i + 1);
      out += end < 0 ? t.slice(i) : t.slice(i, end + 1);
      i = end < 0 ? t.length : end + 1;
    } else {
      let seg = '';
      while (i < t.length && !/[\s'"`]/.test(t[i]!)) seg += t[i++];
      out += expand(seg);
    }
  }
  return out;
}

export const grubParser: Parser = {
  kind: 'grub',
  starts: (text) => ASSIGN.test(text),
  // Comments between assignments belong to the file.
  continues: (text) => /^\s*#/.test(text),
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    const vars = (b.facts.grubVars ??= {});
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || t.startsWith('#')) continue;
      const m = ASSIGN.exec(l.text);
      if (!m) {
        bad.push(l);
        continue;
      }
      // Later assignments win, as when the shell sources the files in order.
      vars[m[1]!] = { value: unquoteShell(m[2]!, (name) => vars[name]?.value), evidence: evidenceOf(l) };
    }
    const path = sectionPath(sectionSource);
    b.facts.paths.push(path?.startsWith('/') ? path : '/etc/default/grub');
    return bad;
  },
};
