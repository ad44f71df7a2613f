// The chat's knowledge search: fuse.js over rule titles, keywords, summaries and READMEs plus the articles.
import Fuse from 'fuse.js';
import type { RuleMeta } from '../engine/rule';
import { ARTICLES, type Article } from './articles';
import * as F from './host-facts';
import type { FactsFn } from './host-facts';

export interface KnowledgeDoc {
  /** "rule:<rule-id>" or "article:<article-id>" */
  key: string;
  kind: 'rule' | 'article';
  id: string;
  title: string;
  keywords: string[];
  summary: string;
  body: string;
  /** Rule ids this document is about (a rule's own id, or the rules an article explains). */
  rules: string[];
  docs: string[];
  facts?: FactsFn;
}

export interface Hit {
  doc: KnowledgeDoc;
  score: number;
}

export interface Knowledge {
  docs: readonly KnowledgeDoc[];
  search(query: string, limit?: number): Hit[];
  /** A rule's README text, when it was loaded. */
  readme(ruleId: string): string | undefined;
}

export interface KnowledgeInput {
  rules: readonly RuleMeta[];
  /** rule id → README.md text (bundled as text by esbuild; tests read the files). */
  ruleDocs?: Record<string, string>;
  articles?: readonly Article[];
}

/** Host facts quoted when a rule's own document answers a question. */
const RULE_FACTS: Record<string, FactsFn> = {
  'group-not-isolated': F.groupFacts,
  'group-not-viable': F.groupFacts,
  'identical-gpus-id-collision': F.identicalFacts,
  'gpu-companion-functions': F.companionFacts,
  'gpu-bound-to-host-driver': F.lspciFacts,
  'iommu-groups-absent': (c) => [...F.vmFacts(c), ...F.iommuEnableFacts(c)],
  'iommu-firmware-disabled': F.iommuEnableFacts,
  'intel-iommu-not-enabled': F.iommuEnableFacts,
  'iommu-disabled-by-cmdline': F.iommuEnableFacts,
  'amd-iommu-on-noop': F.iommuEnableFacts,
  'acs-override-active': F.acsFacts,
};

/** Markdown → plain text good enough for searching and quoting. */
export function stripMarkdown(md: string): string {
  return md
    .replace(/^#+\s*/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s.,;:)]|$)/g, '$1$2')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

const STOP = new Set(
  'a an the is are was were be been am do does did i me my mine you your we our it its this that these those to of in on at for from by with as and or but not no so if then than why what how when where which who whom can could should would will shall may might must have has had get got need needs there here about tell explain please any some all just also into out up down over vs via does isn aren don doesn won cannot can\'t help mean means happen happens work working works use using used thing things like want wants know tell say said'.split(
    ' ',
  ),
);

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !/^[0-9a-f:.=_-]+$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Query words worth searching for: lower case, stop words dropped, plural s removed. */
export function tokenize(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/[^a-z0-9_.=:'-]+/)
    .map((w) => w.replace(/^['.:=-]+|['.:=-]+$/g, ''))
    .filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    if (STOP.has(w)) continue;
    if (w.length < 2 && !/\d/.test(w)) continue;
    out.push(stem(w));
  }
  return [...new Set(out)];
}

function phrases(q: string): string[] {
  const words = q.toLowerCase().split(/[^a-z0-9_.=:-]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

function docFromArticle(a: Article): KnowledgeDoc {
  const [summary, ...rest] = a.body.split('\n');
  return { key: `article:${a.id}`, kind: 'article', id: a.id, title: a.title, keywords: a.keywords, summary: summary ?? '', body: rest.join('\n'), rules: a.rules ?? [], docs: [], facts: a.facts };
}

function docFromRule(m: RuleMeta, readme: string | undefined): KnowledgeDoc {
  return {
    key: `rule:${m.id}`,
    kind: 'rule',
    id: m.id,
    title: m.title,
    keywords: [...(m.keywords ?? []), m.id.replace(/-/g, ' ')],
    summary: m.summary,
    body: readme ? stripMarkdown(readme) : '',
    rules: [m.id],
    docs: m.docs,
    facts: RULE_FACTS[m.id],
  };
}

export function createKnowledge(input: KnowledgeInput): Knowledge {
  const docs = [...(input.articles ?? ARTICLES).map(docFromArticle), ...input.rules.map((m) => docFromRule(m, input.ruleDocs?.[m.id]))];
  const keys = [
    { name: 'title', weight: 3 },
    { name: 'keywords', weight: 3 },
    { name: 'summary', weight: 2 },
    { name: 'body', weight: 1 },
  ];
  // Exact word hits anywhere; fuzzy (typos) only against the short fields, where a near miss is meaningful.
  const exact = new Fuse(docs, { keys, useExtendedSearch: true, ignoreLocation: true, includeScore: true, threshold: 0 });
  const fuzzy = new Fuse(docs, { keys: keys.slice(0, 2), ignoreLocation: true, includeScore: true, threshold: 0.25, minMatchCharLength: 3 });
  const n = docs.length;

  function search(query: string, limit = 5): Hit[] {
    const total = new Map<KnowledgeDoc, number>();
    const add = (d: KnowledgeDoc, v: number) => total.set(d, (total.get(d) ?? 0) + v);
    // A document counts only when a word hit its title or keywords, or several words hit it at all.
    const head = new Set<KnowledgeDoc>();
    const words = new Map<KnowledgeDoc, number>();
    for (const t of tokenize(query)) {
      let res = exact.search(`'${t}`);
      if (res.length === 0 && t.length >= 4 && !/\d/.test(t)) res = fuzzy.search(t);
      if (res.length === 0) continue;
      const idf = Math.log(1 + n / res.length);
      // Where a word starts: "group" finds "groups", "vm" does not find "kvm".
      const atWord = new RegExp(`(^|[^a-z0-9])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i');
      for (const r of res) {
        const d = r.item;
        // Where the word was found matters more than fuse's score for an exact hit.
        const inHead = atWord.test(d.title) || d.keywords.some((k) => atWord.test(k));
        const inSummary = atWord.test(d.summary);
        const strength = d.keywords.includes(t) ? 1.5 : inHead ? 1 : inSummary ? 0.6 : r.score !== undefined && r.score > 0.001 ? 0.5 * (1 - r.score) : 0.3;
        if (inHead) head.add(d);
        words.set(d, (words.get(d) ?? 0) + 1);
        add(d, strength * idf);
      }
    }
    for (const p of phrases(query)) {
      for (const d of docs)
        if (d.keywords.includes(p) || d.title.toLowerCase().includes(p)) {
          head.add(d);
          add(d, 1.5);
        }
    }
    return [...total.entries()]
      .filter(([d]) => head.has(d) || (words.get(d) ?? 0) >= 2)
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || (a.doc.kind === 'article' ? -1 : 1))
      .slice(0, limit);
  }

  return { docs, search, readme: (id) => input.ruleDocs?.[id] };
}

/** Below this a hit is noise (one weak, common word). */
export const MIN_SCORE = 1.2;
