// Test helpers: run one rule, or the whole pipeline, on pasted text.
import { expect, it } from 'vitest';
import type { Rule } from '../src/engine/rule';
import { parseSources } from '../src/facts/from-sources';
import { buildHost } from '../src/facts/host';
import { runRules, messageOf, missingInputsOf } from '../src/engine/run';
import type { RawSource } from '../src/schema/raw-source';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function hostFrom(text: string | RawSource[], gpus: string[] = []) {
  const sources = typeof text === 'string' ? [{ source: 'pasted text', text }] : text;
  return buildHost(parseSources(sources), gpus);
}

/** Run a single rule on a paste; returns its findings and whether it could not check. */
export function runRule(rule: Rule, text: string | RawSource[], opts: { gpus?: string[]; live?: boolean } = {}) {
  const host = hostFrom(text, opts.gpus);
  const r = runRules([rule], host, { live: opts.live ?? true });
  const u = r.unableToCheck[0];
  // Declared rules: what each finding was written from (message id and data), and the inputs an "unable" lacked.
  return { findings: r.findings, unable: u?.reason, host, messages: r.findings.map(messageOf), missing: u && missingInputsOf(u) };
}

export const fixturePath = (rel: string) => fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url));
export const fixture = (rel: string) => readFileSync(fixturePath(rel), 'utf8');

/** Join lines so test tables can write pastes as arrays. */
export const paste = (...lines: string[]) => lines.join('\n') + '\n';

/**
 * The shared start of a table-driven rule case: 'none' expects no finding and no "unable", a RegExp expects
 * "unable to check" with that reason. Returns true when the case is settled (nothing more to check).
 */
export function settled<E>(r: { findings: unknown[]; unable?: string }, expected: E): expected is Extract<E, 'none' | RegExp> {
  if (expected === 'none') {
    expect(r.unable).toBeUndefined();
    expect(r.findings).toEqual([]);
    return true;
  }
  if (expected instanceof RegExp) {
    expect(r.findings).toEqual([]);
    expect(r.unable).toMatch(expected);
    return true;
  }
  return false;
}

/**
 * The whole table loop of a rule test: one `it` per case, run the rule, let settled() take 'none' and "unable"
 * cases, otherwise require that the rule could check and hand the result to the file's own assertions.
 */
export function ruleCases<X>(rule: Rule, cases: readonly { name: string; text: string | RawSource[]; gpus?: string[]; expect: X | 'none' | RegExp }[],
                             check: (r: ReturnType<typeof runRule>, expected: Exclude<X, 'none' | RegExp>) => void) {
  for (const c of cases) it(c.name, () => {
    const r = runRule(rule, c.text, { gpus: c.gpus });
    if (settled(r, c.expect)) return;
    expect(r.unable).toBeUndefined();
    check(r, c.expect as Exclude<X, 'none' | RegExp>);
  });
}

/** Seeded PRNG (mulberry32): the same values on every run, so a failure can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `cat /proc/cpuinfo` as pasted: its prompt, then the lines the CPU rules read (a `cpu family` line when given). */
export function cpuinfoPaste(vendor: 'GenuineIntel' | 'AuthenticAMD', model: string, flags: string, family?: string): string[] {
  return ['$ cat /proc/cpuinfo', 'processor\t: 0', `vendor_id\t: ${vendor}`, ...(family ? [`cpu family\t: ${family}`] : []), `model name\t: ${model}`, `flags\t\t: ${flags}`];
}
