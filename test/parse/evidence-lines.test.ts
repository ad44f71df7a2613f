// Evidence line numbers (issue 15 point 5): a line of a named section (a bundle's `=== /proc/cmdline ===`, a paste's
// `$ lspci -nnk`) is numbered within that section, so `/proc/cmdline:1` is line 1 of /proc/cmdline; a loose paste's
// lines keep the paste's numbers. Checked against the input itself, for every finding of several real inputs.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/index';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';
import { renderText } from '../../src/render/text';
import { stripControl } from '../../src/parse/line';
import type { Report } from '../../src/schema/report';

const norm = (s: string) => s.replace(/[\t`]+/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * Every finding's evidence line is where it says: for "pasted text" the paste's line `line`; for a named source, a
 * line `line` lines below one that names it (its marker, prompt, or the fence after the sentence naming it).
 */
function checkEvidence(r: Report, text: string): number {
  const all = text.split('\n').map(stripControl);
  let checked = 0;
  for (const f of r.findings) {
    for (const e of f.evidence) {
      if (e.line === undefined || e.source === 'host') continue;
      const want = norm(e.text).slice(0, 40);
      const at = (i: number) => all[i] !== undefined && norm(all[i]!).includes(want);
      if (e.source === 'pasted text') {
        expect(at(e.line - 1), `${f.id}: paste line ${e.line} is not "${e.text}"`).toBe(true);
      } else {
        const names = (i: number) => all[i] !== undefined && (all[i]!.includes(e.source) || /^\s*(?:```|~~~)/.test(all[i]!));
        const hit = all.some((_, p) => at(p) && names(p - e.line!));
        expect(hit, `${f.id}: ${e.source}:${e.line} is not "${e.text}"`).toBe(true);
      }
      checked++;
    }
  }
  return checked;
}

describe('evidence line numbers', () => {
  it('in a bundle, count within the section: the demo quotes /proc/cmdline:1, not the bundle line', () => {
    const r = diagnose([{ source: 'pasted text', text: DEMO_BUNDLE }], { live: false, source: { kind: 'bundle', path: 'demo' } });
    const cmd = r.findings.flatMap((f) => f.evidence).find((e) => e.source === '/proc/cmdline');
    expect(cmd).toMatchObject({ line: 1 });
    expect(checkEvidence(r, DEMO_BUNDLE)).toBeGreaterThan(3);
    // The JSON carries the same number (the contract {source, line?, text} is unchanged).
    expect(JSON.parse(JSON.stringify(r)).findings.flatMap((f: Report['findings'][number]) => f.evidence).find((e: { source: string }) => e.source === '/proc/cmdline').line).toBe(1);
    expect(renderText(r, { width: 100 })).toMatch(/Evidence: \/proc\/cmdline\n\s+1 │ /);
  });

  it('hold for real pastes and bundles: each cited line is where it says', () => {
    const dir = fileURLToPath(new URL('../../fixtures/real/', import.meta.url));
    let checked = 0;
    for (const c of readdirSync(dir).filter((d) => existsSync(`${dir}${d}/paste.txt`))) {
      const text = readFileSync(`${dir}${c}/paste.txt`, 'utf8');
      checked += checkEvidence(diagnose([{ source: 'pasted text', text }], { live: false }), text.replace(/\r\n?/g, '\n'));
    }
    const pastes = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
    for (const name of readdirSync(pastes).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'))) {
      const text = readFileSync(pastes + name, 'utf8');
      checked += checkEvidence(diagnose([{ source: 'pasted text', text }], { live: false }), text.replace(/\r\n?/g, '\n'));
    }
    expect(checked).toBeGreaterThan(50);
  });
});
