// Passthrough tools' group listings: quickpassthrough's screens (no addresses) and GPU-Passthrough-Manager's columns.
import { describe, expect, it } from 'vitest';
import { parse, lines, dev } from './helpers';
import { iommuState } from '../../src/facts/iommu-state';
import { LS_IOMMU_GRK } from '../samples/real-formats';

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

describe('ls-iommu (Go) modes', () => {
  // github.com/HikariKnight/quickpassthrough/issues/22: "the output of utils/ls-iommu -grk is:" (verbatim, cut after
  // the fourth device). The Go version pads the group, prints the domain, and writes the class id without lspci's colon.
  const GRK = LS_IOMMU_GRK;

  it('-grk: class, ids, name, subsystem and driver of every member (the class id has no colon after it)', () => {
    const f = parse(GRK);
    expect(dev(f, '0000:01:00.0')).toMatchObject({ className: 'USB controller', classCode: '0c03', vendor: '1022', device: '43d0', name: 'Advanced Micro Devices, Inc. [AMD] unknown', subVendor: '1b21', subDevice: '1142', driver: 'xhci_hcd', iommuGroup: 12 });
    expect(dev(f, '0000:02:00.0')).toMatchObject({ classCode: '0604', vendor: '1022', device: '43c7', driver: 'pcieport' });
    expect(f.groups).toEqual({ '12': ['0000:01:00.0', '0000:01:00.1', '0000:01:00.2', '0000:02:00.0'] });
    expect(f.unparsed.count).toBe(0);
  });

  it('-k behind its prompt: a member without a "Kernel driver in use" line has no driver', () => {
    const f = parse(lines('$ ls-iommu -gk', 'IOMMU Group  16: 0000:01:00.0 VGA compatible controller [0300] NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] [10de:2482] (rev a1)', '        Subsystem: Micro-Star International Co., Ltd. [MSI] GA104 [GeForce RTX 3070 Ti] [1462:5052]', 'IOMMU Group  16: 0000:01:00.1 Audio device [0403] NVIDIA Corporation GA104 High Definition Audio Controller [10de:228b] (rev a1)', '        Kernel driver in use: snd_hda_intel'));
    expect(dev(f, '0000:01:00.0').driver).toBeNull();
    expect(dev(f, '0000:01:00.1').driver).toBe('snd_hda_intel');
    // Without -k nothing is said about drivers.
    const plain = parse(lines('$ ls-iommu -g', 'IOMMU Group  16: 0000:01:00.0 VGA compatible controller [0300] NVIDIA Corporation GA104 [GeForce RTX 3070 Ti] [10de:2482] (rev a1)'));
    expect(dev(plain, '0000:01:00.0').driver).toBeUndefined();
  });

  it('-g (github.com/HikariKnight/ls-iommu/issues/3): the iGPU line, beside the lspci -nn line of the 3D controller it leaves out', () => {
    const f = parse(
      lines(
        '`01:00.0 3D controller [0302]: NVIDIA Corporation TU117M [GeForce MX450] [10de:1f97] (rev a1)`',
        '`IOMMU Group   0: 0000:00:02.0 VGA compatible controller [0300] Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics] [8086:9a49] (rev 01)`',
      ),
    );
    expect(dev(f, '0000:00:02.0')).toMatchObject({ classCode: '0300', vendor: '8086', device: '9a49', name: 'Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics]', iommuGroup: 0 });
    expect(dev(f, '0000:01:00.0')).toMatchObject({ classCode: '0302', vendor: '10de', device: '1f97' });
  });

  it('-F formats without an address (quickpassthrough\'s log of `ls-iommu -g -rr -i 12 -F vendor:,prod_name,optional_revision:,device_id`, issue 22): the group exists, no member is invented', () => {
    const f = parse(
      lines(
        'IOMMU Group  12: Advanced Micro Devices, Inc. [AMD]: 400 Series Chipset PCIe Bridge (rev 01): [1022:43c6]',
        'IOMMU Group  12: NVIDIA Corporation: GA106 High Definition Audio Controller (rev a1): [10de:228e]',
        'IOMMU Group  12: NVIDIA Corporation: GA106 [GeForce RTX 3060 Lite Hash Rate] (rev a1): [10de:2504]',
      ),
    );
    expect(f.groups).toEqual({ '12': [] });
    expect(f.pci).toEqual([]);
    expect(f.notes.join(' ')).toMatch(/group 12: \[10de:2504\]/);
  });
});
