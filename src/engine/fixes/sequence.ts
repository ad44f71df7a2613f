// Diffs of a fix's edits as they happen in order: a second edit of the same file is shown against the first's result.
import type { Fix } from '../../schema/fix';
import type { Facts } from '../../schema/facts';
import { applyOp } from '../edit-ops';
import { unifiedDiff } from '../diff';
import { fullFile } from './file-steps';

export function sequenceDiffs(facts: Facts, fix: Fix): Fix {
  const current = new Map<string, string | undefined>();
  const known = (path: string) => current.has(path) || fullFile(facts, path) !== undefined;
  const steps = fix.steps.map((st) => {
    if (st.kind !== 'edit' || !st.op) return st;
    if (!known(st.path)) return st; // only an excerpt of the file is known: keep the step's own diff
    const before = current.has(st.path) ? current.get(st.path) : fullFile(facts, st.path)?.content;
    const after = applyOp(before, st.op, st.path);
    current.set(st.path, after);
    const diff = unifiedDiff(st.path, before, after);
    return diff ? { ...st, diff, noop: undefined } : { ...st, diff: undefined, noop: true };
  });
  return { ...fix, steps };
}
