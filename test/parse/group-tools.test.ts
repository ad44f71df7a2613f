// Passthrough tools' group listings: quickpassthrough's screens (no addresses) and GPU-Passthrough-Manager's columns.
import { describe, expect, it } from 'vitest';
import { parse, lines, dev } from './helpers';
import { iommuState } from '../../src/facts/iommu-state';

describe('quickpassthrough vfio-setup (github.com/HikariKnight/quickpassthrough/issues/12)', () => {
  const SCREEN = lines(
    '#------------------------------------------#',
    'IOMMU Group  15: Audio device: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
    'IOMMU Group  15: VGA compatible controller: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)',
    'IOMMU Group  17: NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] [10de:2482] (rev a1)',
    '#------------------------------------------#',
    'Press q to quit',
  );

  it('records that the groups exist (the IOMMU is on) without inventing members', () => {
    const f = parse(SCREEN);
    expect(f.groups).toEqual({ '15': [], '17': [] });
    expect(f.groupsComplete).toBe(false);
    expect(f.pci).toEqual([]);
    expect(iommuState(f).state).toBe('active');
    expect(f.notes.join(' ')).toMatch(/group 15: \[10de:10f0\], group 15: \[10de:1b81\], group 17: \[10de:2482\]/);
    // The frame lines are the tool's; its prompt is not understood and stays counted.
    expect(f.unparsed.sample.map((e) => e.text)).toEqual(['#------------------------------------------#', 'Press q to quit']);
  });

  it('ties a names-only lspci to the IDs and groups the screen gave for the same names', () => {
    const f = parse(
      SCREEN +
        lines(
          '$ lspci',
          '01:00.0 VGA compatible controller: NVIDIA Corporation GP104 [GeForce GTX 1070] (rev a1)',
          '01:00.1 Audio device: NVIDIA Corporation GP104 High Definition Audio Controller (rev a1)',
          '02:00.0 VGA compatible controller: NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] (rev a1)',
        ),
    );
    expect(dev(f, '0000:01:00.0')).toMatchObject({ vendor: '10de', device: '1b81', iommuGroup: 15 });
    expect(dev(f, '0000:01:00.1')).toMatchObject({ vendor: '10de', device: '10f0', iommuGroup: 15 });
    // The screen named the 3070 Ti without its class: no tie on a name alone that could be another function.
    expect(dev(f, '0000:02:00.0').vendor).toBeUndefined();
    expect(f.groups?.['15']).toEqual(['0000:01:00.0', '0000:01:00.1']);
    expect(f.notes.join(' ')).toMatch(/tied to the IDs and groups .*01:00.0 → \[10de:1b81\] in group 15/);
  });

  it('two cards with the same name tie nothing', () => {
    const f = parse(
      lines('IOMMU Group  15: VGA compatible controller: NVIDIA Corporation TU117GL [T400 4GB] [10de:1fb2] (rev a1)', 'IOMMU Group  16: VGA compatible controller: NVIDIA Corporation TU117GL [T400 4GB] [10de:1fb2] (rev a1)', '$ lspci', '17:00.0 VGA compatible controller: NVIDIA Corporation TU117GL [T400 4GB] (rev a1)', '65:00.0 VGA compatible controller: NVIDIA Corporation TU117GL [T400 4GB] (rev a1)'),
    );
    expect(dev(f, '0000:17:00.0').iommuGroup).toBeUndefined();
    expect(dev(f, '0000:65:00.0').iommuGroup).toBeUndefined();
  });

  it('leaves ls-iommu lines (with an address) to the group parser', () => {
    const f = parse('IOMMU Group 16: 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] [10de:2482] (rev a1)\n');
    expect(f.groups).toEqual({ '16': ['0000:01:00.0'] });
  });
});

describe('GPU-Passthrough-Manager columns (github.com/uwzis/GPU-Passthrough-Manager/issues/21)', () => {
  it('splits the padded class column from the name', () => {
    const f = parse(
      lines(
        'Group 15:\t[10de:21c4] [R] 09:00.0  VGA compatible controller                TU116 [GeForce GTX 1660 SUPER]',
        '\t\t[10de:1aec]     09:00.2  USB controller                           TU116 USB 3.1 Host Controller',
      ),
    );
    expect(dev(f, '0000:09:00.0')).toMatchObject({ className: 'VGA compatible controller', classCode: '0300', name: 'TU116 [GeForce GTX 1660 SUPER]', iommuGroup: 15 });
    expect(dev(f, '0000:09:00.2')).toMatchObject({ className: 'USB controller', classCode: '0c03', name: 'TU116 USB 3.1 Host Controller', vendor: '10de', device: '1aec' });
  });
});
