// What the chat's first frame loads: Ink and the UI, not the rules, the engine, the renderers or the knowledge search
// (they load after it, src/cli/commands/chat.ts and src/ui/effects.ts). The static import closure of the modules on
// the way to the first frame, read from the sources; a static import of one of these would load it before the frame.
import { describe, it, expect } from 'vitest';
import { join, relative, resolve } from 'node:path';
import { codeOf, resolveSpec } from '../source-imports';

const ROOT = resolve(__dirname, '../..');

/** Value imports and re-exports (not `import type`, not dynamic `import()`): what loads with the module. */
function staticImports(file: string): string[] {
  const out: string[] = [];
  for (const m of codeOf(file).matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) out.push(m[1]!);
  return out;
}

function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = entries.map((e) => join(ROOT, e));
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const s of staticImports(f)) {
      const to = resolveSpec(f, s);
      if (to) todo.push(to);
    }
  }
  return new Set([...seen].map((f) => relative(ROOT, f)));
}

describe("the chat's first frame", () => {
  // main.js, then the dynamic imports on the way: the live command, the chat command, the UI.
  const before = closure(['src/main.ts', 'src/cli/commands/live.ts', 'src/cli/commands/chat.ts', 'src/ui/app.tsx']);

  it('the closure is read (the entries and what they import are there)', () => {
    for (const f of ['src/cli/run.ts', 'src/ui/session.ts', 'src/ui/effects.ts', 'src/cli/sources.ts', 'src/knowledge/answer.ts']) expect(before).toContain(f);
  });

  it('does not wait for the rules, the engine, the renderers, the knowledge search or the applier', () => {
    const later = ['rules/index.ts', 'src/index.ts', 'src/render/json.ts', 'src/render/markdown.ts', 'src/render/text.ts', 'src/knowledge/search.ts', 'src/knowledge/rule-docs.ts', 'src/cli/chat-apply.ts', 'src/cli/output.ts', 'src/cli/validate.ts', 'src/cli/commands/analyze.ts', 'src/cli/commands/rules.ts', 'src/cli/input.ts', 'src/parse/log-lane.ts', 'src/parse/detect.ts'];
    expect(later.filter((f) => before.has(f))).toEqual([]);
    expect([...before].filter((f) => f.startsWith('rules/'))).toEqual([]);
  });
});
