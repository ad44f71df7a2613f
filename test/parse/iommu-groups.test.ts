// IOMMU group listings: shell-loop styles, ls-iommu, find and ls of /sys/kernel/iommu_groups, and their absence.
import { describe, expect, it } from 'vitest';
import { parse, dev, lines, fields } from './helpers';

const WANT = { '16': ['0000:00:1f.0', '0000:00:1f.3'], '17': ['0000:01:00.0', '0000:01:00.1'] };

describe('group listings', () => {
  it.each<[string, string]>([
    [
      'one line per device (Arch wiki loop, lspci -nns)',
      lines(
        'IOMMU Group 16 00:1f.0 ISA bridge [0601]: Intel Corporation Raptor Lake LPC/eSPI Controller [8086:7a04] (rev 11)',
        'IOMMU Group 16 00:1f.3 Audio device [0403]: Intel Corporation Raptor Lake High Definition Audio Controller [8086:7a50] (rev 11)',
        'IOMMU Group 17 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        'IOMMU Group 17 01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
      ),
    ],
    [
      'header then tab-indented devices',
      lines(
        'IOMMU Group 16:',
        '\t00:1f.0 ISA bridge [0601]: Intel Corporation Raptor Lake LPC/eSPI Controller [8086:7a04] (rev 11)',
        '\t00:1f.3 Audio device [0403]: Intel Corporation Raptor Lake High Definition Audio Controller [8086:7a50] (rev 11)',
        'IOMMU Group 17:',
        '\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        '\t01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
      ),
    ],
    [
      'header then space-indented devices, blank lines between groups',
      lines(
        'IOMMU Group 16:',
        '    00:1f.0 ISA bridge [0601]: Intel Corporation Raptor Lake LPC/eSPI Controller [8086:7a04] (rev 11)',
        '    00:1f.3 Audio device [0403]: Intel Corporation Raptor Lake High Definition Audio Controller [8086:7a50] (rev 11)',
        '',
        'IOMMU Group 17:',
        '    01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        '    01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
      ),
    ],
    [
      'ls-iommu style with [vendor:device] and [R]',
      lines(
        'Group 16:\t[8086:7a04]     00:1f.0 ISA bridge: Intel Corporation Raptor Lake LPC/eSPI Controller (rev 11)',
        'Group 16:\t[8086:7a50]     00:1f.3 Audio device: Intel Corporation Raptor Lake High Definition Audio Controller (rev 11)',
        'Group 17:\t[10de:2204] [R] 01:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] (rev a1)',
        'Group 17:\t[10de:1aef]     01:00.1 Audio device: NVIDIA Corporation GA102 High Definition Audio Controller (rev a1)',
      ),
    ],
    [
      'ls-iommu "IOMMU Group N: BDF" style',
      lines(
        'IOMMU Group 16: 00:1f.0 ISA bridge [0601]: Intel Corporation Raptor Lake LPC/eSPI Controller [8086:7a04] (rev 11)',
        'IOMMU Group 16: 00:1f.3 Audio device [0403]: Intel Corporation Raptor Lake High Definition Audio Controller [8086:7a50] (rev 11)',
        'IOMMU Group 17: 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        'IOMMU Group 17: 01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
      ),
    ],
    [
      'find /sys/kernel/iommu_groups/ -type l',
      lines(
        '$ find /sys/kernel/iommu_groups/ -type l',
        '/sys/kernel/iommu_groups/17/devices/0000:01:00.1',
        '/sys/kernel/iommu_groups/17/devices/0000:01:00.0',
        '/sys/kernel/iommu_groups/16/devices/0000:00:1f.3',
        '/sys/kernel/iommu_groups/16/devices/0000:00:1f.0',
      ),
    ],
    [
      'ls /sys/kernel/iommu_groups/*/devices/',
      lines(
        '$ ls /sys/kernel/iommu_groups/*/devices/',
        '/sys/kernel/iommu_groups/16/devices/:',
        '0000:00:1f.0  0000:00:1f.3',
        '',
        '/sys/kernel/iommu_groups/17/devices/:',
        '0000:01:00.0  0000:01:00.1',
      ),
    ],
  ])('%s', (_name, text) => {
    const f = parse(text);
    expect(f.groups).toEqual(WANT);
    expect(dev(f, '0000:01:00.0').iommuGroup).toBe(17);
    expect(f.unparsed.count).toBe(0);
    expect(f.groupsEvidence.length).toBeGreaterThan(0);
  });

  it('device details come along from the lspci text', () => {
    const f = parse('IOMMU Group 17 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)\n');
    const want = { vendor: '10de', device: '2204', classCode: '0300', name: 'NVIDIA Corporation GA102 [GeForce RTX 3090]', driver: undefined };
    expect(fields(dev(f, '0000:01:00.0'), want)).toEqual(want);
  });

  it('ls-iommu ids and [R] come along too', () => {
    const f = parse('Group 15:\t[10de:21c4] [R] 09:00.0 VGA compatible controller: NVIDIA Corporation TU116 [GeForce GTX 1660 SUPER] (rev a1)\n');
    expect(f.groups).toEqual({ '15': ['0000:09:00.0'] });
    expect(dev(f, '0000:09:00.0')).toMatchObject({ vendor: '10de', device: '21c4', classCode: '0300', resetMethods: ['(reset capable)'] });
  });

  it('a group header with no device lines was cut off: no empty group is invented', () => {
    const f = parse(lines('IOMMU Group 3:', 'IOMMU Group 4:', '\t00:14.0 USB controller [0c03]: Intel Corporation Raptor Lake USB 3.2 Gen 2x2 (20 Gb/s) XHCI Host Controller [8086:7a60] (rev 11)', 'IOMMU Group 5:'));
    expect(f.groups).toEqual({ '4': ['0000:00:14.0'] });
    expect(f.unparsed.count).toBe(0);
  });

  it('loops that run lspci -nnks print each member\'s driver under it', () => {
    const f = parse(
      lines(
        'IOMMU Group 17:',
        '\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        '\t\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
        '\t\tKernel driver in use: vfio-pci',
        '\t\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
        '\t01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
        '\t\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
        '\t\tKernel modules: snd_hda_intel',
        'IOMMU Group 18 02:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]',
        '\tSubsystem: Samsung Electronics Co Ltd SSD 970 EVO Plus 1TB [144d:a801]',
        '\tKernel driver in use: nvme',
      ),
    );
    expect(f.groups).toEqual({ '17': ['0000:01:00.0', '0000:01:00.1'], '18': ['0000:02:00.0'] });
    expect(dev(f, '0000:01:00.0')).toMatchObject({ driver: 'vfio-pci', subVendor: '1043', modules: ['nvidiafb', 'nouveau', 'nvidia_drm', 'nvidia'] });
    expect(dev(f, '0000:01:00.1').driver).toBeNull();
    expect(dev(f, '0000:02:00.0').driver).toBe('nvme');
    expect(f.unparsed.count).toBe(0);
  });

  it('a device line before any group header is unparsed', () => {
    const f = parse(lines('$ ./iommu.sh', '\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'));
    expect(f.unparsed.count).toBe(1);
  });
});

