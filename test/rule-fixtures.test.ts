// Every rule has a pair of fixture pastes: fires.txt must produce its finding, clean.txt must not (beyond an info note).
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { RULES } from '../rules/index';
import { diagnose } from '../src/index';
import { fixture, fixturePath } from './harness';

describe('rule fixtures', () => {
  for (const { meta } of RULES)
    it(meta.id, () => {
      for (const f of ['fires.txt', 'clean.txt']) expect(existsSync(fixturePath(`rules/${meta.id}/${f}`)), `fixtures/rules/${meta.id}/${f}`).toBe(true);
      const fires = diagnose([{ source: 'pasted text', text: fixture(`rules/${meta.id}/fires.txt`) }]);
      expect(fires.findings.map((x) => x.id), 'fires.txt').toContain(meta.id);
      const clean = diagnose([{ source: 'pasted text', text: fixture(`rules/${meta.id}/clean.txt`) }]);
      // clean.txt is a healthy host or the benign variant: an explanatory rule may still say its note there.
      const left = clean.findings.filter((x) => x.id === meta.id && (meta.severity !== 'info' || x.severity !== 'info'));
      expect(left.map((x) => `${x.id}:${x.severity}`), 'clean.txt').toEqual([]);
    });
});
