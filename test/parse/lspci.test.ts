// lspci in its pasted shapes: -nnk, -nnv, -nnkv, -k, -nn, -n, -D, -s excerpts, grep -A excerpts, cut-off output.
import { describe, expect, it } from 'vitest';
import { parseDescription } from '../../src/parse/lspci';
import { parse, dev, lines, fields, unparsedTexts } from './helpers';
import { LSPCI_VVV_GB10, LSPCI_V_X710 } from '../samples/real-formats';

const NNK = lines(
  '00:00.0 Host bridge [0600]: Intel Corporation Raptor Lake-S 8+16 - Host Bridge/DRAM Controller [8086:a700] (rev 01)',
  '\tSubsystem: ASUSTeK Computer Inc. Device [1043:8882]',
  '00:02.0 VGA compatible controller [0300]: Intel Corporation Raptor Lake-S GT1 [UHD Graphics 770] [8086:a780] (rev 04)',
  '\tDeviceName: Onboard - Video',
  '\tSubsystem: ASUSTeK Computer Inc. Device [1043:8882]',
  '\tKernel driver in use: i915',
  '\tKernel modules: i915, xe',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
  '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
  '\tKernel driver in use: vfio-pci',
  '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
  '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
  '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
  '\tKernel modules: snd_hda_intel',
  '0b:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
  '\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 6800 XT [1da2:e438]',
  '\tKernel driver in use: amdgpu',
  '\tKernel modules: amdgpu',
);

describe('lspci -nnk', () => {
  const f = parse(NNK);

  it('reads every device with ids, class code, name, subsystem', () => {
    expect(f.pci.map((d) => d.bdf)).toEqual(['0000:00:00.0', '0000:00:02.0', '0000:01:00.0', '0000:01:00.1', '0000:0b:00.0']);
    expect(dev(f, '0000:01:00.0')).toMatchObject({
      vendor: '10de',
      device: '2204',
      classCode: '0300',
      className: 'VGA compatible controller',
      name: 'NVIDIA Corporation GA102 [GeForce RTX 3090]',
      subVendor: '1043',
      subDevice: '87b3',
      driver: 'vfio-pci',
      modules: ['nvidiafb', 'nouveau', 'nvidia_drm', 'nvidia'],
    });
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ vendor: '1002', device: '73bf', name: 'Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', subVendor: '1da2', subDevice: 'e438' });
    expect(dev(f, '0000:00:02.0')).toMatchObject({ vendor: '8086', device: 'a780', driver: 'i915' });
    expect(f.unparsed.count).toBe(0);
  });

  it('a device listed without "Kernel driver in use" has no driver', () => {
    expect(dev(f, '0000:01:00.1').driver).toBeNull();
    expect(dev(f, '0000:00:00.0').driver).toBeNull();
  });

  it('evidence is the header and detail lines', () => {
    expect(dev(f, '0000:01:00.0').evidence.map((e) => e.line)).toEqual([8, 10, 11]);
  });

  it('works the same with spaces instead of tabs, behind a prompt, and with -D', () => {
    const spaced = parse('[user@fedora ~]$ lspci -Dnnk\n' + NNK.replace(/\t/g, '        ').replace(/^([0-9a-f]{2}:)/gm, '0000:$1'));
    expect(spaced.pci).toEqual(f.pci.map((d) => ({ ...d, evidence: expect.any(Array) })));
    expect(spaced.unparsed.count).toBe(0);
  });

  it('lines whose indentation was lost (forum markdown) are still details', () => {
    const flat = parse(NNK.replace(/^\t/gm, ''));
    expect(dev(flat, '0000:01:00.0')).toMatchObject({ driver: 'vfio-pci', subVendor: '1043' });
    expect(dev(flat, '0000:01:00.1').driver).toBeNull();
    expect(flat.unparsed.count).toBe(0);
  });
});

