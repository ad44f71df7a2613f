// Pasted shell pipelines and grep patterns: the pipeline split into its stages, and a pattern as a JavaScript regex, refused when it could backtrack super-linearly.
//
// The pattern is the user's text: `dmesg | grep -E '(.*.*)*Z'` compiled as is took 90 s on one 55-character sample
// line (V8's backtracking is exponential in nested quantifiers and polynomial in chained ones). What the callers ask
// ("would this grep have shown that line?") is worth nothing then: unknown, never a hang.

/** Longest pattern read; real ones (`-e DMAR -e IOMMU`, 'vfio|iommu') are a few dozen characters. */
const MAX_PATTERN = 256;
/** Most quantifiers in one pattern (`iommu.*enabled.*` has two): chained ones cost length^count. */
const MAX_QUANTIFIERS = 4;

/**
 * Whether a JavaScript regex source is safe to run: no quantified group (`(a+)+`, `(a|a)*`, `(x){9}`), no
 * backreference, at most MAX_QUANTIFIERS quantifiers, at most MAX_PATTERN characters.
 */
export function linearEnough(src: string): boolean {
  if (src.length > MAX_PATTERN) return false;
  let quantifiers = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      if (!inClass && /[1-9k]/.test(next)) return false;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (src[i + 1] === ']') i++;
      continue;
    }
    const quant = ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d*,?\d*\}/.test(src.slice(i, i + 24)));
    if (!quant) continue;
    // "(?:", "(?=", "(?<!": a group's kind, not a quantifier.
    if (ch === '?' && src[i - 1] === '(') continue;
    // A quantifier right after a group: the group's own alternatives or quantifiers multiply.
    if (src[i - 1] === ')' && src[i - 2] !== '\\') return false;
    // A lazy or possessive-looking second mark (*?, +?) belongs to the same quantifier.
    if (ch === '?' && /[*+?}]/.test(src[i - 1] ?? '')) continue;
    quantifiers++;
  }
  return quantifiers <= MAX_QUANTIFIERS;
}

/** `new RegExp(src, flags)` when the source is linear enough and valid; undefined otherwise. */
export function safeRegExp(src: string, flags = ''): RegExp | undefined {
  if (!linearEnough(src)) return undefined;
  try {
    return new RegExp(src, flags);
  } catch {
    return undefined;
  }
}

/** Split a shell pipeline at | outside quotes (a grep pattern may contain | itself). */
export function pipeStages(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') {
      cur += ch + (cmd[++i] ?? '');
      continue;
    } else if (ch === '|' && cmd[i + 1] !== '|') {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}
