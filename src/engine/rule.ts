// What a rule is: metadata (a public contract) and a check over the host model that returns findings.
import type { Severity } from '../schema/finding';
import type { Evidence } from '../schema/evidence';
import type { Fix } from '../schema/fix';
import type { Host } from '../facts/host';

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
}

export interface FindingDraft {
  message: string;
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
