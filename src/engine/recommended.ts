// The fix a finding leads with: the one marked recommended, else the first. Import-free so every layer can share it.

/** Position of the fix to lead with (0 when none is marked, including when there are no fixes). */
export function recommendedIndex(f: { fixes: readonly { recommended?: boolean }[] }): number {
  const i = f.fixes.findIndex((x) => x.recommended);
  return i >= 0 ? i : 0;
}

/** The fix to lead with, or undefined when the finding has none. */
export function recommendedFix<F extends { recommended?: boolean }>(f: { fixes: readonly F[] }): F | undefined {
  return f.fixes.find((x) => x.recommended) ?? f.fixes[0];
}
