// Every rule speaks Chinese: a title, summary and every message in meta.zh, and a README.zh.md with the four sections
// the chat reads (issue 17). Derived from the folders, so a rule added later is checked too.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../rules/index';
import { REQUIRED_SECTIONS_ZH, readmeSections } from '../../src/knowledge/readme-sections';
import { hasCjk } from '../../src/i18n/space';

const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

describe.each(RULES.map((r) => r.meta))('$id in Chinese', (meta) => {
  it('has a Chinese title, summary and every message id of the English ones', () => {
    expect(meta.zh, `rules/${meta.id} has no meta.zh`).toBeDefined();
    expect(hasCjk(meta.zh!.title)).toBe(true);
    expect(hasCjk(meta.zh!.summary)).toBe(true);
    expect(Object.keys(meta.zh!.messages ?? {}).sort()).toEqual(Object.keys(meta.messages ?? {}).sort());
  });

  it('has README.zh.md with the four sections, in order, each with text', () => {
    const p = `${RULES_DIR}${meta.id}/README.zh.md`;
    expect(existsSync(p), `rules/${meta.id}/README.zh.md`).toBe(true);
    const md = readFileSync(p, 'utf8');
    expect(md.split('\n')[0]).toMatch(new RegExp(`^# ${meta.id}\\b`));
    const sections = readmeSections(md);
    const headings = sections.map((s) => s.heading);
    expect(headings.filter((h) => (REQUIRED_SECTIONS_ZH as readonly string[]).includes(h))).toEqual([...REQUIRED_SECTIONS_ZH]);
    for (const s of sections) expect(s.body.trim(), `## ${s.heading} is empty`).not.toBe('');
    expect(hasCjk(md)).toBe(true);
  });
});
