// Did-you-mean for commands, options, rule ids and devices: the closest known word when a typo is likely.
import { tr } from '../i18n/lang';

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
  return m ? tr(` (did you mean "${m}"?)`, `（你是想输入 "${m}" 吗？）`) : '';
};

