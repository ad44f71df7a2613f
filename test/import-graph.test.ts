// The import graph's shape: src/pci is a leaf, src/parse never imports src/facts, and no file cycle spans the two.
import { describe, it, expect } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { codeOf, resolveSpec } from './source-imports';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : /\.tsx?$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

// import/export … from '…', import '…', import('…'): the specifiers a file depends on (type-only ones included:
// they tie the files together just the same for a reader).
const SPEC = /(?:^|[;\s])(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const m of codeOf(file).matchAll(SPEC)) out.push((m[1] ?? m[2])!);
  return out;
}

const files = tsFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f).map((s) => ({ spec: s, to: resolveSpec(f, s) }))]));
const rel = (f: string) => relative(ROOT, f);
const inDir = (f: string, d: string) => rel(f).startsWith(`src/${d}/`);

/** Every cycle (as a file path list) among the files `keep` selects, by Tarjan's strongly connected components. */
function cycles(keep: (f: string) => boolean): string[][] {
  const nodes = files.filter(keep);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let n = 0;
  const visit = (v: string) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const { to: w } of graph.get(v)!) {
      if (!w || !keep(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(rel(w));
      } while (w !== v);
      const selfLoop = graph.get(v)!.some((e) => e.to === v);
      if (comp.length > 1 || selfLoop) out.push(comp.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

describe('import graph', () => {
  it('reads the imports it checks (the scan is not vacuous)', () => {
    const parseIndex = graph.get(join(SRC, 'parse', 'index.ts'))!;
    expect(parseIndex.some((e) => e.to === join(SRC, 'parse', 'detect.ts'))).toBe(true);
    expect(files.filter((f) => inDir(f, 'pci')).length).toBeGreaterThanOrEqual(3);
  });

  it('src/pci imports nothing of the project', () => {
    const bad = files.filter((f) => inDir(f, 'pci')).flatMap((f) => graph.get(f)!.filter((e) => e.spec.startsWith('.')).map((e) => `${rel(f)} -> ${e.spec}`));
    expect(bad).toEqual([]);
  });

  it('src/parse imports nothing from src/facts (parsers write into schema/facts-sink.ts; facts may read parse helpers)', () => {
    const bad = files.filter((f) => inDir(f, 'parse')).flatMap((f) => graph.get(f)!.filter((e) => e.to && inDir(e.to, 'facts')).map((e) => `${rel(f)} -> ${rel(e.to!)}`));
    expect(bad).toEqual([]);
  });

  it('rules/ take the PCI vocabulary from src/pci, never from src/parse (bdf, pci-class)', () => {
    const RULES_DIR = join(ROOT, 'rules');
    const ruleFiles = tsFiles(RULES_DIR);
    expect(ruleFiles.length).toBeGreaterThan(60);
    const bad = ruleFiles.flatMap((f) => importsOf(f).filter((s) => /\/src\/parse\/(?:bdf|pci-class)(?:\.ts)?$/.test(s)).map((s) => `${rel(f)} -> ${s}`));
    expect(bad).toEqual([]);
    // The vocabulary is used: the check would pass vacuously if no rule imported it at all.
    expect(ruleFiles.some((f) => importsOf(f).some((s) => s.endsWith('/src/pci/bdf')))).toBe(true);
  });

  it('no import cycle among the files of src/parse, src/facts, src/pci and src/schema', () => {
    expect(cycles((f) => ['parse', 'facts', 'pci', 'schema'].some((d) => inDir(f, d)))).toEqual([]);
  });
});