describe('ls /sys/kernel/iommu_groups/', () => {
  it('numbers: groups exist, members unknown', () => {
    const f = parse(lines('user@host:~$ ls /sys/kernel/iommu_groups/', '0  1  10  11  12  13  14  15  16  17  2  3  4  5  6  7  8  9'));
    expect(Object.keys(f.groups!).sort((a, b) => +a - +b)).toEqual(Array.from({ length: 18 }, (_, i) => String(i)));
    expect(f.groups!['17']).toEqual([]);
    expect(f.unparsed.count).toBe(0);
  });

  it('ls -1 prints one number a line', () => {
    const f = parse(lines('$ ls -1 /sys/kernel/iommu_groups', '0', '1', '2'));
    expect(f.groups).toEqual({ '0': [], '1': [], '2': [] });
  });

  it('ls -l prints directory entries', () => {
    const f = parse(lines('$ ls -l /sys/kernel/iommu_groups/', 'total 0', 'drwxr-xr-x 3 root root 0 Nov 25 13:03 0', 'drwxr-xr-x 3 root root 0 Nov 25 13:03 1'));
    expect(f.groups).toEqual({ '0': [], '1': [] });
    expect(f.unparsed.count).toBe(0);
  });

  it('a prompt followed by nothing: known, and there are no groups', () => {
    const f = parse('user@host:~$ ls /sys/kernel/iommu_groups/\n');
    expect(f.groups).toEqual({});
  });

  it('a prompt followed by nothing and then the next command', () => {
    const f = parse(lines('$ ls /sys/kernel/iommu_groups/', '$ cat /proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.8.0 root=/dev/sda2 ro quiet'));
    expect(f.groups).toEqual({});
    expect(f.cmdline?.raw).toMatch(/^BOOT_IMAGE/);
  });

  it.each([
    ['after its prompt', lines('$ ls /sys/kernel/iommu_groups/', "ls: cannot access '/sys/kernel/iommu_groups/': No such file or directory")],
    ['alone', "ls: cannot access '/sys/kernel/iommu_groups/': No such file or directory\n"],
    ['alone, old coreutils quoting', 'ls: cannot access /sys/kernel/iommu_groups/*: No such file or directory\n'],
  ])('"No such file or directory" %s: known, no groups', (_n, text) => {
    const f = parse(text);
    expect(f.groups).toEqual({});
    expect(f.groupsEvidence.map((e) => e.text).join('\n')).toMatch(/No such file or directory/);
    expect(f.unparsed.count).toBe(0);
  });

  it('other output after an empty ls is still read by its shape', () => {
    const f = parse(lines('$ ls /sys/kernel/iommu_groups/', '[    0.000000] Linux version 6.8.0 (x@y) #1 SMP', "[    0.081234] AMD-Vi: Unknown option - 'on'"));
    expect(f.groups).toEqual({});
    expect(f.kernelLog).toHaveLength(2);
    expect(f.unparsed.count).toBe(0);
  });

  it('no listing at all: groups unknown', () => {
    expect(parse('[    0.081234] DMAR: IOMMU enabled\n').groups).toBeUndefined();
  });
});
