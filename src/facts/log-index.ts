// host.log(re) over thousands of messages: an anchored pattern (/^NVRM: …/) tests only the lines starting its way.
import type { LogLine } from '../schema/facts';
import { topLevelAlternation as alternatesAtTop } from '../text/log-literal';

/** The character every line `re` matches starts with, when the pattern makes that certain; undefined otherwise. */
export function anchoredFirst(re: RegExp): string | undefined {
  // Stateful (g, y) patterns must see every line in turn; m anchors at every line break; v has nested classes.
  if (re.global || re.sticky || re.multiline || re.flags.includes('v')) return undefined;
  const s = re.source;
  if (s[0] !== '^') return undefined;
  let c = s[1];
  let next = 2;
  if (c === '\\') {
    c = s[2];
    next = 3;
    if (c === undefined || /[A-Za-z0-9]/.test(c)) return undefined; // \d, \b, \u…, back-references: not one literal
  } else if (c === undefined || '.^$|?*+()[]{}'.includes(c)) return undefined;
  if (re.ignoreCase && c.toLowerCase() !== c.toUpperCase()) return undefined;
  if ('?*+{'.includes(s[next] ?? '') || alternatesAtTop(s)) return undefined; // an optional first character
  return c;
}

/** `log(re)`: the messages `re` matches, in log order. */
export function logSearch(lines: LogLine[]): (re: RegExp) => LogLine[] {
  let byFirst: Map<string, LogLine[]> | undefined;
  return (re) => {
    const first = anchoredFirst(re);
    if (first === undefined) return lines.filter((l) => re.test(l.message));
    if (!byFirst) {
      byFirst = new Map();
      for (const l of lines) {
        const k = l.message.charAt(0);
        const bucket = byFirst.get(k);
        if (bucket) bucket.push(l);
        else byFirst.set(k, [l]);
      }
    }
    return (byFirst.get(first) ?? []).filter((l) => re.test(l.message));
  };
}
