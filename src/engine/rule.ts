// What a rule is: metadata (a public contract) and a check over the host model that returns findings.
import type { Severity } from '../schema/finding';
import type { Evidence } from '../schema/evidence';
import type { Fix } from '../schema/fix';
import type { Host } from '../facts/host';
import type { Requirement, InputKind } from './inputs';
import { INPUTS } from './inputs';
import { getLang } from '../i18n/lang';

export type Category = 'environment' | 'iommu' | 'interrupts' | 'groups' | 'binding' | 'boot-gpu' | 'reserved-regions' | 'reset-power' | 'resources' | 'config';

export interface RuleMeta {
  id: string;
  /** Catalogue entry in the knowledge base, e.g. "B2". */
  catalogue?: string;
  title: string;
  severity: Severity;
  category: Category;
  summary: string;
  docs: string[];
  /** Rule ids whose findings explain this one; when one fired, this finding points at it as its root cause. */
  consequenceOf?: string[];
  /** Only meaningful on the live host (or a sysroot), not on a paste. */
  liveOnly?: boolean;
  /** Words people use for this problem, for the chat's search. */
  keywords?: string[];
  /**
   * Declared rules (defineRule): the inputs without which finding nothing means nothing. When check() finds nothing
   * and one of these was not given, the engine reports "could not check" in the input's one wording (engine/inputs.ts).
   * Evidence found in other inputs still stands: a rule may fire on a QEMU error with no kernel log.
   */
  requires?: readonly Requirement[];
  /**
   * The kernel messages the rule reads: the log lane keeps every message these can match (src/parse/rule-log-reads.ts,
   * generated from the registry). A RegExp needs a literal prefix (text/log-literal.ts); a string is a literal the
   * message contains, "^…" one it starts with.
   */
  reads?: { log?: readonly (RegExp | string)[] };
  /** Message id → text; check() returns ids and data, the engine writes the text. */
  messages?: Readonly<Record<string, (data: never) => string>>;
  /** The Chinese title, summary and messages (same ids and data as `messages`); see src/i18n/README.md. */
  zh?: RuleZh<Readonly<Record<string, (data: never) => string>>>;
}

/** A rule's Chinese text: the same message ids with the same data as the English ones. */
export interface RuleZh<M> {
  title: string;
  summary: string;
  messages: M;
}

/** The rule's title in the run's language. */
export const titleOf = (meta: Pick<RuleMeta, 'title' | 'zh'>): string => (getLang() === 'zh' && meta.zh ? meta.zh.title : meta.title);
/** The rule's one-line summary in the run's language. */
export const summaryOf = (meta: Pick<RuleMeta, 'summary' | 'zh'>): string => (getLang() === 'zh' && meta.zh ? meta.zh.summary : meta.summary);

export interface FindingDraft {
  message: string;
  /** Declared rules: the message id and data the message was written from (tests assert these, not prose). */
  messageId?: string;
  data?: unknown;
  evidence: Evidence[];
  fixes?: Fix[];
  severity?: Severity;
  title?: string;
  devices?: string[];
}

/** A rule found nothing, found problems, or could not tell. */
export type RuleResult = FindingDraft[] | { unable: string };

export interface Rule {
  meta: RuleMeta;
  check(host: Host): RuleResult;
}

export const unable = (reason: string): { unable: string } => ({ unable: reason });

// ---- Declared rules: ESLint's meta.messages + messageId is the model. ----

type Messages = Record<string, (data: any) => string>;
type DataOf<F> = F extends (data: infer D) => string ? (unknown extends D ? { data?: undefined } : { data: D }) : never;

/** What a declared rule's check returns per finding: a message id and its data instead of prose. */
export type DraftOf<M extends Messages> = {
  [K in keyof M & string]: Omit<FindingDraft, 'message' | 'messageId' | 'data'> & { messageId: K } & DataOf<M[K]>;
}[keyof M & string];

export interface RuleContext<M extends Messages> {
  /** "Could not check" for a reason only this rule knows, written from one of its messages. */
  unable<K extends keyof M & string>(messageId: K, ...data: Parameters<M[K]>): { unable: string };
  /** Whether an input kind was given. */
  given(kind: InputKind): boolean;
}

export interface DeclaredRule<M extends Messages> {
  meta: Omit<RuleMeta, 'messages' | 'zh'> & { messages: M; zh?: RuleZh<{ [K in keyof M]: NoInfer<M[K]> }> };
  check(host: Host, ctx: RuleContext<M>): DraftOf<M>[] | { unable: string };
}

/** A declared rule as the engine runs it: every draft's message written from meta.messages. */
export function defineRule<M extends Messages>(def: DeclaredRule<M>): Rule {
  const { messages, zh } = def.meta;
  return {
    meta: def.meta as RuleMeta,
    check(host) {
      // The run's language picks the text; ids and data are the same in both.
      const text: Messages = getLang() === 'zh' && zh ? zh.messages : messages;
      const ctx: RuleContext<M> = {
        unable: (id, ...data) => unable(text[id]!(data[0])),
        given: (kind) => INPUTS[kind].given(host),
      };
      const r = def.check(host, ctx);
      if (!Array.isArray(r)) return r;
      return r.map((d) => ({ ...d, message: text[d.messageId]!(d.data) }));
    },
  };
}
