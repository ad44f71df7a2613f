// /proc/iomem, /proc/meminfo, hugepage sysfs counts and the DMI chassis: pasted, marked and collected shapes.
import { describe, expect, it } from 'vitest';
import { parse, lines } from './helpers';

const IOMEM = lines(
  '$ sudo cat /proc/iomem',
  '00000000-00000fff : Reserved',
  '00100000-09bfffff : System RAM',
  'c0000000-dfffffff : PCI Bus 0000:00',
  '  c0000000-d1ffffff : PCI Bus 0000:01',
  '    c0000000-cfffffff : 0000:01:00.0',
  '      c0000000-c07e8fff : BOOTFB',
  '    d0000000-d1ffffff : 0000:01:00.0',
  '  de000000-df0fffff : PCI Bus 0000:01',
  '    de000000-deffffff : 0000:01:00.0',
  '      de000000-deffffff : vfio-pci',
);

describe('/proc/iomem', () => {
  it('reads ranges with the names of the ranges around them', () => {
    const f = parse(IOMEM);
    expect(f.unparsed.count).toBe(0);
    expect(f.iomem).toHaveLength(10);
    const fb = f.iomem!.find((r) => r.name === 'BOOTFB')!;
    expect(fb).toMatchObject({ start: 'c0000000', end: 'c07e8fff', within: ['PCI Bus 0000:00', 'PCI Bus 0000:01', '0000:01:00.0'] });
    expect(fb.evidence).toMatchObject({ source: '/proc/iomem', line: 6 });
    expect(f.iomem!.find((r) => r.name === 'vfio-pci')!.within.at(-1)).toBe('0000:01:00.0');
  });

  it('keeps the nesting when read without root (every address zero)', () => {
    const f = parse(lines('$ grep -A3 "0000:01:00.0" /proc/iomem', '    00000000-00000000 : 0000:01:00.0', '      00000000-00000000 : efifb'));
    expect(f.iomem!.map((r) => [r.name, r.within])).toEqual([
      ['0000:01:00.0', []],
      ['efifb', ['0000:01:00.0']],
    ]);
  });

  it('is recognised without a prompt, and in a bundle section', () => {
    expect(parse(lines('  e0000000-efffffff : 0000:0b:00.0', '    e0000000-e02fffff : BOOTFB')).iomem).toHaveLength(2);
    expect(parse(lines('=== /proc/iomem ===', 'e0000000-efffffff : 0000:0b:00.0')).iomem).toHaveLength(1);
  });

  it('is undefined when not given', () => {
    expect(parse('BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n').iomem).toBeUndefined();
  });
});

describe('/proc/meminfo and hugepage counts', () => {
  it('reads the fields of /proc/meminfo', () => {
    const f = parse(lines('$ grep -i huge /proc/meminfo', 'AnonHugePages:         0 kB', 'HugePages_Total:       0', 'HugePages_Free:        0', 'HugePages_Rsvd:        0', 'HugePages_Surp:        0', 'Hugepagesize:    1048576 kB', 'Hugetlb:               0 kB'));
    expect(f.unparsed.count).toBe(0);
    expect(f.meminfo?.HugePages_Total?.value).toBe(0);
    expect(f.meminfo?.Hugepagesize).toMatchObject({ value: 1048576, unit: 'kB' });
  });

  it('recognises an unmarked /proc/meminfo', () => {
    const f = parse(lines('MemTotal:       65758432 kB', 'MemFree:        60123456 kB', 'HugePages_Total:      16'));
    expect(f.meminfo?.MemTotal?.value).toBe(65758432);
    expect(f.meminfo?.HugePages_Total?.value).toBe(16);
  });

  it('reads nr_hugepages per size from grep and from cat', () => {
    const g = parse(lines('$ grep . /sys/kernel/mm/hugepages/*/nr_hugepages', '/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages:4', '/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:0'));
    expect(g.hugepagesBySize?.['1048576']?.nr).toBe(4);
    expect(g.hugepagesBySize?.['2048']?.nr).toBe(0);
    const c = parse(lines('$ cat /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages', '16'));
    expect(c.hugepagesBySize?.['1048576']?.nr).toBe(16);
    expect(c.unparsed.count).toBe(0);
  });
});

describe('DMI chassis', () => {
  it.each<[string, string, number | undefined, string]>([
    ['cat chassis_type', lines('$ cat /sys/class/dmi/id/chassis_type', '10'), 10, 'laptop'],
    ['grep . chassis_type', lines('/sys/class/dmi/id/chassis_type:3'), 3, 'desktop'],
    ['bundle section', lines('=== /sys/class/dmi/id/chassis_type ===', '9'), 9, 'laptop'],
    ['hostnamectl', lines('$ hostnamectl', ' Static hostname: thinkpad', '         Chassis: laptop 💻', 'Operating System: Fedora Linux 41 (Workstation Edition)', '          Kernel: Linux 6.11.4-301.fc41.x86_64'), undefined, 'laptop'],
  ])('%s', (_n, text, type, kind) => {
    const f = parse(text);
    expect(f.chassis).toMatchObject({ kind });
    expect(f.chassis?.type).toBe(type);
    expect(f.unparsed.count).toBe(0);
  });
});

describe('collection reads them from a sysroot', () => {
  it('collects /proc/iomem, /proc/meminfo, hugepage counts and the chassis, and they parse back', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { collectHost } = await import('../../src/collect/index');
    const { parseSources } = await import('../../src/facts/from-sources');
    const { kindOfSource } = await import('../../src/parse/source-kind');
    const root = mkdtempSync(join(tmpdir(), 'vfd-mem-'));
    mkdirSync(join(root, 'proc'), { recursive: true });
    mkdirSync(join(root, 'sys/kernel/mm/hugepages/hugepages-1048576kB'), { recursive: true });
    mkdirSync(join(root, 'sys/class/dmi/id'), { recursive: true });
    writeFileSync(join(root, 'proc/iomem'), 'c0000000-cfffffff : 0000:01:00.0\n  c0000000-c07e8fff : BOOTFB\n');
    writeFileSync(join(root, 'proc/meminfo'), 'MemTotal:       65758432 kB\nHugePages_Total:       4\nHugepagesize:    1048576 kB\n');
    writeFileSync(join(root, 'sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages'), '4\n');
    writeFileSync(join(root, 'sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages'), '4\n');
    writeFileSync(join(root, 'sys/class/dmi/id/chassis_type'), '10\n');
    const sources = await collectHost({ root });
    for (const s of sources) expect([s.source, kindOfSource(s.source)]).toEqual([s.source, s.kind]);
    const f = parseSources(sources);
    expect(f.iomem?.find((r) => r.name === 'BOOTFB')?.within).toEqual(['0000:01:00.0']);
    expect(f.meminfo?.HugePages_Total?.value).toBe(4);
    expect(f.hugepagesBySize?.['1048576']).toMatchObject({ nr: 4, free: 4 });
    expect(f.chassis).toMatchObject({ type: 10, kind: 'laptop' });
  });
});
