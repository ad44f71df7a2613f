// The shipped demo host stays what it claims to be: the seed sysroot's bundle, with the same findings.
import { describe, it, expect } from 'vitest';
import { DEMO_BUNDLE } from '../src/demo/seed-bundle';
import { collectHost } from '../src/collect/index';
import { diagnose } from '../src/index';
import { fixturePath } from './harness';

describe('--demo bundle', () => {
  it('diagnoses like the seed sysroot it was collected from', async () => {
    const demo = diagnose([{ source: 'pasted text', text: DEMO_BUNDLE }]);
    const seed = diagnose(await collectHost({ root: fixturePath('sysroots/seed-identical-3090ti') }), { live: true });
    expect(demo.findings.map((f) => [f.id, f.severity, f.devices])).toEqual(seed.findings.map((f) => [f.id, f.severity, f.devices]));
    expect(demo.findings.map((f) => f.id)).toContain('identical-gpus-id-collision');
    expect(demo.unparsed.count).toBe(0);
  });
});
