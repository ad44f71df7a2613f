// The Markdown export read back by a real CommonMark parser (markdown-it, with GFM tables as forums render them):
// headings, paragraphs, lists, tables and fences come out as the renderer meant them.
import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/index';
import { renderMarkdown } from '../../src/render/markdown';
import { recommendedFix } from '../../src/engine/recommended';

const DIR = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const pastes = readdirSync(DIR).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'));
const md = new MarkdownIt({ html: true });

function reportOf(name: string) {
  const exp = JSON.parse(readFileSync(DIR + name.replace(/\.txt$/, '.expect.json'), 'utf8')) as { gpu?: string[] };
  return diagnose([{ source: 'pasted text', text: readFileSync(DIR + name, 'utf8') }], { gpus: exp.gpu ?? [], live: false });
}

/** The inline text of the token after each opening token of `type` (a heading's or paragraph's words). */
const texts = (tokens: Token[], type: string, tag?: string) => tokens.flatMap((t, i) => (t.type === type && (!tag || t.tag === tag) ? [tokens[i + 1]!.content] : []));

describe('the Markdown export is valid CommonMark', () => {
  for (const name of pastes) {
    it(name, () => {
      const r = reportOf(name);
      const tokens = md.parse(renderMarkdown(r), {});
      // One title, one level-3 heading per finding naming its rule.
      expect(texts(tokens, 'heading_open', 'h2')).toEqual(['vfio-doctor report']);
      const h3 = texts(tokens, 'heading_open', 'h3');
      expect(h3.length).toBe(r.findings.length);
      r.findings.forEach((f, i) => expect(h3[i]).toContain(`\`${f.id}\``));
      // The host line and the target line are two paragraphs, not one run-on line.
      const paras = texts(tokens, 'paragraph_open');
      const host = paras.find((p) => p.startsWith('**Host:**'))!;
      expect(host).toBeDefined();
      expect(host).not.toContain('Passthrough target');
      // No stray emphasis from a * or _ in host text (the export only ever uses ** and backticks), and no fence
      // left open or run into prose.
      expect(tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []).filter((c) => c.type === 'em_open')).toEqual([]);
      for (const p of paras) expect(p).not.toContain('```');
      // Words like <hostdev> or <driver> in prose stay text: the only inline HTML is the footer's <sub>.
      const html = tokens.flatMap((t) => t.children ?? []).filter((c) => c.type === 'html_inline').map((c) => c.content);
      expect(html.filter((h) => !/^<\/?sub>$/.test(h))).toEqual([]);
      const fences = tokens.filter((t) => t.type === 'fence');
      for (const f of fences.filter((x) => x.info === 'diff')) for (const l of f.content.trimEnd().split('\n')) expect(l).toMatch(/^([-+ @\\]|\(.*\)$|$)/); // "(append, if not already there)" notes an append
      // The summary table has one row per finding.
      if (r.findings.length) expect(tokens.filter((t) => t.type === 'tr_open').length).toBe(r.findings.length + 1);
      // Each recommended fix's steps are one ordered list with one item per step.
      const lists = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.type === 'ordered_list_open' && t.level === 0);
      const items = lists.map(({ i }) => {
        let n = 0;
        for (let j = i + 1; j < tokens.length && tokens[j]!.type !== 'ordered_list_close'; j++) if (tokens[j]!.type === 'list_item_open' && tokens[j]!.level === 1) n++;
        return n;
      });
      for (const f of r.findings) {
        const rec = recommendedFix(f);
        if (rec) expect(items).toContain(rec.steps.length);
      }
    });
  }

  it('keeps verbatim lines of a step (libvirt XML) in a fence inside its list item', () => {
    const tokens = md.parse(renderMarkdown(reportOf('libvirt-vm-gpu-only.txt')), {});
    const xml = tokens.find((t) => t.type === 'fence' && t.content.includes("<hostdev mode='subsystem'"));
    expect(xml).toBeDefined();
    expect(xml!.level).toBeGreaterThan(0);
  });
});
