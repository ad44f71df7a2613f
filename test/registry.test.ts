// The rule registry agrees with the rule folders: every folder is registered under its own id, every README is in the
// one format the chat reads (so it can answer "why" and "how do I fix" for every rule), every `consequenceOf` names a
// rule, and every fix id starts with its rule's id. Derived from the folders, so a rule added later is checked too.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../rules/index';
import { diagnose } from '../src/index';
import { REQUIRED_SECTIONS, OPTIONAL_SECTIONS, readmeSections } from '../src/knowledge/readme-sections';
import { readmeParagraphs } from '../src/knowledge/answer';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RULES_DIR = `${ROOT}rules/`;
const folders = readdirSync(RULES_DIR)
  .filter((d) => statSync(`${RULES_DIR}${d}`).isDirectory())
  .sort();
const registered = RULES.map((r) => r.meta.id);
const readme = (id: string) => readFileSync(`${RULES_DIR}${id}/README.md`, 'utf8');

describe('rule folders are the registry', () => {
  it('every folder is registered once, and every registered rule has its folder', () => {
    expect(new Set(registered).size, 'a rule id is registered twice').toBe(registered.length);
    expect([...registered].sort()).toEqual(folders);
  });

  it.each(folders)('%s: its index.ts exports the rule of that id, beside a README and a test', (id) => {
    for (const f of ['index.ts', 'README.md', `${id}.test.ts`]) expect(existsSync(`${RULES_DIR}${id}/${f}`), `rules/${id}/${f}`).toBe(true);
    expect(RULES.find((r) => r.meta.id === id)).toBeDefined();
  });

  it('every consequenceOf names a registered rule other than itself', () => {
    const bad = RULES.flatMap((r) => (r.meta.consequenceOf ?? []).filter((c) => c === r.meta.id || !registered.includes(c)).map((c) => `${r.meta.id} → ${c}`));
    expect(bad).toEqual([]);
  });
});

describe.each(folders)('rules/%s/README.md', (id) => {
  const md = readme(id);
  const sections = readmeSections(md);
  const headings = sections.map((s) => s.heading);

  it('starts with its id as the title', () => {
    expect(md.split('\n')[0]).toMatch(new RegExp(`^# ${id}\\b`));
  });

  it('has the four sections, in order, each with text; only known sections besides', () => {
    expect(headings.filter((h) => (REQUIRED_SECTIONS as readonly string[]).includes(h))).toEqual([...REQUIRED_SECTIONS]);
    expect(headings.filter((h) => !([...REQUIRED_SECTIONS, ...OPTIONAL_SECTIONS] as string[]).includes(h)), 'unknown section').toEqual([]);
    expect(new Set(headings).size, 'a section twice').toBe(headings.length);
    // Optional sections come after the required ones.
    const lastRequired = headings.indexOf(REQUIRED_SECTIONS.at(-1)!);
    expect(headings.slice(0, lastRequired + 1).every((h) => (REQUIRED_SECTIONS as readonly string[]).includes(h)), headings.join(' / ')).toBe(true);
    for (const s of sections) expect(s.body.trim(), `## ${s.heading} is empty`).not.toBe('');
  });

  it('has no section left in the old inline format ("**Fix.** …" starts no paragraph)', () => {
    const labels = /^\*\*(Why it matters|How it is detected|Detection|The fix|Fix|When it does not apply|Does not apply|Messages matched|Relation|Verified[^*]*)\.?\*\*/m;
    expect(md.split(/\n\s*\n/).filter((p) => labels.test(p.trim())).map((p) => p.slice(0, 60))).toEqual([]);
  });

  it('gives the chat its "why" and its "fix" (what the why view and answers read)', () => {
    expect(readmeParagraphs(md, /^Why it matters/i)[0]).toMatch(/^Why it matters: \S/);
    expect(readmeParagraphs(md, /^(Why it matters|(The )?fix)\b/i).some((p) => /^The fix: \S/.test(p))).toBe(true);
  });
});

describe('fix ids start with their rule id', () => {
  // Every rule's fires.txt (each makes its rule fire), the paste fixtures and the real-world corpus.
  const pastes = [
    ...folders.map((id) => `fixtures/rules/${id}/fires.txt`),
    ...readdirSync(`${ROOT}fixtures/pastes`).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt')).map((f) => `fixtures/pastes/${f}`),
    ...readdirSync(`${ROOT}fixtures/real`).filter((d) => existsSync(`${ROOT}fixtures/real/${d}/paste.txt`)).map((d) => `fixtures/real/${d}/paste.txt`),
  ].filter((p) => existsSync(`${ROOT}${p}`));

  it('in every finding of every fixture paste', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const p of pastes) {
      const r = diagnose([{ source: 'pasted text', text: readFileSync(`${ROOT}${p}`, 'utf8') }], { live: false });
      for (const f of r.findings) {
        for (const x of f.fixes) {
          seen.add(f.id);
          if (!x.id.startsWith(`${f.id}/`)) bad.push(`${p}: ${f.id} has fix ${x.id}`);
        }
      }
    }
    expect(bad).toEqual([]);
    // The check means something only if most rules with fixes were seen with one.
    expect(seen.size).toBeGreaterThan(folders.length / 2);
  });
});

// Declared rules (defineRule): a message id the check uses is type-checked against meta.messages; here the other way
// round — every message is used somewhere in the rule's code (a message nobody writes is dead prose).
describe('declared rules use every message they declare', () => {
  const declared = RULES.filter((r) => r.meta.messages);
  it('at least the pilot rules are declared', () => expect(declared.length).toBeGreaterThanOrEqual(3));
  it.each(declared.map((r) => r.meta.id))('%s', (id) => {
    const src = readFileSync(`${RULES_DIR}${id}/index.ts`, 'utf8');
    const rule = RULES.find((r) => r.meta.id === id)!;
    for (const key of Object.keys(rule.meta.messages!)) {
      const used = new RegExp(`messageId: '${key}'|unable\\('${key}'`).test(src);
      expect(used, `${id}: message "${key}" is never used`).toBe(true);
    }
  });
});
