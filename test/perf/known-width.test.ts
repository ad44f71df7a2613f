// knownWidth() (src/text/known-width.ts), which the build puts in front of string-width, answers what string-width
// answers — the copy Ink and the report use and the one wrap-ansi carries — or leaves the string to it.
import { describe, it, expect, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { knownWidth } from '../../src/text/known-width';

type Width = (s: string, o?: object) => number;
let wrapAnsiWidth: Width;

beforeAll(async () => {
  // The string-width wrap-ansi resolves (a copy of its own when the versions differ).
  const fromWrapAnsi = createRequire(createRequire(import.meta.url).resolve('wrap-ansi'));
  wrapAnsiWidth = ((await import(pathToFileURL(fromWrapAnsi.resolve('string-width')).href)) as { default: Width }).default;
});

/** knownWidth's answer, checked against both string-widths when it gives one. */
function agrees(s: string, o?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }): number | undefined {
  const w = knownWidth(s, o);
  if (w !== undefined) {
    expect(w, JSON.stringify(s)).toBe(stringWidth(s, o));
    expect(w, JSON.stringify(s)).toBe(wrapAnsiWidth(s, o));
  }
  return w;
}

const KNOWN_RANGES: Array<[number, number]> = [
  [0xa0, 0x17f],
  [0x2010, 0x2027],
  [0x2030, 0x203b],
  [0x2190, 0x2193],
  [0x2500, 0x259f],
  [0x2800, 0x28ff],
];

describe('knownWidth', () => {
  it("measures the chat's first frame itself (the spinner line and the prompt, coloured or not)", () => {
    for (const s of ['⠋ Reading…', '\u001b[1m\u001b[34m⠋\u001b[39m\u001b[22m Reading…', '\u001b[1m\u001b[36m› \u001b[39m\u001b[22m\u001b[7m \u001b[27m', '› ', '─'.repeat(120)]) {
      expect(agrees(s), JSON.stringify(s)).toBeTypeOf('number');
    }
  });

  it('answers like string-width for every character it knows, alone, between letters, doubled and coloured', () => {
    let known = 0;
    let chars = 0;
    for (const [from, to] of KNOWN_RANGES)
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        chars++;
        for (const s of [ch, `a${ch}b`, ch + ch, ` ${ch} `, `\u001b[1;31m${ch}\u001b[0m`]) if (agrees(s) !== undefined) known++;
      }
    // All of those ranges are known but © ® and the soft hyphen (left to string-width).
    expect(known).toBe(5 * (chars - 3));
  });

  it('leaves to string-width what it cannot know: wide, emoji, combining, control, other escapes, other options', () => {
    for (const s of ['中文', '✓', '⚠', '✖', '❌', '▶', '↔', '©', 'e\u0301', 'a\u200db', 'a\tb', 'a\nb', '\u001b]8;;http://x\u0007link\u001b]8;;\u0007', '\u001b[12345m', '\u001b[1', '\u009b1m', '\u001bc']) {
      expect(knownWidth(s), JSON.stringify(s)).toBeUndefined();
    }
    expect(knownWidth('…', { ambiguousIsNarrow: false })).toBeUndefined();
    expect(knownWidth('\u001b[1mA', { countAnsiEscapeCodes: true })).toBeUndefined();
    expect(knownWidth(42)).toBeUndefined();
  });

  it('agrees with string-width on random mixes of text, symbols and escapes', () => {
    const pieces = ['a', 'Z', ' ', '~', '…', '›', '⠋', '─', '█', '–', 'é', '→', '\u001b[0m', '\u001b[1;34m', '\u001b[m', '\u001b[;1m', '\u001b[38;5;208m', '\u001b[1234m', '\u001b[7', '\u001b', '[', 'm', '中', '✓', '\u0301', '\t'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let known = 0;
    for (let n = 0; n < 20000; n++) {
      let s = '';
      for (let k = next() % 8; k >= 0; k--) s += pieces[next() % pieces.length];
      if (agrees(s) !== undefined) known++;
    }
    expect(known).toBeGreaterThan(1000);
  });
});
