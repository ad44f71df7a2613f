// The short text report: a small paste's findings and its "could not check" block fit one 80x24 screen.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/index';
import { renderText } from '../../src/render/text';
import { leadSentences } from '../../src/render/finding-blocks';

const DIR = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const pastes = readdirSync(DIR).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'));

function reportOf(name: string) {
  const text = readFileSync(DIR + name, 'utf8');
  const exp = JSON.parse(readFileSync(DIR + name.replace(/\.txt$/, '.expect.json'), 'utf8')) as { gpu?: string[] };
  return diagnose([{ source: 'pasted text', text }], { gpus: exp.gpu ?? [], live: false, source: { kind: 'bundle', path: `fixtures/pastes/${name}` }, now: new Date('2026-01-01T00:00:00Z') });
}

/** The lines from the first finding heading to the end of the "could not check" block. */
function answerLines(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => /^[✖▲ℹ] /.test(l));
  const unable = lines.findIndex((l) => /^Could not check|^Every rule that can apply/.test(l));
  let end = unable;
  while (end + 1 < lines.length && lines[end + 1]!.startsWith('  ')) end++;
  return lines.slice(start, end + 1);
}

describe('one-screen text report', () => {
  const small = pastes.filter((p) => { const n = reportOf(p).findings.length; return n >= 1 && n <= 2; });
  it('has small pastes to measure', () => expect(small.length).toBeGreaterThanOrEqual(4));
  for (const p of small) {
    it(`${p}: findings and the could-not-check block fit 24 lines of 80 columns`, () => {
      const out = renderText(reportOf(p), { width: 80 });
      const lines = answerLines(out);
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.length).toBeLessThanOrEqual(24);
      // Commands are never wrapped, everything else fits the width.
      for (const l of out.split('\n')) if (!l.trimStart().startsWith('$ ')) expect(l.length).toBeLessThanOrEqual(80);
    });
  }

  it('names each recommended fix with the command that shows its plan, and the full form keeps the plan', () => {
    const r = reportOf('iommu-off-cmdline.txt');
    const short = renderText(r, { width: 80 });
    expect(short).toContain('$ vfio-doctor fix iommu-disabled-by-cmdline/grub --bundle fixtures/pastes/iommu-off-cmdline.txt');
    expect(short).not.toContain('+++ /etc/default/grub');
    expect(short).toContain('--verbose shows whole explanations');
    for (const full of [renderText(r, { width: 80, verbose: true }), renderText(r, { width: 80, allFixes: true })]) {
      expect(full).toContain('+++ /etc/default/grub');
      expect(full).toContain('intel_iommu=igfx_off');
      expect(full).not.toContain('Shortened:');
    }
  });

  it('keeps whole sentences, never ending one at an abbreviation or an address', () => {
    expect(leadSentences('A is off, e.g. on 0000:01:00.0. It matters. More here.', 50)).toBe('A is off, e.g. on 0000:01:00.0. It matters.');
    expect(leadSentences('One very long first sentence that is longer than the limit. Two.', 10)).toBe('One very long first sentence that is longer than the limit.');
  });
});
