// The shipped demo host stays what it claims to be: the seed sysroot's bundle, with the same findings.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEMO_BUNDLE } from '../src/demo/seed-bundle';
import { collectHost } from '../src/collect/index';
import { diagnose } from '../src/index';
import { fixturePath } from './harness';

describe('--demo bundle', () => {
  it('diagnoses like the seed sysroot it was collected from', async () => {
    const demo = diagnose([{ source: 'pasted text', text: DEMO_BUNDLE }]);
    const collected = await collectHost({ root: fixturePath('sysroots/seed-identical-3090ti') });
    // The demo VM's definition: read by the collector where it collects VM definitions, added here where it does not yet.
    const domain = '/etc/libvirt/qemu/win11.xml';
    if (!collected.some((s) => /libvirt\/qemu\/.+\.xml$|dumpxml/.test(s.source))) collected.push({ source: domain, text: readFileSync(fixturePath(`sysroots/seed-identical-3090ti${domain}`), 'utf8') });
    const seed = diagnose(collected, { live: true });
    expect(demo.findings.map((f) => [f.id, f.severity, f.devices])).toEqual(seed.findings.map((f) => [f.id, f.severity, f.devices]));
    expect(demo.findings.map((f) => f.id)).toContain('identical-gpus-id-collision');
    // The VM side: the demo VM has the GPU's audio function on another guest slot, fixed through virsh define.
    const split = demo.findings.find((f) => f.id === 'vm-functions-split');
    expect(split?.fixes[0]?.steps[0]).toMatchObject({ kind: 'domain', op: { type: 'replace-hostdevs', bdfs: ['0000:01:00.0', '0000:01:00.1'] } });
    expect(demo.unparsed.count).toBe(0);
  });
});
