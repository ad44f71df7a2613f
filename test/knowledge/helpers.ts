// Test helper: the knowledge index as the chat builds it, with the rules' READMEs read from disk.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../rules/index';
import { createKnowledge, type Knowledge } from '../../src/knowledge/search';

export function testKnowledge(): Knowledge {
  const ruleDocs: Record<string, string> = {};
  for (const r of RULES) {
    const p = fileURLToPath(new URL(`../../rules/${r.meta.id}/README.md`, import.meta.url));
    if (existsSync(p)) ruleDocs[r.meta.id] = readFileSync(p, 'utf8');
  }
  return createKnowledge({ rules: RULES.map((r) => r.meta), ruleDocs });
}
