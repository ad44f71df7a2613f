// Table-driven tests for vm-looking-glass-shmem-small, and the Looking Glass size formula against its documented examples.
import { describe, it, expect } from 'vitest';
import { rule, lookingGlassMiB } from './index';
import { ruleCases } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const cases: { name: string; text: string; expect: { size: number } | 'none' | RegExp }[] = [
  { name: '16 MiB', text: domainPaste({ shmemMiB: 16 }), expect: { size: 16 } },
  { name: '4 MiB', text: domainPaste({ shmemMiB: 4 }), expect: { size: 4 } },
  // Must not fire.
  { name: '32 MiB (1080p)', text: domainPaste({ shmemMiB: 32 }), expect: 'none' },
  { name: '128 MiB', text: domainPaste({ shmemMiB: 128 }), expect: 'none' },
  { name: 'no shmem', text: domainPaste(), expect: 'none' },
  { name: 'a size without unit is bytes: 16777216', text: domainPaste().replace('  <devices>', "  <devices>\n    <shmem name='looking-glass'>\n      <size>16777216</size>\n    </shmem>"), expect: { size: 16 } },
  { name: 'a size without unit: 33554432 bytes is 32 MiB', text: domainPaste().replace('  <devices>', "  <devices>\n    <shmem name='looking-glass'>\n      <size>33554432</size>\n    </shmem>"), expect: 'none' },
  { name: 'another shmem name', text: domainPaste().replace('  <devices>', "  <devices>\n    <shmem name='scream'>\n      <size unit='M'>2</size>\n    </shmem>"), expect: 'none' },
];

describe('vm-looking-glass-shmem-small', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('info');
    expect((r.messages[0]! as { data: { size: number } }).data.size).toBe(e.size);
    expect(r.findings[0]!.evidence[0]!.text).toMatch(/<shmem name='looking-glass'>/);
  });

  it('the formula: 1080p 32 MiB (the docs’ example), 1440p 64, 4K 128, 1200p 32', () => {
    expect([lookingGlassMiB(1920, 1080), lookingGlassMiB(2560, 1440), lookingGlassMiB(3840, 2160), lookingGlassMiB(1920, 1200)]).toEqual([32, 64, 128, 32]);
  });

});
