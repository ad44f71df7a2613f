// Chinese typography for the translated texts: ASCII , : ; ( ) ? ! next to Chinese characters become the fullwidth
// forms Chinese prose uses. `node scripts/zh-punct.mjs [--check] FILES…` (no files: every zh source of the project);
// test/i18n/punctuation.test.ts runs the check. Code spans (`…`) are left alone: commands keep their ASCII.
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001\u3002\uff0c\uff1a\uff1b\uff08\uff09\uff1f\uff01]/;
const FULL = { ',': '\uff0c', ':': '\uff1a', ';': '\uff1b', '(': '\uff08', ')': '\uff09', '?': '\uff1f', '!': '\uff01' };

/** One line with its ASCII punctuation next to Chinese made fullwidth (parentheses as pairs). */
export function fixLine(line) {
  const chars = [...line];
  const han = (i) => i >= 0 && i < chars.length && HAN.test(chars[i]);
  const out = [...chars];
  let code = false;
  const stack = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '`') code = !code;
    if (code) continue;
    if (c === '(') stack.push(i);
    else if (c === ')') {
      const o = stack.pop();
      // A pair next to Chinese on either side becomes fullwidth together; a pair inside Latin text stays.
      // (An opening parenthesis after a space is English prose quoting Chinese: "in Chinese (未提供…)" stays.)
      const opensChinese = o !== undefined && (han(o - 1) || (han(o + 1) && (o === 0 || /['"`「“]/.test(chars[o - 1]))));
      if (o !== undefined && (opensChinese || han(i - 1) || han(i + 1))) {
        out[o] = FULL['('];
        out[i] = FULL[')'];
      }
    } else if (c in FULL && (han(i - 1) || (han(i + 1) && c !== ':'))) {
      // A colon before Chinese but after Latin is usually part of a term ("D3cold:" is rare); after Chinese it is prose.
      out[i] = FULL[c];
    } else if (c === ':' && han(i + 1) && /[A-Za-z0-9)\]"'」]/.test(chars[i - 1] ?? '') && !/[0-9a-f]/i.test(chars[i + 1] ?? '')) {
      out[i] = FULL[':'];
    }
  }
  return out.join('');
}

/** Until nothing changes: a converted mark can make its neighbour "next to Chinese" (？！). */
function fixLineStable(line) {
  for (let i = 0; i < 5; i++) {
    const next = fixLine(line);
    if (next === line) return line;
    line = next;
  }
  return line;
}

export const fixText = (text) => text.split('\n').map(fixLineStable).join('\n');

/**
 * The string literals of a TypeScript source (quotes, and template text outside `${…}`) as [start, end) ranges: code,
 * regular expressions and comments are never touched ({ 修复: 'fix' } and /(?:呢|啊)?/ must keep their ASCII).
 */
export function stringRanges(src) {
  const out = []; // groups of ranges: one per literal (a template's text pieces around its `${…}` are one group)
  let i = 0;
  const braces = []; // for each open template `${`: the brace depth at which it closes, and the template's group
  let depth = 0;
  let prev = ''; // the last significant code character, to tell a regex from a division
  const readString = (q, group = []) => {
    if (!group.length) out.push(group);
    const start = ++i;
    while (i < src.length && src[i] !== q) {
      if (src[i] === '\\') i++;
      else if (q === '`' && src[i] === '$' && src[i + 1] === '{') {
        group.push([start, i]);
        braces.push([depth, group]);
        depth++;
        i += 2;
        return;
      }
      i++;
    }
    group.push([start, i]);
    i++;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (c === '/' && (prev === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(prev) || /\b(?:return|typeof|case|of|in)$/.test(src.slice(Math.max(0, i - 8), i).trimEnd()))) {
      // A regular expression literal: skip to its closing slash (outside a character class).
      let cls = false;
      i++;
      while (i < src.length && src[i] !== '\n') {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') cls = true;
        else if (src[i] === ']') cls = false;
        else if (src[i] === '/' && !cls) break;
        i++;
      }
      i++;
      prev = 'x';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      readString(c);
      prev = 'x';
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      depth--;
      if (braces.length && braces.at(-1)[0] === depth) {
        // Back into the template literal after `${…}`.
        const [, group] = braces.pop();
        readString('`', group);
        prev = 'x';
        continue;
      }
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return out;
}

/** A TypeScript source with only its string literals fixed (a template's pieces fixed together, so pairs match). */
export function fixSource(src) {
  const HOLE = '\u0000';
  const edits = [];
  for (const group of stringRanges(src)) {
    const pieces = group.map(([a, b]) => src.slice(a, b));
    if (!pieces.some((p) => HAN.test(p))) continue;
    const fixed = fixText(pieces.join(HOLE)).split(HOLE);
    group.forEach(([a, b], k) => edits.push([a, b, fixed[k] ?? pieces[k]]));
  }
  edits.sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [a, b, text] of edits) {
    out += src.slice(at, a) + text;
    at = b;
  }
  return out + src.slice(at);
}

/** Fix a file's text by its kind: Markdown whole, TypeScript in its strings. */
export const fixFile = (path, text) => (/\.md$/.test(path) ? fixText(text) : fixSource(text));

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The files that hold Chinese prose: rules' zh.ts and README.zh.md, and every source file with Chinese in it. */
export function zhFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|md)$/.test(name) && HAN.test(readFileSync(p, 'utf8'))) out.push(p);
    }
  };
  for (const d of ['src', 'rules']) walk(join(ROOT, d));
  return out.filter((p) => !p.endsWith(join('i18n', 'glossary.ts')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const files = process.argv.slice(2).filter((a) => a !== '--check');
  let bad = 0;
  for (const f of files.length ? files : zhFiles()) {
    const text = readFileSync(f, 'utf8');
    const fixed = fixFile(f, text);
    if (fixed === text) continue;
    bad++;
    if (check) console.log(`${relative(ROOT, f)}: ASCII punctuation in Chinese text (run node scripts/zh-punct.mjs)`);
    else writeFileSync(f, fixed);
  }
  if (check && bad) process.exitCode = 1;
  if (!check) console.log(`${bad} file(s) fixed`);
}
