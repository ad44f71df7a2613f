// Puts rule READMEs written in the old inline format ("**Why it matters.** …", "**Fix.** …") into the one format
// test/registry.test.ts checks: `## ` sections, the four required ones first and in order. Headings and order only:
// a label that was only a heading is dropped ("**Fix.** Remove it" → "## The fix" + "Remove it"), a label that begins
// its own sentence keeps its words ("**Does not apply** when …" → "## When it does not apply" + "Does not apply when …").
// Usage: node scripts/normalise-rule-readmes.mjs [--write]   (without --write: lists what it would change)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';

const REQUIRED = [['Why it matters', /^Why it matters$/], ['How it is detected', /^(How it is detected|Detection)$/], ['The fix', /^(The fix|Fix)$/], ['When it does not apply', /^(When it does not apply|Does not apply)$/]];
const OPTIONAL = [['Messages matched', /^Messages matched$/], ['Verified in source', /^Verified in source$/], ['Verified', /^Verified$/], ['Not verified', /^Not verified$/], ['Relation', /^Relation$/], ['Sources', /^Sources$/], ['Threads', /^Threads$/]];
const canon = (label) => [...REQUIRED, ...OPTIONAL].find(([, re]) => re.test(label.trim()))?.[0];

export function normalise(text) {
  const pre = [];
  const sections = [];
  let cur;
  let prevBlank = true;
  for (const ln of text.replace(/\n+$/, '').split('\n')) {
    const h = /^## (.+?)\s*$/.exec(ln);
    const b = prevBlank ? /^\*\*([^*]+?)(\.?)\*\*(.*)$/.exec(ln) : null;
    const name = h ? canon(h[1]) : b ? canon(b[1]) : undefined;
    if (h && !name) throw new Error(`unknown section: ${ln}`);
    if (name) {
      if (sections.some((s) => s.name === name)) throw new Error(`section twice: ${name}`);
      cur = { name, body: [] };
      sections.push(cur);
      if (b) cur.body.push(b[2] ? b[3].trimStart() : b[1] + b[3]);
    } else (cur ? cur.body : pre).push(ln);
    prevBlank = ln.trim() === '';
  }
  const rank = (n) => { const i = REQUIRED.findIndex(([r]) => r === n); return i >= 0 ? i : REQUIRED.length; };
  sections.sort((a, b) => rank(a.name) - rank(b.name));
  const trim = (a) => { while (a.length && !a[0].trim()) a.shift(); while (a.length && !a.at(-1).trim()) a.pop(); return a; };
  const out = [...trim(pre), ''];
  for (const s of sections) out.push(`## ${s.name}`, ...trim(s.body), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

const write = process.argv.includes('--write');
for (const id of readdirSync('rules').sort()) {
  const p = `rules/${id}/README.md`;
  if (!existsSync(p)) continue;
  const old = readFileSync(p, 'utf8');
  const now = normalise(old);
  if (now === old) continue;
  console.log(`${write ? 'rewrote' : 'would rewrite'} ${p}`);
  if (write) writeFileSync(p, now);
}
