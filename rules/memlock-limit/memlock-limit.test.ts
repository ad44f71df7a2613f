// Table-driven tests for memlock-limit (I2): the vfio_pin_pages_remote RLIMIT_MEMLOCK warning.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: string[] | 'none' | RegExp }[] = [
  { name: 'hand-started QEMU, 64 KiB limit (fixture)', text: fixture('rules/memlock-limit/fires.txt'), expect: ['65536 bytes (64 KiB)', 'pins all guest RAM'] },
  { name: 'the single line without timestamp', text: paste('vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded'), expect: ['65536 bytes'] },
  { name: 'journalctl form, 8 MiB limit', text: paste('Jun 03 21:14:09 fedora kernel: vfio_pin_pages_remote: RLIMIT_MEMLOCK (8388608) exceeded'), expect: ['8 MiB'] },
  // Must not fire.
  { name: 'a normal vfio log (fixture)', text: fixture('rules/memlock-limit/clean.txt'), expect: 'none' },
  // Unable.
  { name: 'no kernel log', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no kernel log/ },
];

describe('memlock-limit', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('error');
    for (const t of expected) expect(f.message).toContain(t);
    expect(f.fixes[0]!.id).toBe('memlock-limit/limits');
    expect(JSON.stringify(f.fixes[0]!.steps)).toContain('memlock unlimited');
  });
});
