// The chat's knowledge search: fuse.js over rule titles, keywords, summaries and READMEs plus the articles, in English
// and in Chinese (a question with Chinese characters searches the Chinese texts, by character pairs).
import Fuse from 'fuse.js';
import type { RuleMeta } from '../engine/rule';
import { ARTICLES, type Article } from './articles';
import { ARTICLES_ZH, type ArticleZh } from './articles-zh';
import { CJK_RUN, hasCjk } from '../i18n/space';
import type { Lang } from '../i18n/lang';
import * as F from './host-facts';
import { stripMarkdown } from './plain';
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
  /** The language of title, summary and body. */
  lang: Lang;
}

export interface Hit {
  doc: KnowledgeDoc;
  score: number;
}

export interface Knowledge {
  /** The English documents (the Chinese ones are searched for questions in Chinese). */
  docs: readonly KnowledgeDoc[];
  /** Searches the Chinese texts when the query has Chinese characters (or `lang` says so), else the English ones. */
  search(query: string, limit?: number, lang?: Lang): Hit[];
  /** A rule's README text in a language (English when no translation was loaded), when it was loaded. */
  readme(ruleId: string, lang?: Lang): string | undefined;
}

export interface KnowledgeInput {
  rules: readonly RuleMeta[];
  /** rule id → README.md text (bundled as text by esbuild; tests read the files). */
  ruleDocs?: Record<string, string>;
  /** rule id → README.zh.md text. */
  ruleDocsZh?: Record<string, string>;
  articles?: readonly Article[];
  articlesZh?: Readonly<Record<string, ArticleZh>>;
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

/** Character pairs that only make a question a question （为什么， 怎么， 如何， 我的 …）： they say nothing about the topic. */
const STOP_ZH = new Set(
  '为什 什么 怎么 怎样 如何 我的 你的 一个 一下 可以 需要 这个 那个 是否 还是 应该 时候 请问 能不 不能 吗 呢 的话 问题 出现 什么 是不 不是 有没 没有 哪些 哪个 这样 那样 为何 要怎 么办 么做 么弄 么样 么回 回事 一直 现在 已经 但是 所以 因为 如果 然后 之后 以后 里的 中的 上的 了吗 了怎 和我 我们 他们 自己 知道 告诉 一样 的是 是什 么是'.split(' '),
);

/** A Chinese question's search words: the pairs of characters of each Chinese run (no word breaks in Chinese), plus the Latin words. */
export function tokenizeZh(q: string): string[] {
  const out = tokenize(q.replace(CJK_RUN, ' '));
  for (const run of q.match(CJK_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) {
      const pair = run.slice(i, i + 2);
      if (!STOP_ZH.has(pair)) out.push(pair);
    }
  }
  return [...new Set(out)];
}

function phrases(q: string): string[] {
  const words = q.toLowerCase().split(/[^a-z0-9_.=:-]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

function docFromArticle(a: Article, zh?: ArticleZh): KnowledgeDoc {
  const t = zh ?? a;
  const [summary, ...rest] = t.body.split('\n');
  return {
    key: `article:${a.id}`,
    kind: 'article',
    id: a.id,
    title: t.title,
    // The Chinese keywords, and the English ones: Chinese questions mix in Latin terms (GPU, SATA, IOMMU).
    keywords: zh ? [...zh.keywords.map((k) => k.toLowerCase()), ...a.keywords] : a.keywords,
    summary: summary ?? '',
    body: rest.join('\n'),
    rules: a.rules ?? [],
    docs: [],
    facts: a.facts,
    lang: zh ? 'zh' : 'en',
  };
}

function docFromRule(m: RuleMeta, readme: string | undefined, zh?: boolean): KnowledgeDoc {
  const t = zh && m.zh ? m.zh : m;
  return {
    key: `rule:${m.id}`,
    kind: 'rule',
    id: m.id,
    title: t.title,
    keywords: [...(m.keywords ?? []), m.id.replace(/-/g, ' ')],
    summary: t.summary,
    body: readme ? stripMarkdown(readme) : '',
    rules: [m.id],
    docs: m.docs,
    facts: RULE_FACTS[m.id],
    lang: zh && m.zh ? 'zh' : 'en',
  };
}

export function createKnowledge(input: KnowledgeInput): Knowledge {
  const articles = input.articles ?? ARTICLES;
  const articlesZh = input.articlesZh ?? ARTICLES_ZH;
  const docs = [...articles.map((a) => docFromArticle(a)), ...input.rules.map((m) => docFromRule(m, input.ruleDocs?.[m.id]))];
  const en = searcher(docs, tokenize);
  // The Chinese index is built on the first Chinese question: most sessions never ask one, and building an index is
  // the chat's slowest step before its first frame.
  let zh: ReturnType<typeof searcher> | undefined;
  const zhSearch = () =>
    (zh ??= searcher(
      [...articles.map((a) => docFromArticle(a, articlesZh[a.id])), ...input.rules.map((m) => docFromRule(m, input.ruleDocsZh?.[m.id] ?? input.ruleDocs?.[m.id], true))],
      tokenizeZh,
    ));
  return {
    docs,
    search: (query, limit = 5, lang) => ((lang ?? (hasCjk(query) ? 'zh' : 'en')) === 'zh' ? zhSearch()(query, limit) : en(query, limit)),
    readme: (id, lang) => (lang === 'zh' ? input.ruleDocsZh?.[id] : undefined) ?? input.ruleDocs?.[id],
  };
}

/** One language's search over its documents. */
function searcher(docs: readonly KnowledgeDoc[], tokensOf: (q: string) => string[]): (query: string, limit: number) => Hit[] {
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

  return function search(query: string, limit: number): Hit[] {
    const total = new Map<KnowledgeDoc, number>();
    const add = (d: KnowledgeDoc, v: number) => total.set(d, (total.get(d) ?? 0) + v);
    // A document counts only when a word hit its title or keywords, or several words hit it at all.
    const head = new Set<KnowledgeDoc>();
    const words = new Map<KnowledgeDoc, number>();
    for (const t of tokensOf(query)) {
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
    // A Chinese keyword the question contains whole （"如何屏蔽显卡驱动" has 屏蔽显卡驱动）： the strongest sign of its topic.
    const q = query.toLowerCase().replace(/\s+/g, ' ');
    if (hasCjk(q)) {
      for (const d of docs)
        for (const k of d.keywords)
          if (hasCjk(k) && q.includes(k)) {
            head.add(d);
            add(d, 1 + [...k].length * 0.4);
          }
    }
    return [...total.entries()]
      .filter(([d]) => head.has(d) || (words.get(d) ?? 0) >= 2)
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || (a.doc.kind === 'article' ? -1 : 1))
      .slice(0, limit);
  };
}

export { stripMarkdown, MIN_SCORE } from './plain';