describe('lspci -nnv and -nnkv', () => {
  const NNV = lines(
    '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1) (prog-if 00 [VGA controller])',
    '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
    '\tFlags: bus master, fast devsel, latency 0, IRQ 16, IOMMU group 17',
    '\tMemory at fb000000 (32-bit, non-prefetchable) [size=16M]',
    '\tMemory at d0000000 (64-bit, prefetchable) [size=256M]',
    '\tI/O ports at f000 [size=128]',
    '\tExpansion ROM at fc000000 [disabled] [size=512K]',
    '\tCapabilities: <access denied>',
    '\tKernel driver in use: vfio-pci',
    '\tKernel modules: nouveau',
    '',
    '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
    '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
    '\tFlags: bus master, fast devsel, latency 0, IRQ 17, IOMMU group 17',
    '\tMemory at fc080000 (32-bit, non-prefetchable) [size=16K]',
    '\tCapabilities: [60] Power Management version 3',
    '\tCapabilities: [68] MSI: Enable- Count=1/1 Maskable- 64bit+',
    '\tKernel modules: snd_hda_intel',
    '',
  );

  it('reads the group from Flags, the prog-if into the class code, and the driver', () => {
    const f = parse(NNV);
    expect(f.groups).toEqual({ '17': ['0000:01:00.0', '0000:01:00.1'] });
    expect(dev(f, '0000:01:00.0')).toMatchObject({ classCode: '030000', iommuGroup: 17, driver: 'vfio-pci', name: 'NVIDIA Corporation GA102 [GeForce RTX 3090]' });
    expect(dev(f, '0000:01:00.1')).toMatchObject({ classCode: '0403', iommuGroup: 17, driver: null });
    expect(f.unparsed.count).toBe(0);
  });

  it('-nnv without -k says nothing about drivers when the section is plain -v', () => {
    const f = parse(NNV.replace(/\tKernel (?:driver in use|modules): .*\n/g, ''));
    expect(dev(f, '0000:01:00.0').driver).toBeUndefined();
    expect(dev(f, '0000:01:00.1').driver).toBeUndefined();
  });

  it('-vv capability sub-lines (deeper indentation) are understood', () => {
    const f = parse(
      lines(
        '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1) (prog-if 00 [VGA controller])',
        '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
        '\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+',
        '\tCapabilities: [60] Power Management version 3',
        '\t\tFlags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0+,D1-,D2-,D3hot+,D3cold-)',
        '\t\tStatus: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-',
        '\tKernel driver in use: nvidia',
      ),
    );
    expect(dev(f, '0000:01:00.0').driver).toBe('nvidia');
    expect(f.groups).toBeUndefined();
    expect(f.unparsed.count).toBe(0);
  });

  it('newer lspci prints "IOMMU group: 17" on a line of its own', () => {
    const f = parse(lines('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)', '\tIOMMU group: 17'));
    expect(dev(f, '0000:01:00.0').iommuGroup).toBe(17);
  });
});

describe('lspci -k without ids', () => {
  it.each<[string, string]>([
    ['VGA compatible controller', '0300'],
    ['3D controller', '0302'],
    ['Audio device', '0403'],
    ['USB controller', '0c03'],
    ['Serial bus controller', '0c80'],
    ['PCI bridge', '0604'],
    ['Non-Volatile memory controller', '0108'],
    ['Ethernet controller', '0200'],
    ['Network controller', '0280'],
    ['RAM memory', '0500'],
    ['SATA controller', '0106'],
    ['Multimedia controller', '0480'],
  ])('recovers the class code of "%s"', (cls, code) => {
    const f = parse(lines(`01:00.0 ${cls}: Some Vendor Some Device (rev a1)`, '\tSubsystem: Some Vendor Device 1234', '\tKernel modules: x'));
    const want = { classCode: code, className: cls, vendor: undefined, device: undefined, driver: null };
    expect(fields(dev(f, '0000:01:00.0'), want)).toEqual(want);
  });

  it('a whole -k listing', () => {
    const f = parse(
      lines(
        '0b:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] (rev c1)',
        '\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 6800 XT',
        '\tKernel driver in use: vfio-pci',
        '\tKernel modules: amdgpu',
        '0b:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller',
        '\tSubsystem: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller',
        '\tKernel driver in use: snd_hda_intel',
        '\tKernel modules: snd_hda_intel',
      ),
    );
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ classCode: '0300', driver: 'vfio-pci', name: 'Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]' });
    expect(dev(f, '0000:0b:00.0').vendor).toBeUndefined();
    expect(dev(f, '0000:0b:00.0').subVendor).toBeUndefined();
    expect(dev(f, '0000:0b:00.1')).toMatchObject({ classCode: '0403', driver: 'snd_hda_intel' });
  });
});

