// A rule that throws something other than an Error (null, a string) is one "could not check" line, not a crash.
import { it, expect } from 'vitest';
import { runRules } from '../../src/engine/run';
import type { Rule, RuleMeta } from '../../src/engine/rule';
import { hostFrom, paste } from '../harness';

const meta = (id: string): RuleMeta => ({ id, title: id, severity: 'error', category: 'iommu', summary: '', docs: [] });

it.each([
  [null, 'null'],
  ['a string', 'a string'],
  [new Error('two\nlines'), 'two lines'],
] as [unknown, string][])('a rule throwing %j', (thrown, said) => {
  const host = hostFrom(paste('BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=off'));
  const boom: Rule = {
    meta: meta('boom'),
    check: () => {
      throw thrown;
    },
  };
  expect(runRules([boom], host).unableToCheck).toEqual([{ id: 'boom', title: 'boom', reason: `internal error in this rule: ${said}` }]);
});
