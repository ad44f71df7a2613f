// The one format of a rule README (rules/<id>/README.md): a title, then `## ` sections; the chat reads them by name.
import { stripMarkdown } from './plain';

/** Every rule README has these, in this order (test/registry.test.ts checks it for every rule folder). */
export const REQUIRED_SECTIONS = ['Why it matters', 'How it is detected', 'The fix', 'When it does not apply'] as const;
/** The same four sections of a Chinese README (rules/<id>/README.zh.md), same order. */
export const REQUIRED_SECTIONS_ZH = ['为什么重要', '如何检测', '修复方法', '何时不适用'] as const;
/** Sections a README may add after the required ones. */
export const OPTIONAL_SECTIONS = ['Messages matched', 'Verified in source', 'Verified', 'Not verified', 'Relation', 'Sources', 'Threads'] as const;

export interface ReadmeSection {
  heading: string;
  body: string;
}

/** The `## ` sections of a README in order (a `## ` line inside a code fence is not a heading). */
export function readmeSections(md: string): ReadmeSection[] {
  const out: ReadmeSection[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (!fence || (f[0] === fence[0] && f.length >= fence.length))) fence = fence ? undefined : f;
    const h = fence || f ? undefined : /^## (.+?)\s*$/.exec(line);
    if (h) out.push({ heading: h[1]!, body: '' });
    else if (out.length) out[out.length - 1]!.body += `${line}\n`;
  }
  return out.map((s) => ({ ...s, body: s.body.trim() }));
}

/**
 * The paragraphs of the sections whose heading matches `which`, as plain text, the first of each led by its heading
 * ("The fix: Remove it…").
 */
export function sectionParagraphs(md: string, which: RegExp): string[] {
  return readmeSections(md)
    .filter((s) => which.test(s.heading))
    .flatMap((s) =>
      s.body
        .split(/\n\s*\n/)
        .map((p) => stripMarkdown(p).replace(/\s*\n\s*/g, ' ').trim())
        .filter(Boolean)
        .map((p, i) => (i === 0 ? `${s.heading}: ${p}` : p)),
    );
}