describe('lspci -nn, -n and -s excerpts', () => {
  it('-nn: ids but driver unknown', () => {
    const f = parse(
      lines(
        '0b:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
        '0b:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
      ),
    );
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ vendor: '1002', device: '73bf', classCode: '0300' });
    expect(dev(f, '0000:0b:00.1')).toMatchObject({ vendor: '1002', device: 'ab28', classCode: '0403', name: 'Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller' });
    expect(dev(f, '0000:0b:00.0').driver).toBeUndefined();
  });

  it('-n: numbers only', () => {
    const f = parse(lines('$ lspci -n -s 01:00', '01:00.0 0300: 10de:2204 (rev a1)', '01:00.1 0403: 10de:1aef (rev a1)'));
    expect(dev(f, '0000:01:00.0')).toMatchObject({ vendor: '10de', device: '2204', classCode: '0300' });
    expect(dev(f, '0000:01:00.1')).toMatchObject({ vendor: '10de', device: '1aef', classCode: '0403' });
    expect(f.unparsed.count).toBe(0);
  });

  it('-s excerpt with -nnk', () => {
    const f = parse(
      lines(
        'root@pve:~# lspci -nnk -s 01:00',
        '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
        '\tKernel driver in use: nvidia',
        '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
        '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
        '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
        '\tKernel driver in use: snd_hda_intel',
        '\tKernel modules: snd_hda_intel',
      ),
    );
    expect(f.pci.map((d) => [d.bdf, d.driver])).toEqual([
      ['0000:01:00.0', 'nvidia'],
      ['0000:01:00.1', 'snd_hda_intel'],
    ]);
    expect(dev(f, '0000:01:00.0').evidence[0]!.source).toBe('lspci -nnk -s 01:00');
  });
});

