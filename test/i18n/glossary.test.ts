// One Chinese word per term: the glossary's rejected variants appear nowhere in the code or the rules.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GLOSSARY } from '../../src/i18n/glossary';

const ROOT = join(__dirname, '../..');
function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx|md)$/.test(name)) yield p;
  }
}

describe('glossary', () => {
  it('has one Chinese word per English term, and no word is also another term\'s rejected variant', () => {
    const used = new Set(GLOSSARY.map((t) => t.zh));
    expect(used.size).toBe(GLOSSARY.length);
    for (const t of GLOSSARY) for (const a of t.avoid ?? []) expect(used.has(a), `${a} is both used and avoided`).toBe(false);
  });

  it('keeps the rejected variants out of src/ and rules/', () => {
    const avoided = GLOSSARY.flatMap((t) => (t.avoid ?? []).map((a) => [a, t.zh] as const));
    const hits: string[] = [];
    for (const dir of ['src', 'rules']) {
      for (const f of files(join(ROOT, dir))) {
        if (f.endsWith(join('i18n', 'glossary.ts'))) continue;
        const text = readFileSync(f, 'utf8');
        for (const [a, zh] of avoided) if (text.includes(a)) hits.push(`${f.slice(ROOT.length + 1)}: "${a}" (say "${zh}")`);
      }
    }
    expect(hits).toEqual([]);
  });
});
