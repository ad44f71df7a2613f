// Checking --gpu, --only and --ignore against what exists: a typo must be a usage error, not "No problems found".
import type { Args } from './args';
import { UsageError } from './args';
import type { Host } from '../facts/host';
import { normalizeBdf, shortBdf } from '../parse/bdf';
import { RULES } from '../../rules/index';

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours: "analzye"). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** The closest candidate when it is close enough to be a typo (a third of the word), or a unique one it starts. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dd = distance(w, c.toLowerCase());
    if (dd < bestD) [best, bestD] = [c, dd];
  }
  if (best !== undefined && bestD <= Math.max(1, Math.floor(w.length / 3))) return best;
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase()));
  return w.length >= 3 && prefixed.length === 1 ? prefixed[0] : undefined;
}

export const suggest = (word: string, candidates: readonly string[]) => {
  const m = didYouMean(word, candidates);
  return m ? ` (did you mean "${m}"?)` : '';
};

/** --only and --ignore name rules: each must be one (vfio-doctor rules lists them). */
export function checkRuleIds(args: Pick<Args, 'only' | 'ignore'>): void {
  const ids = RULES.map((r) => r.meta.id);
  for (const [flag, list] of [['--only', args.only], ['--ignore', args.ignore]] as const)
    for (const id of list) if (!ids.includes(id)) throw new UsageError(`${flag} ${id}: no such rule${suggest(id, ids)}; vfio-doctor rules lists them`);
}

/**
 * --gpu must name a device of the input. Only checked when the input lists PCI devices: without a device list the
 * device is unknown, not absent. A value that is not a PCI address at all is always an error.
 */
export function checkGpus(args: Pick<Args, 'gpus'>, host: Pick<Host, 'facts'>): void {
  const known = host.facts.pci.map((d) => d.bdf);
  for (const g of args.gpus) {
    const bdf = normalizeBdf(g) ?? normalizeBdf(`${g}.0`);
    if (!bdf) throw new UsageError(`--gpu ${g} is not a PCI address (like 01:00.0; lspci lists them)`);
    if (known.length && !known.includes(bdf)) {
      const names = known.map(shortBdf);
      throw new UsageError(`--gpu ${g}: no device at ${shortBdf(bdf)} in the input${suggest(shortBdf(bdf), names)}`);
    }
  }
}
