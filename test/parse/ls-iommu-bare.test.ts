// ls-iommu's bare modes: `-i N --id`, `-i N --pciaddr` and `-g --rom` print one value a line (pkg/iommu/iommu.go
// GetDevicesFromGroups and MatchSubclass, pkg/iommu/rom.go GetRomPath, github.com/HikariKnight/ls-iommu). No thread
// with such a paste was found: these are the shapes the code prints.
import { describe, expect, it } from 'vitest';
import { lsIommuBare } from '../../src/parse/iommu-groups';
import { parse, dev, lines, unparsedTexts } from './helpers';

describe('ls-iommu --id, --pciaddr, --rom', () => {
  it('-i 16 --pciaddr: the members that are no bridge, in group 16; the group not taken as whole', () => {
    const f = parse(lines('$ ls-iommu -i 16 --pciaddr', '0000:01:00.0', '0000:01:00.1'));
    expect(f.groups).toEqual({ '16': ['0000:01:00.0', '0000:01:00.1'] });
    expect(dev(f, '0000:01:00.1').iommuGroup).toBe(16);
    expect(f.groupsComplete).toBe(false);
    expect(f.unparsed.count).toBe(0);
  });

  it('-i 16 --id: the group exists; the IDs are noted, tied to no address', () => {
    const f = parse(lines('$ ls-iommu -i 16 --id', '10de:2482', '10de:228b'));
    expect(f.groups).toEqual({ '16': [] });
    expect(f.pci).toEqual([]);
    expect(f.notes.join(' ')).toMatch(/\[10de:2482\], \[10de:228b\] in group 16/);
    expect(f.unparsed.count).toBe(0);
  });

  it('several groups, or a related search: addresses are devices, tied to no group', () => {
    const f = parse(lines('$ ls-iommu -i 12 -i 16 --pciaddr', '0000:01:00.0', '0000:07:00.0'));
    expect(f.groups).toBeUndefined();
    expect(dev(f, '0000:07:00.0').iommuGroup).toBeUndefined();
    expect(lsIommuBare('ls-iommu -rr -i 16 --pciaddr')).toEqual({ mode: 'pciaddr', group: undefined });
  });

  it('-g --rom: the GPU whose rom file each path is', () => {
    const f = parse(lines('$ ls-iommu -g --rom', '/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/rom', '/sys/devices/pci0000:00/0000:00:03.1/0000:0b:00.0/rom'));
    expect(f.pci.map((d) => d.bdf)).toEqual(['0000:01:00.0', '0000:0b:00.0']);
    expect(f.unparsed.count).toBe(0);
  });

  it.each<[string, string[]]>([
    ['--id without -i prints full lines', ['$ ls-iommu -g --id', 'IOMMU Group  16: 0000:01:00.0 VGA compatible controller [0300] NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] [10de:2482] (rev a1)']],
    ['--id and --pciaddr together print full lines', ['$ ls-iommu -i 16 --id --pciaddr', 'IOMMU Group  16: 0000:01:00.0 VGA compatible controller [0300] NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] [10de:2482] (rev a1)']],
  ])('%s: read as such', (_why, paste) => {
    const f = parse(lines(...paste));
    expect(dev(f, '0000:01:00.0')).toMatchObject({ vendor: '10de', device: '2482', iommuGroup: 16 });
    expect(f.unparsed.count).toBe(0);
  });

  it('bare values under any other command stay counted as not understood', () => {
    const f = parse(lines('$ ls-iommu -g', '10de:2482', '$ ls-iommu -i 16 --pciaddr', 'not an address'));
    expect(unparsedTexts(f)).toEqual(['10de:2482', 'not an address']);
  });
});
