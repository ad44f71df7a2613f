// sniff() carries what the kernel log's shape test stripped on the block; parse() reads the same either way.
import { describe, it, expect } from 'vitest';
import { sniff } from '../../src/parse/detect';
import { kernelLogParser } from '../../src/parse/kernel-log';
import { FactsBuilder } from '../../src/facts/builder';

const LOG = [
  '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-115) #45-Ubuntu SMP',
  '[    0.412345] DMAR: IOMMU enabled',
  'Dec 06 10:00:01 host kernel: vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
  'Dec 06 10:00:02 host kernel: amdgpu 0000:0b:00.0: amdgpu: SMU is initialized successfully!',
  'not a log line at all',
  '[    1.000000] pci 0000:00:01.0: Adding to iommu group 1',
].join('\n');

describe('pre-stripped kernel log lines on the block', () => {
  it('a kernel log block carries one entry per line its shape test read', () => {
    const sn = sniff(LOG, 'pasted text');
    const logs = sn.blocks.filter((b) => b.kind === 'kernel-log');
    expect(logs.length).toBeGreaterThan(0);
    // The shape test read the stamped lines: their stripped messages are on the block, not re-read in parse().
    const read = logs.flatMap((b) => b.stripped!.filter((s) => s));
    expect(read.map((s) => s!.message)).toEqual(expect.arrayContaining(['DMAR: IOMMU enabled', 'vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)']));
    for (const b of logs) {
      expect(b.stripped).toBeDefined();
      b.lines.forEach((l, i) => {
        const s = b.stripped![i];
        if (s) expect(l.text).toContain(s.message.slice(0, 20));
      });
    }
    // Only kernel log blocks carry it.
    for (const b of sn.blocks.filter((b) => b.kind !== 'kernel-log')) expect(b.stripped).toBeUndefined();
  });

  it('parse() gives the same facts with the block\'s entries as when it strips every line itself', () => {
    const block = sniff(LOG, 'pasted text').blocks.find((b) => b.kind === 'kernel-log')!;
    const withPre = new FactsBuilder();
    const without = new FactsBuilder();
    const badWith = kernelLogParser.parse(block.lines, withPre, block.source, block.stripped);
    const badWithout = kernelLogParser.parse(block.lines, without, block.source);
    expect(badWith).toEqual(badWithout);
    expect(withPre.finish()).toEqual(without.finish());
  });

  it('two sniffs in turn do not share what they read (no module state between them)', () => {
    const a = sniff(LOG, 'a');
    sniff('[    2.000000] DMAR: DRHD: handling fault status reg 2', 'b');
    const again = sniff(LOG, 'a');
    expect(a.blocks.map((b) => b.stripped)).toEqual(again.blocks.map((b) => b.stripped));
  });
});