describe('grep excerpts and cut-off output', () => {
  const GREP = lines(
    '$ lspci -nnk | grep -A3 -i nvidia',
    '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
    '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
    '\tKernel driver in use: nvidia',
    '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
    '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
    '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
    '\tKernel modules: snd_hda_intel',
    '02:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]',
    '--',
    '05:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU116 [GeForce GTX 1660 SUPER] [10de:21c4] (rev a1)',
    '\tSubsystem: Gigabyte Technology Co., Ltd Device [1458:401d]',
    '\tKernel driver in use: vfio-pci',
  );

  it.each([
    ['with the prompt', GREP],
    ['without the prompt', GREP.split('\n').slice(1).join('\n')],
  ])('%s', (_n, text) => {
    const f = parse(text);
    expect(dev(f, '0000:01:00.0').driver).toBe('nvidia');
    // its block ended with "Kernel modules": complete, so no driver
    expect(dev(f, '0000:01:00.1').driver).toBeNull();
    // only its header was caught by -A3 before the "--": unknown, not "no driver"
    expect(dev(f, '0000:02:00.0').driver).toBeUndefined();
    expect(dev(f, '0000:05:00.0')).toMatchObject({ vendor: '10de', device: '21c4', driver: 'vfio-pci' });
    expect(f.unparsed.count).toBe(0);
  });

  it('the last device of a cut-off listing keeps an unknown driver', () => {
    const f = parse(
      lines(
        '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
        '\tKernel driver in use: vfio-pci',
        '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
        '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
        '\tSubsystem: ASUSTeK Comp',
      ),
    );
    expect(dev(f, '0000:01:00.1').driver).toBeUndefined();
    expect(dev(f, '0000:01:00.1')).toMatchObject({ vendor: '10de', device: '1aef' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:22', { classCode: '0300', vendor: undefined, name: 'NVIDIA Corporation GA102 [GeForce RTX 3090]' }],
    ['01:00.0 VGA compatible controller [03', { classCode: '0300', className: 'VGA compatible controller' }],
    ['01:00.0 VGA compatible contr', { classCode: undefined }],
    ['01:00.0 Audio device [0403]: NVIDIA Corporation GA102 High Defin', { classCode: '0403', name: 'NVIDIA Corporation GA102 High Defin' }],
  ])('header cut mid-line: %s', (text, want) => {
    const f = parse(text + '\n');
    expect(fields(dev(f, '0000:01:00.0'), want)).toEqual(want);
    expect(f.unparsed.count).toBe(0);
  });

  it('a sole "Kernel driver in use" with no device before it is unparsed', () => {
    const f = parse('\tKernel driver in use: vfio-pci\n');
    expect(f.pci).toEqual([]);
    expect(f.unparsed.count).toBe(1);
  });
});

describe('parseDescription', () => {
  it.each<[string, ReturnType<typeof parseDescription>]>([
    [
      'VGA compatible controller [0300]: Intel Corporation Raptor Lake-S GT1 [UHD Graphics 770] [8086:a780] (rev 04)',
      { className: 'VGA compatible controller', classCode: '0300', vendor: '8086', device: 'a780', name: 'Intel Corporation Raptor Lake-S GT1 [UHD Graphics 770]' },
    ],
    [
      'USB controller [0c03]: NVIDIA Corporation TU116 USB 3.1 Host Controller [10de:1aec] (rev a1) (prog-if 30 [XHCI])',
      { className: 'USB controller', classCode: '0c0330', vendor: '10de', device: '1aec', name: 'NVIDIA Corporation TU116 USB 3.1 Host Controller' },
    ],
  ])('%s', (text, want) => {
    expect(parseDescription(text)).toEqual(want);
  });
});

describe('lspci -v/-vvv as pasted in real threads', () => {
  // github.com/j4cbo/tiny5-m2-riser/issues/19: `lspci -v` of a two-port X710, the user's "(...)" marking a cut.
  it('-v with the group in Flags and a cut marked "(...)": both ports in group 2; the cut stays counted', () => {
    const f = parse(
      LSPCI_V_X710,
    );
    expect(f.groups).toEqual({ '2': ['0000:01:00.0', '0000:01:00.1'] });
    // -v shows each listed device's group, not the rest of its members.
    expect(f.groupsComplete).toBe(false);
    expect(dev(f, '0000:01:00.0')).toMatchObject({ className: 'Ethernet controller', classCode: '0200' });
    expect(dev(f, '0000:01:00.0').driver).toBeUndefined();
    expect(unparsedTexts(f)).toEqual(['(...)']);
  });

  // github.com/NixOS/nixpkgs/pull/527847: `sudo lspci -vvv -s 000f:01:00.0` on an aarch64 GB10 (domain 000f),
  // "IOMMU group: 20" on a line of its own, capability sub-lines two levels deep (cut where the excerpt ends).
  it('-vvv with a PCI domain, "IOMMU group: N" alone, and nested capability lines', () => {
    const f = parse(
      LSPCI_VVV_GB10,
    );
    expect(dev(f, '000f:01:00.0')).toMatchObject({ classCode: '030000', iommuGroup: 20, name: 'NVIDIA Corporation GB20B [GB10]' });
    expect(f.unparsed.count).toBe(0);
  });
});

describe('lspci -vmm (machine-readable records)', () => {
  // github.com/mkoreneff/iommu_info_generate/issues/11: `lspci -nnvmm` on a Proxmox host (ASRock X300), cut.
  const NNVMM = lines(
    '```shell',
    'root@proxmox:~/iommu_info_generate# lspci -nnvmm',
    'Slot:   00:00.0',
    'Class:  Host bridge [0600]',
    'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]',
    'Device: Renoir/Cezanne Root Complex [1630]',
    'SVendor:        Advanced Micro Devices, Inc. [AMD] [1022]',
    'SDevice:        Renoir/Cezanne Root Complex [1630]',
    'ProgIf: 00',
    '',
    'Slot:   00:00.2',
    'Class:  IOMMU [0806]',
    'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]',
    'Device: Renoir/Cezanne IOMMU [1631]',
    'SVendor:        Advanced Micro Devices, Inc. [AMD] [1022]',
    'SDevice:        Renoir/Cezanne IOMMU [1631]',
    'ProgIf: 00',
    '',
    'Slot:   00:01.1',
    'Class:  PCI bridge [0604]',
    'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]',
    'Device: Renoir PCIe GPP Bridge [1633]',
    'SVendor:        Advanced Micro Devices, Inc. [AMD] [1022]',
    'SDevice:        Renoir PCIe GPP Bridge [1453]',
    'ProgIf: 00',
    'IOMMUGroup:     1',
    '```',
  );

  it('-nnvmm: class, ids, subsystem and group of each record; a record without IOMMUGroup has none listed', () => {
    const f = parse(NNVMM);
    expect(dev(f, '0000:00:01.1')).toMatchObject({ className: 'PCI bridge', classCode: '060400', vendor: '1022', device: '1633', subDevice: '1453', name: 'Advanced Micro Devices, Inc. [AMD] Renoir PCIe GPP Bridge', iommuGroup: 1 });
    expect(dev(f, '0000:00:00.2')).toMatchObject({ classCode: '080600', vendor: '1022', device: '1631' });
    expect(dev(f, '0000:00:00.0').iommuGroup).toBeUndefined();
    expect(f.groups).toEqual({ '1': ['0000:00:01.1'] });
    expect(f.groupsComplete).toBe(false);
    expect(f.unparsed.count).toBe(0);
  });

  // github.com/Ashark/davinci-resolve-checker/issues/4: `lspci -vmm` as a tool read it, with the driver (-k) and a
  // device name that itself ends in brackets ("[6:0]").
  it('-vmm with Driver lines (davinci-resolve-checker#4): the driver, and a bracketed name that is not an id', () => {
    const f = parse(
      lines(
        'Slot:   00:01.3',
        'Class:  PCI bridge [0604]',
        'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]',
        'Device: Raven/Raven2 PCIe GPP Bridge [6:0] [15d3]',
        'Driver: pcieport',
        'IOMMUGroup:     1',
      ),
    );
    expect(dev(f, '0000:00:01.3')).toMatchObject({ device: '15d3', driver: 'pcieport', name: 'Advanced Micro Devices, Inc. [AMD] Raven/Raven2 PCIe GPP Bridge [6:0]', iommuGroup: 1 });
  });

  it('-vmm without -nn: names only, class code from the name', () => {
    const f = parse(lines('Slot:\t01:00.0', 'Class:\tVGA compatible controller', 'Vendor:\tNVIDIA Corporation', 'Device:\tGA104 [GeForce RTX 3070]', 'Rev:\ta1', 'IOMMUGroup:\t14'));
    expect(dev(f, '0000:01:00.0')).toMatchObject({ classCode: '0300', name: 'NVIDIA Corporation GA104 [GeForce RTX 3070]', iommuGroup: 14 });
    expect(dev(f, '0000:01:00.0').vendor).toBeUndefined();
  });
});
