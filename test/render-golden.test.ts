// Golden renders of whole findings and fixes in every output (text, Markdown, the chat's finding/why/fix views) for a
// few fixture hosts: one presentation model feeds all three, so a wording or layout change shows up here, per output.
//
// Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/render-golden.test.ts` and read every diff before committing.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../src/index';
import { renderText } from '../src/render/text';
import { renderMarkdown } from '../src/render/markdown';
import { findingCard, whyLines } from '../src/ui/views/findings';
import { fixPlanLines } from '../src/ui/views/fix';
import { lineText } from '../src/ui/lines';

const PASTES = fileURLToPath(new URL('../fixtures/pastes/', import.meta.url));
const OUT = fileURLToPath(new URL('../fixtures/render/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NOW = new Date('2026-01-01T00:00:00Z');

// Chosen for their step kinds: no-op edits and diffs (grub-not-regenerated), edits without a diff and many commands
// (libvirt-vfio-not-supported), manual steps and identical GPUs (pop-identical-rx580), firmware-only fixes with
// expectations (amd-firmware-iommu-off), new files and long diffs (turing-2080-usbc).
const CASES = ['grub-not-regenerated', 'libvirt-vfio-not-supported', 'pop-identical-rx580', 'amd-firmware-iommu-off', 'turing-2080-usbc'];

function report(name: string) {
  const exp = JSON.parse(readFileSync(`${PASTES}${name}.expect.json`, 'utf8')) as { gpu?: string[] };
  return diagnose([{ source: 'pasted text', text: readFileSync(`${PASTES}${name}.txt`, 'utf8') }], { gpus: exp.gpu ?? [], live: false, now: NOW });
}

/** The chat's views of every finding: its card, its "why" and every fix variant, at a chat-like width. */
function chat(name: string): string {
  const r = report(name);
  const out: string[] = [];
  r.findings.forEach((f, i) => {
    const n = i + 1;
    out.push(`--- card ${n}`, ...findingCard(f, n, r, 80).map(lineText));
    out.push(`--- why ${n}`, ...whyLines(f, n, r, 80, []).map(lineText));
    f.fixes.forEach((_, v) => out.push(`--- fix ${n}.${v + 1}`, ...fixPlanLines(f, n, v, 80).map(lineText)));
  });
  return `${out.join('\n')}\n`;
}

const OUTPUTS: [string, (name: string) => string][] = [
  ['text.txt', (n) => renderText(report(n), { color: false, width: 100, allFixes: true })],
  ['narrow.txt', (n) => renderText(report(n), { color: false, width: 60 })],
  // Colour codes shown as ⎋ so the golden is readable: wrapping must not count them as width.
  ['color.txt', (n) => renderText(report(n), { color: true, width: 80 }).replace(/\x1b/g, '⎋')],
  ['md', (n) => renderMarkdown(report(n))],
  ['chat.txt', chat],
];

describe.each(CASES)('rendered %s', (name) => {
  it.each(OUTPUTS.map(([ext]) => ext))('as %s matches its golden', (ext) => {
    const file = `${OUT}${name}.${ext}`;
    const got = OUTPUTS.find(([e]) => e === ext)![1](name);
    if (UPDATE) writeFileSync(file, got);
    expect(existsSync(file), `no ${name}.${ext}: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(got).toBe(readFileSync(file, 'utf8'));
  });
});
