// Unified diffs of small text files (configuration files), for dry runs and confirmations.
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  const a = before === undefined || before === '' ? [] : splitKeep(before);
  const b = splitKeep(after);
  const ops = diffLines(a, b);
  if (!ops.some((o) => o.t !== ' ')) return '';
  const out = [`--- ${before === undefined ? '/dev/null' : path}`, `+++ ${path}`];
  // Group into hunks with `context` lines around changes.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.t === ' ') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]!.t !== ' ') lastChange = end;
      else if (end - lastChange > context * 2) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, end);
    const aStart = ops.slice(0, start).filter((o) => o.t !== '+').length + 1;
    const bStart = ops.slice(0, start).filter((o) => o.t !== '-').length + 1;
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@`);
    for (const o of hunk) out.push(o.t + o.s);
    i = end;
    start = end;
  }
  return out.join('\n');
}

function splitKeep(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** LCS line diff; configuration files are small, so O(n·m) is fine. */
function diffLines(a: string[], b: string[]): { t: ' ' | '-' | '+'; s: string }[] {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const out: { t: ' ' | '-' | '+'; s: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ t: ' ', s: a[i]! });
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) out.push({ t: '-', s: a[i++]! });
    else out.push({ t: '+', s: b[j++]! });
  }
  while (i < n) out.push({ t: '-', s: a[i++]! });
  while (j < m) out.push({ t: '+', s: b[j++]! });
  return out;
}

/** A diff of a single changed line when only that line of the file is known. */
export function lineDiff(path: string, before: string, after: string): string {
  return [`--- ${path}`, `+++ ${path}`, '@@ (excerpt: only this line of the file was given) @@', `-${before}`, `+${after}`].join('\n');
}
