// The literal text a log pattern needs (a rule's meta.reads.log), in the form the log lane scans for: the start of a
// message, or a string anywhere in it.

export type LogKeep = { start: string } | { anywhere: string };

/** Shortest literal worth scanning for: shorter ones ("D3") keep too many lines of a big log. */
export const MIN_LITERAL = 3;

/**
 * What the log lane must keep so that `re` (tested against a kernel message, after its stamp) sees every line it can
 * match; a string is a literal the message contains ("^…": starts with). Undefined when no usable literal is certain:
 * a case-insensitive pattern, a top-level alternation, or fewer than MIN_LITERAL literal characters before the first
 * class, group or quantifier. The caller then asks the author for literal strings.
 */
export function logKeep(p: RegExp | string): LogKeep | undefined {
  if (typeof p === 'string') {
    const start = p.startsWith('^');
    const lit = start ? p.slice(1) : p;
    if (lit.length < MIN_LITERAL) return undefined;
    return start ? { start: lit } : { anywhere: lit };
  }
  if (p.ignoreCase || p.multiline || p.flags.includes('v')) return undefined;
  const s = p.source;
  if (topLevelAlternation(s)) return undefined;
  const anchored = s.startsWith('^');
  let lit = '';
  let i = anchored ? 1 : 0;
  for (; i < s.length; ) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      // \d, \s, \b, \u…, back-references: not one literal character.
      if (n === undefined || /[A-Za-z0-9]/.test(n)) break;
      lit += n;
      i += 2;
    } else if ('.^$|?*+()[]{}'.includes(c)) break;
    else {
      lit += c;
      i++;
    }
  }
  // A quantifier right after the literal makes its last character optional (or repeatable: "a{2}" is still "a").
  const q = s[i];
  if (q === '?' || q === '*' || q === '{') lit = lit.slice(0, -1);
  if (lit.length < MIN_LITERAL) return undefined;
  return anchored ? { start: lit } : { anywhere: lit };
}

/** A top-level `|` makes `^` anchor only the first alternative (shared with facts/log-index.ts). */
export function topLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
