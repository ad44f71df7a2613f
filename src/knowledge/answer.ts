// Answers a free-text question: the best knowledge document, the host's own facts, and the related findings to fix.
import type { Finding } from '../schema/finding';
import type { HostContext } from './host-facts';
import type { Knowledge, KnowledgeDoc } from './search';
import { MIN_SCORE, stripMarkdown } from './plain';
import { readmeSections, sectionParagraphs } from './readme-sections';

export interface Answer {
  matched: boolean;
  title?: string;
  /** Sentences about this host ("your GPU at 04:00.0 shares group 13 with …"). */
  hostFacts: string[];
  /** Explanation paragraphs. */
  body: string[];
  /**
   * Findings of this report the answer is about (1-based numbers as the chat shows them); for a question nothing
   * answered, the report's problems (errors and warnings, the first few).
   */
  findings: { n: number; finding: Finding }[];
  seeAlso: string[];
  docs: string[];
}

/**
 * The paragraphs of a rule README's sections whose heading matches `which` ("Why it matters", "The fix"; see
 * readme-sections.ts). A README not yet in that format falls back to paragraphs that start with such a label.
 */
export function readmeParagraphs(md: string, which: RegExp): string[] {
  if (readmeSections(md).length) return sectionParagraphs(md, which);
  return md
    .split(/\n\s*\n/)
    .map((p) => stripMarkdown(p).replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => which.test(p));
}

function bodyOf(doc: KnowledgeDoc, k: Knowledge): string[] {
  if (doc.kind === 'article') return [doc.summary, ...doc.body.split('\n')].filter(Boolean);
  const md = k.readme(doc.id, doc.lang);
  const paras = md ? readmeParagraphs(md, /^（Why it matters|(The )?fix\b|为什么重要|修复方法）/i) : [];
  return [doc.summary, ...paras].filter(Boolean);
}

/** At most this many of the host's problems are listed under a question nothing answered. */
const PROBLEMS_SHOWN = 5;

export function answerQuestion(question: string, k: Knowledge, ctx: HostContext | undefined): Answer {
  const hits = k.search(question, 4);
  const top = hits[0];
  if (!top || top.score < MIN_SCORE) {
    // "why is my gpu not working" matches no document, but the host's own problems are its likeliest answer.
    const problems: Answer['findings'] = [];
    ctx?.report.findings.forEach((f, i) => {
      if (f.severity !== 'info' && problems.length < PROBLEMS_SHOWN) problems.push({ n: i + 1, finding: f });
    });
    return { matched: false, hostFacts: [], body: [], findings: problems, seeAlso: [], docs: [] };
  }
  const doc = top.doc;
  const findings: Answer['findings'] = [];
  const hostFacts: string[] = [];
  if (ctx) {
    ctx.report.findings.forEach((f, i) => {
      if (doc.rules.includes(f.id)) findings.push({ n: i + 1, finding: f });
    });
    try {
      hostFacts.push(...(doc.facts?.(ctx) ?? []));
    } catch {
      // A fact helper must never break an answer.
    }
  }
  const seeAlso = hits
    .slice(1)
    .filter((h) => h.score >= Math.max(MIN_SCORE, top.score * 0.45) && h.doc.title !== doc.title && !(h.doc.kind === 'rule' && doc.rules.includes(h.doc.id)))
    .slice(0, 2)
    .map((h) => h.doc.title);
  return { matched: true, title: doc.title, hostFacts: [...new Set(hostFacts)], body: bodyOf(doc, k), findings, seeAlso, docs: doc.docs };
}

/** What to suggest when a question matched nothing. */
export const SUGGESTIONS = [
  'why is my GPU in the same IOMMU group as my SATA controller?',
  'is the ACS override safe?',
  'why do identical GPUs need driver_override?',
  'what is Code 43?',
  'how do I fix the AMD reset bug?',
  'what does iommu=pt do?',
];

/** The same in Chinese, for a Chinese session (the guide's readers' own questions). */
export const SUGGESTIONS_ZH = ['为什么我的显卡和 SATA 控制器在同一个 IOMMU 组？', 'ACS override 安全吗？', '两张相同型号的显卡怎么直通？', '如何屏蔽显卡驱动？', '如何启用 IOMMU?', 'iommu=pt 有什么用？'];
