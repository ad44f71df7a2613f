// Test helper: the knowledge index as the chat builds it, with the rules' READMEs (English and Chinese) read from disk.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../rules/index';
import { createKnowledge, type Knowledge } from '../../src/knowledge/search';

function readmes(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of RULES) {
    const p = fileURLToPath(new URL(`../../rules/${r.meta.id}/${name}`, import.meta.url));
    if (existsSync(p)) out[r.meta.id] = readFileSync(p, 'utf8');
  }
  return out;
}

export function testKnowledge(): Knowledge {
  return createKnowledge({ rules: RULES.map((r) => r.meta), ruleDocs: readmes('README.md'), ruleDocsZh: readmes('README.zh.md') });
}
