// The one sanitiser for text that came from input (file names, device names, log lines, pastes) on its way out.
//
// Contract: after escapeLine() a string holds no C0 control but TAB, no DEL, no C1 control (U+0080–U+009F, which
// some terminals obey as 8-bit CSI/OSC) and no bidirectional override; each is written as a visible escape (`\x1b`,
// `\x9b`, `\u202e`, `\n`, `\r`). escapeText() does the same line by line and keeps the line breaks, for multi-line
// text that is meant to be several lines (diffs, file contents, messages, log excerpts). Both are idempotent (the
// escapes are plain ASCII), never throw, and leave text without such characters untouched (the same string back).
// Backslashes are not doubled: `\x1b` typed literally and an escaped ESC read the same, which is fine for display and
// keeps Windows/ACPI paths (`\_SB.PCI0`) readable.
// This is a leaf module (no imports) so collect/, render/, ui/ and cli/ can all use it without a layering cycle.

// What is escaped in a single line; the same plus nothing else, minus \n, in multi-line text.
const UNSAFE_LINE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_LINE_G = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_TEXT_G = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  if (n === 0x0a) return '\\n';
  if (n === 0x0d) return '\\r';
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** One line (a name, a path, an evidence line): every control but TAB made visible, newlines included. */
export function escapeLine(s: string): string {
  return UNSAFE_LINE.test(s) ? s.replace(UNSAFE_LINE_G, visible) : s;
}

/** Multi-line text: each line as escapeLine(), the line breaks kept (CRLF read as a break, a lone CR made visible). */
export function escapeText(s: string): string {
  if (!UNSAFE_TEXT.test(s)) return s;
  return s.replace(/\r\n/g, '\n').replace(UNSAFE_TEXT_G, visible);
}

/** Does the string hold anything escapeLine() would change? */
export function hasUnsafe(s: string): boolean {
  return UNSAFE_LINE.test(s);
}

/**
 * Every string of a value, escaped, keeping its shape (keys and non-strings untouched). Strings under a key in
 * `multiLine` (or in an array under it) keep their line breaks; every other string is one line.
 */
export function escapeDeep<T>(value: T, multiLine: ReadonlySet<string>): T {
  // Only what changes is copied: a clean report (the usual case) comes back as the same object, at no allocation.
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return multiLine.has(key) ? escapeText(v) : escapeLine(v);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = walk(v[i], key);
        if (x !== v[i]) (out ??= v.slice())[i] = x;
      }
      return out ?? v;
    }
    if (v && typeof v === 'object') {
      let out: Record<string, unknown> | undefined;
      for (const [k, x] of Object.entries(v)) {
        const y = walk(x, k);
        if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
      }
      return out ?? v;
    }
    return v;
  };
  return walk(value, '') as T;
}

// SGR (colour and weight) is the only control sequence our own output writes to a terminal.
const SGR_OR_UNSAFE = /\x1b\[[0-9;]{0,32}m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last guard before a file descriptor: like escapeText(), but our own SGR colour codes pass. Whatever a
 * renderer forgot to escape can at worst change a colour; it cannot move the cursor, clear the screen, set the title
 * or write the clipboard.
 */
export function terminalSafe(s: string): string {
  if (!UNSAFE_TEXT.test(s)) return s;
  return s.replace(/\r\n/g, '\n').replace(SGR_OR_UNSAFE, (m) => (m.length > 1 ? m : visible(m)));
}
