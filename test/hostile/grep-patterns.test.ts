// A grep pattern in a paste is the user's text: compiled as is it could hang the run, and read without its flags it
// could claim lines were shown that grep would not have shown.
import { describe, it, expect } from 'vitest';
import { diagnose } from '../../src/index';
import { linearEnough } from '../../src/parse/grep-regex';
import { grepFilterOf, grepShows } from '../../src/parse/log-scope';
import { grepPattern, moduleListCovers } from '../../src/parse/modules';

const BOOT = ['[    0.000000] Linux version 6.1.0 (gcc) #1 SMP', '[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1', '[    0.100000] DMAR: Host address width 39'];

describe('grep patterns from a paste', () => {
  it.each([
    ['iommu', true],
    ['DMAR|IOMMU|AMD-Vi', true],
    ['iommu.*enabled', true],
    ['[0-9a-f]{2}:00\\.0', true],
    ['(?<![\\w])(?:kvm)(?![\\w])', true],
    ['(.*.*)*Z', false],
    ['(a+)+$', false],
    ['(x|xy){9}', false],
    ['(a)\\1', false],
    ['.*.*.*.*.*.*Z', false],
    ['a?'.repeat(30) + 'a'.repeat(30), false],
    ['x'.repeat(300), false],
  ])('%s is run only when it cannot backtrack without bound: %s', (src, ok) => {
    expect(linearEnough(src)).toBe(ok);
  });

  it('an exponential grep pattern above a boot log does not hang the run (took 90 s)', () => {
    const r = diagnose([{ source: 'pasted text', text: ["$ dmesg | grep -E '(.*.*)*Z|Linux|0'", ...BOOT].join('\n') }]);
    expect(r.host.iommu).not.toBe('off');
  }, 20_000);

  it('a plain grep is still read: it would have shown the group lines', () => {
    const g = grepFilterOf('dmesg | grep -i -e DMAR -e IOMMU')!;
    expect(grepShows(g, '[    0.9] pci 0000:00:00.0: Adding to iommu group 0')).toBe(true);
    expect(grepFilterOf("dmesg | grep -E '(a+)+$'")).toBeUndefined();
  });

  it.each([
    ['lsmod | grep kvm', 'kvm'],
    ['lsmod | grep -i kvm', 'kvm'],
    ['lsmod | grep -E "kvm|vfio"', 'kvm|vfio'],
    ['lsmod | grep -w kvm', undefined],
    ['lsmod | grep -v kvm', undefined],
    ['lsmod | grep -c kvm', undefined],
  ])('%s filters the module list by %s', (cmd, pat) => {
    expect(grepPattern(cmd)).toBe(pat);
  });

  it('`lsmod | grep -w kvm` without kvm_intel is not read as "no kvm_intel" (it would not have shown it)', () => {
    const text = ['$ lsmod | grep -w kvm', 'kvm                  1146880  0', 'irqbypass              16384  1 kvm', '$ lspci -nnk', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)', '\tKernel driver in use: nvidia'].join('\n');
    const r = diagnose([{ source: 'pasted text', text }]);
    expect(r.findings.map((f) => f.id)).not.toContain('kvm-unavailable');
    expect(moduleListCovers({ modulesLoadedComplete: false, modulesLoadedFilters: ['(.*.*)*Z'] }, 'kvm_intel')).toBe(false);
  });

  it('hundreds of GPUs named only in log lines are not each run through every rule', () => {
    const lines = ['$ dmesg'];
    for (let i = 0; i < 500; i++) lines.push(`[    5.1] NVRM: GPU at PCI:0000:${(i % 256).toString(16).padStart(2, '0')}:${(i >> 8).toString(16).padStart(2, '0')}.0: GPU-${i}`);
    const r = diagnose([{ source: 'pasted text', text: lines.join('\n') }]);
    expect(r.targets.perCandidate).toBeFalsy();
    expect(r.targets.gpus).toHaveLength(1);
    expect(r.targets.reason).toMatch(/pass --gpu/);
  }, 30_000);
});

describe('VM definitions scanned for intent', () => {
  it("40 KB of \"<hostdev type='pci' \" without a \">\" does not stall the intent scan (took 76 s)", () => {
    const text = `$ lspci -nn\n01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [10de:1b80] (rev a1)\n\n${"<hostdev type='pci' ".repeat(50_000)}\n`;
    expect(() => diagnose([{ source: 'pasted text', text }])).not.toThrow();
  }, 20_000);
});
