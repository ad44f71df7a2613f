// A long evidence line cut around the part that matters, not at its start: "…quiet splash vfio-pci.ids=10de:2203…".
import { displayWidth, fitPrefix, fitSuffix } from '../text/width';

/**
 * The words of a finding (title and message) that name something exact: ids, addresses, parameters, paths — a word
 * with a digit, `=`, `:`, `.`, `_` or `/` and at least 4 characters. Plain English words would match anywhere.
 */
export function focusTerms(...texts: string[]): string[] {
  const words = texts.join(' ').match(/[\w.:=/@-]+/g) ?? [];
  const exact = words.map((w) => w.replace(/^[.:=/-]+|[.:=/-]+$/g, '')).filter((w) => w.length >= 4 && /[\d=:._/]/.test(w));
  return [...new Set(exact)].sort((a, b) => b.length - a.length);
}

/**
 * `line` cut to `width` columns (… marks each cut). With no term in it, or when it fits, it is cut at the end as
 * before; otherwise the window starts a little before the earliest term in the line, so the term
 * and what follows it are shown.
 */
export function excerpt(line: string, width: number, terms: readonly string[] = []): string {
  if (displayWidth(line) <= width) return line;
  const w = Math.max(4, width);
  // The first place any term occurs: a line that starts with what it is about (an lspci address) keeps its start.
  const hits = terms.map((t) => line.indexOf(t)).filter((i) => i >= 0);
  const at = hits.length ? Math.min(...hits) : -1;
  // The term already shows in a cut at the end: keep the start (where the line says what it is).
  if (at < 0 || displayWidth(line.slice(0, at + Math.min(20, line.length - at))) <= w - 1) return `${fitPrefix(line, w - 1)}…`;
  const lead = Math.min(at, Math.floor(w / 4));
  const rest = line.slice(at - lead);
  return displayWidth(rest) <= w - 2 ? `…${fitSuffix(line, w - 1)}` : `…${fitPrefix(rest, w - 2)}…`;
}
