// host.log(re) through first-character buckets answers exactly what filtering every message answers.
import { describe, it, expect } from 'vitest';
import { anchoredFirst, logSearch } from '../../src/facts/log-index';
import { parseSources } from '../../src/facts/from-sources';
import { readdirSync } from 'node:fs';
import { fixture, fixturePath } from '../harness';
import type { LogLine } from '../../src/schema/facts';

describe('anchoredFirst', () => {
  it('names the first character only when every match must start with it', () => {
    expect(anchoredFirst(/^NVRM: probe/)).toBe('N');
    expect(anchoredFirst(/^\[drm\] Initialized/)).toBe('[');
    expect(anchoredFirst(/^vfio_pci: add \[|^vfio-pci \S+: /)).toBeUndefined(); // the second branch is not anchored
    expect(anchoredFirst(/^(?:x86\/cpu: )?VMX/)).toBeUndefined();
    expect(anchoredFirst(/^a?b/)).toBeUndefined();
    expect(anchoredFirst(/^\d+ ms/)).toBeUndefined();
    expect(anchoredFirst(/^kvm: disabled/i)).toBeUndefined();
    expect(anchoredFirst(/^: x/i)).toBe(':');
    expect(anchoredFirst(/^AMD-Vi/g)).toBeUndefined();
    expect(anchoredFirst(/^AMD-Vi/m)).toBeUndefined();
    expect(anchoredFirst(/AMD-Vi/)).toBeUndefined();
    expect(anchoredFirst(/^(a|b)c/)).toBeUndefined();
    expect(anchoredFirst(/^x[|]y/)).toBe('x');
  });
});

describe('logSearch', () => {
  const logs: LogLine[] = [];
  // Every fixture paste's kernel messages, plus lines for the edges (empty, other case).
  for (const f of readdirSync(fixturePath('pastes')).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt')))
    logs.push(...parseSources([{ source: 'pasted text', text: fixture(`pastes/${f}`) }]).kernelLog);
  logs.push(...['', 'AMD-Vi: Interrupt remapping enabled', 'amd-vi lower', 'NVRM: x', '[drm] Initialized simpledrm', 'x86/cpu: VMX (outside TXT) disabled by BIOS'].map((message, i) => ({ message, evidence: { source: 't', line: i, text: message } })));
  const patterns = [/^AMD-Vi: /, /^amd-vi/i, /AMD-Vi/, /^NVRM: /, /^\[drm\] Initialized simpledrm|simple-framebuffer|^simpledrm/, /^(?:x86\/cpu: )?VMX/, /^$/, /^pci /, /^DMAR: /, /remapping/g, /^vfio-pci \S+: /];

  it('gives the same lines in the same order as a filter over all messages', () => {
    expect(logs.length).toBeGreaterThan(100);
    const search = logSearch(logs);
    for (const re of patterns) {
      re.lastIndex = 0;
      const want = logs.filter((l) => re.test(l.message));
      re.lastIndex = 0;
      expect(search(re), String(re)).toEqual(want);
    }
  });
});
