// Paste noise: prompts, code fences, quote marks, CRLF/CR, ANSI colours, tabs, forum prose, and the bundle format.
import { describe, expect, it } from 'vitest';
import { promptCommand, sniff } from '../../src/parse/detect';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';
import { paramValues } from '../../src/parse/cmdline';
import { parse, dev, lines, unparsedTexts } from './helpers';

describe('shell prompts', () => {
  it.each<[string, string | undefined]>([
    ['user@host:~$ lspci -nnk', 'lspci -nnk'],
    ['user@host:~/vfio$ sudo dmesg | grep -i vfio', 'sudo dmesg | grep -i vfio'],
    ['[user@fedora ~]$ cat /proc/cmdline', 'cat /proc/cmdline'],
    ['[user@nixos:~]$ uname -r', 'uname -r'],
    ['root@pve:~# cat /etc/kernel/cmdline', 'cat /etc/kernel/cmdline'],
    ['(base) user@host:~$ lsmod', 'lsmod'],
    ['$ uname -a', 'uname -a'],
    ['# dmesg | grep -e DMAR -e IOMMU', 'dmesg | grep -e DMAR -e IOMMU'],
    ['❯ lspci -k', 'lspci -k'],
    ['# CONFIG_VFIO_NOIOMMU is not set', undefined],
    ['# If you change this file, run update-grub afterwards', undefined],
    ['GRUB_TIMEOUT=5', undefined],
    ['[    0.000000] Linux version 6.8.0', undefined],
  ])('%s', (text, cmd) => {
    expect(promptCommand(text)).toBe(cmd);
  });

  it('an empty prompt line is structure, not unparsed, and ends the previous section', () => {
    const f = parse(lines('user@host:~$ ls /sys/kernel/iommu_groups/', 'user@host:~$ ', "AMD-Vi: Unknown option - 'on'"));
    expect(f.unparsed.count).toBe(0);
    expect(f.groups).toEqual({});
    expect(f.kernelLog).toHaveLength(1);
  });

  it('prompt sections name the source of every line', () => {
    const f = parse(lines('root@pve:~# dmesg | grep -i -e DMAR -e IOMMU', '[    0.081234] DMAR: IOMMU enabled'));
    expect(f.kernelLog[0]!.evidence).toEqual({ source: 'dmesg | grep -i -e DMAR -e IOMMU', line: 1, text: '[    0.081234] DMAR: IOMMU enabled' });
  });
});

describe('cleaning', () => {
  const NNK = [
    '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
    '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
    '\tKernel driver in use: vfio-pci',
    '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
  ];
  const check = (text: string) => {
    const f = parse(text);
    expect(dev(f, '0000:01:00.0')).toMatchObject({ vendor: '10de', device: '2204', driver: 'vfio-pci', subVendor: '1043' });
    expect(unparsedTexts(f)).toEqual([]);
    return f;
  };

  it.each<[string, string]>([
    ['markdown fence', '```\n' + NNK.join('\n') + '\n```\n'],
    ['markdown fence with language', '```console\n$ lspci -nnk -s 01:00.0\n' + NNK.join('\n') + '\n```\n'],
    ['tilde fence', '~~~\n' + NNK.join('\n') + '\n~~~\n'],
    ['quote marks', NNK.map((l) => '> ' + l).join('\n') + '\n'],
    ['nested quote marks', NNK.map((l) => '> > ' + l).join('\n') + '\n'],
    ['email-style nested quote marks', NNK.map((l) => '>> ' + l).join('\n') + '\n'],
    ['CRLF', NNK.join('\r\n') + '\r\n'],
    ['lone CR', NNK.join('\r') + '\r'],
    ['ANSI colours', NNK.map((l) => l.replace('vfio-pci', '\x1b[1;32mvfio-pci\x1b[0m').replace(/^01:00.0/, '\x1b[01;34m01:00.0\x1b[0m')).join('\n') + '\n'],
    ['spaces instead of tabs', NNK.map((l) => l.replace('\t', '    ')).join('\n') + '\n'],
    ['trailing whitespace', NNK.map((l) => l + '   \t').join('\n') + '\n'],
    ['no final newline', NNK.join('\n')],
    ['a UTF-8 BOM', '\ufeff' + NNK.join('\n')],
    ['a quoted, fenced, CRLF paste behind a prompt', ['> ```', '> user@host:~$ lspci -nnk', ...NNK.map((l) => '> ' + l), '> ```'].join('\r\n') + '\r\n'],
  ])('%s', (_n, text) => {
    check(text);
  });

  it('dmesg --color=always output is read as plain text', () => {
    const f = parse('\x1b[32m[    0.081234] \x1b[0m\x1b[33mDMAR: \x1b[0mIOMMU enabled\n');
    expect(f.kernelLog.map((l) => l.message)).toEqual(['DMAR: IOMMU enabled']);
  });

  it('fence, marker and prompt lines count as structure', () => {
    const s = sniff(lines('```', '=== dmesg ===', '[    0.081234] DMAR: IOMMU enabled', '$ uname -r', '6.8.0-45-generic', '```'), 'pasted text');
    expect(s.structural).toBe(4);
    expect(s.unparsed).toEqual([]);
    expect(s.blocks.map((b) => [b.kind, b.source, b.lines.length])).toEqual([
      ['kernel-log', 'dmesg', 1],
      ['uname', 'uname -r', 1],
    ]);
  });
});

describe('forum prose', () => {
  it('prose lines are unparsed, counted and kept as samples, never dropped', () => {
    const f = parse(
      lines(
        'Hi all, I have been trying to pass through my 3090 for days.',
        'Here is my lspci output:',
        '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
        '\tKernel driver in use: nvidia',
        'And my kernel command line:',
        'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=x ro quiet splash intel_iommu=on',
        'Any ideas? Thanks!',
      ),
    );
    expect(f.unparsed.count).toBe(4);
    expect(unparsedTexts(f)).toEqual(['Hi all, I have been trying to pass through my 3090 for days.', 'Here is my lspci output:', 'And my kernel command line:', 'Any ideas? Thanks!']);
    expect(f.unparsed.sample[0]).toEqual({ source: 'pasted text', line: 1, text: 'Hi all, I have been trying to pass through my 3090 for days.' });
    expect(dev(f, '0000:01:00.0').driver).toBe('nvidia');
    expect(paramValues(f.cmdline, 'intel_iommu')).toEqual(['on']);
  });

  it('the sample is capped but the count is not', () => {
    const f = parse(Array.from({ length: 50 }, (_, i) => `this is line ${i} of my long story`).join('\n'));
    expect(f.unparsed.count).toBe(50);
    expect(f.unparsed.sample.length).toBeLessThanOrEqual(20);
  });

  it('an empty paste has nothing, and nothing unparsed', () => {
    for (const t of ['', '\n\n', '```\n```\n', '   \r\n\t\n']) {
      const f = parse(t);
      expect(f.unparsed.count).toBe(0);
      expect(f.pci).toEqual([]);
      expect(f.groups).toBeUndefined();
    }
  });
});

// A bundle as `vfio-doctor collect` writes it (kept here so the test does not move with the demo host).
const BUNDLE = lines(
  '# vfio-doctor support bundle v1 · host · 2026-11-25T12:00:00.000Z',
  '# redacted: UUIDs, host name',
  '=== host ===',
  'pci_complete=yes',
  'iommu_class=ivhd0',
  'acpi_dmar=absent',
  'acpi_ivrs=present',
  'systemd_detect_virt=none',
  'dev_kvm=present',
  'euid=0',
  'path=/etc/default/grub',
  '=== /proc/cmdline ===',
  'BOOT_IMAGE=/boot/vmlinuz-6.11.5-arch1-1 root=UUID=REDACTED-UUID rw amd_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28',
  '=== /proc/version ===',
  'Linux version 6.11.5-arch1-1 (linux@archlinux) (gcc (GCC) 14.2.1 20240910, GNU ld (GNU Binutils) 2.43.0) #1 SMP PREEMPT_DYNAMIC Tue, 22 Oct 2024 18:31:38 +0000',
  '=== /proc/cpuinfo ===',
  'vendor_id\t: AuthenticAMD',
  'model name\t: AMD Ryzen 9 5950X 16-Core Processor',
  'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic svm npt',
  '=== /sys/bus/pci/devices ===',
  '0000:00:00.0 vendor=1022 device=1480 class=060000 subsystem=1022:1480 driver=- driver_override=(null) iommu_group=0 name="Advanced Micro Devices, Inc. [AMD] Starship/Matisse Root Complex"',
  '0000:0b:00.0 vendor=1002 device=73bf class=030000 subsystem=1da2:e438 driver=vfio-pci driver_override=(null) boot_vga=0 iommu_group=24 reset_method=bus power_state=D0 name="Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]"',
  '0000:0b:00.1 vendor=1002 device=ab28 class=040300 subsystem=1002:ab28 driver=vfio-pci driver_override=(null) iommu_group=24 power_state=D3hot name="Navi 21/23 HDMI/DP Audio Controller"',
  '0000:0c:00.0 vendor=10de device=2204 class=030000 subsystem=1043:87b3 driver=nvidia driver_override=(null) boot_vga=1 iommu_group=25 reset_method=flr,bus name="GA102 [GeForce RTX 3090]"',
  '=== /sys/kernel/iommu_groups ===',
  '/sys/kernel/iommu_groups/0/devices/0000:00:00.0',
  '/sys/kernel/iommu_groups/24/devices/0000:0b:00.0',
  '/sys/kernel/iommu_groups/24/devices/0000:0b:00.1',
  '/sys/kernel/iommu_groups/25/devices/0000:0c:00.0',
  '# kernel log reduced to 4 of 1200 lines (IOMMU, VFIO, GPU and PCI lines with context)',
  '=== dmesg ===',
  '[    0.000000] Linux version 6.11.5-arch1-1 (linux@archlinux) #1 SMP PREEMPT_DYNAMIC Tue, 22 Oct 2024 18:31:38 +0000',
  '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.11.5-arch1-1 root=UUID=REDACTED-UUID rw amd_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28',
  "[    0.000000] AMD-Vi: Unknown option - 'on'",
  '[    0.612345] pci 0000:0b:00.0: Adding to iommu group 24',
  '=== /etc/default/grub ===',
  '# GRUB boot loader configuration',
  'GRUB_DEFAULT=0',
  'GRUB_CMDLINE_LINUX_DEFAULT="loglevel=3 quiet amd_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28"',
  '=== /etc/modprobe.d/vfio.conf ===',
  'options vfio-pci ids=1002:73bf,1002:ab28',
  'softdep amdgpu pre: vfio-pci',
  '=== /etc/mkinitcpio.conf ===',
  'MODULES=(vfio_pci vfio vfio_iommu_type1)',
  'HOOKS=(base udev autodetect microcode modconf kms keyboard keymap consolefont block filesystems fsck)',
  '=== /boot/config-6.11.5-arch1-1 ===',
  'CONFIG_VFIO=m',
  '# CONFIG_VFIO_NOIOMMU is not set',
  '# end of bundle — analyse it with `vfio-doctor analyze FILE`',
);

describe('support bundle', () => {
  it('a whole bundle parses completely', () => {
    const f = parse(BUNDLE);
    expect(f.unparsed).toEqual({ count: 0, sample: [] });
    expect(f.pci.map((d) => d.bdf)).toEqual(['0000:00:00.0', '0000:0b:00.0', '0000:0b:00.1', '0000:0c:00.0']);
    expect(f.pciComplete).toBe(true);
    expect(f.kernelLogComplete).toBe(true);
    expect(f.groups).toEqual({ '0': ['0000:00:00.0'], '24': ['0000:0b:00.0', '0000:0b:00.1'], '25': ['0000:0c:00.0'] });
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ vendor: '1002', device: '73bf', classCode: '030000', driver: 'vfio-pci', driverOverride: null, bootVga: false, resetMethods: ['bus'], subVendor: '1da2', subDevice: 'e438' });
    expect(dev(f, '0000:0b:00.1').powerState).toBe('D3hot');
    expect(dev(f, '0000:00:00.0').driver).toBeNull();
    expect(dev(f, '0000:0c:00.0').bootVga).toBe(true);
    expect(f.iommuClass).toEqual(['ivhd0']);
    expect(f.acpiTables).toEqual({ DMAR: false, IVRS: true });
    expect(f.virt.detectVirt).toBe('none');
    expect(f.devKvm).toBe(true);
    expect(f.euid).toBe(0);
    expect(f.kernelRelease?.value).toBe('6.11.5-arch1-1');
    expect(f.cpu).toMatchObject({ vendor: 'amd', model: 'AMD Ryzen 9 5950X 16-Core Processor' });
    expect(f.kconfig).toEqual({ VFIO: 'm', VFIO_NOIOMMU: 'n' });
    expect(f.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value).toBe('loglevel=3 quiet amd_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28');
    expect(f.modprobe.map((d) => [d.kind, d.module, d.evidence.source])).toEqual([
      ['options', 'vfio_pci', '/etc/modprobe.d/vfio.conf'],
      ['softdep', 'amdgpu', '/etc/modprobe.d/vfio.conf'],
    ]);
    expect(f.configFiles.map((c) => c.path)).toEqual(['/etc/default/grub', '/etc/modprobe.d/vfio.conf', '/etc/mkinitcpio.conf']);
    expect(f.paths).toEqual(expect.arrayContaining(['/etc/default/grub', '/etc/modprobe.d/vfio.conf', '/etc/mkinitcpio.conf']));
    expect(paramValues(f.cmdline, 'vfio-pci.ids')).toEqual(['1002:73bf,1002:ab28']);
    expect(f.otherCmdlines).toEqual([]);
    expect(f.kernelLog.map((l) => l.message)).toContain("AMD-Vi: Unknown option - 'on'");
    expect(dev(f, '0000:0b:00.0').evidence[0]!.source).toBe('/sys/bus/pci/devices');
  });

  it('the shipped demo bundle parses with nothing unparsed', () => {
    const f = parse(DEMO_BUNDLE);
    expect(f.unparsed).toEqual({ count: 0, sample: [] });
    expect(f.pci.length).toBeGreaterThan(0);
    expect(f.groups).toBeDefined();
    expect(f.cmdline).toBeDefined();
  });

  it('a bundle pasted into a forum (quoted, fenced, CRLF) reads the same', () => {
    const plain = parse(BUNDLE);
    const mangled = parse('```\r\n' + BUNDLE.trimEnd().split('\n').map((l) => (l ? '> ' + l : '>')).join('\r\n') + '\r\n```\r\n');
    expect(mangled.unparsed.count).toBe(0);
    expect(mangled.pci.map((d) => ({ ...d, evidence: [] }))).toEqual(plain.pci.map((d) => ({ ...d, evidence: [] })));
    expect(mangled.groups).toEqual(plain.groups);
    expect(mangled.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value).toBe(plain.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value);
  });

  it('a bundle cut off mid-way keeps what arrived', () => {
    const cut = BUNDLE.slice(0, BUNDLE.indexOf('0000:0c:00.0') + 40);
    const f = parse(cut);
    expect(f.pci.map((d) => d.bdf)).toEqual(['0000:00:00.0', '0000:0b:00.0', '0000:0b:00.1', '0000:0c:00.0']);
    expect(dev(f, '0000:0c:00.0').vendor).toBe('10de');
    expect(f.cmdline).toBeDefined();
    expect(f.kernelLogComplete).toBe(false);
    expect(f.groups?.['24']).toEqual(['0000:0b:00.0', '0000:0b:00.1']);
  });

  it('host section key=value facts', () => {
    const f = parse(
      lines(
        '=== host ===',
        'iommu_class=',
        'iommu_groups=absent',
        'dmesg_restrict=1',
        'unavailable=dmesg',
        'note=could not read the kernel log: Operation not permitted',
        'mtime:/etc/default/grub=1732536000000',
        'mtime:/boot/initrd.img=bad',
        'something_new=1',
      ),
    );
    expect(f.iommuClass).toEqual([]);
    expect(f.groups).toEqual({});
    expect(f.dmesgRestrict).toBe(true);
    expect(f.unavailable).toEqual(['dmesg']);
    expect(f.notes).toContain('could not read the kernel log: Operation not permitted');
    expect(f.mtimes).toEqual({ '/etc/default/grub': 1732536000000 });
    expect(unparsedTexts(f)).toEqual(['mtime:/boot/initrd.img=bad', 'something_new=1']);
  });

  it('sysfs device lines: unset driver and override, quoted names, group', () => {
    const f = parse(
      lines(
        '=== /sys/bus/pci/devices ===',
        '0000:0b:00.0 vendor=0x1002 device=0x73bf class=0x030000 driver= driver_override= iommu_group=24 name="Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]"',
        '0000:0b:00.1 vendor=1002 device=ab28 class=040300 driver=vfio-pci driver_override=vfio-pci iommu_group=24 reset_method= power_state=D3hot',
      ),
    );
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ vendor: '1002', device: '73bf', classCode: '030000', driver: null, driverOverride: null, iommuGroup: 24, name: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]' });
    expect(dev(f, '0000:0b:00.1')).toMatchObject({ driver: 'vfio-pci', driverOverride: 'vfio-pci', resetMethods: [], powerState: 'D3hot' });
    expect(f.groups).toEqual({ '24': ['0000:0b:00.0', '0000:0b:00.1'] });
  });

  it('several sources at once merge into one host', () => {
    const f = parse(
      lines(
        '$ lspci -nnk -s 0b:00',
        '0b:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
        '\tKernel driver in use: amdgpu',
        '\tKernel modules: amdgpu',
        '$ for d in /sys/kernel/iommu_groups/*/devices/*; do n=${d#*/iommu_groups/*}; n=${n%%/*}; printf \'IOMMU Group %s \' "$n"; lspci -nns "${d##*/}"; done',
        'IOMMU Group 24 0b:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
        'IOMMU Group 24 0b:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
      ),
    );
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ driver: 'amdgpu', iommuGroup: 24, vendor: '1002' });
    expect(dev(f, '0000:0b:00.1').driver).toBeUndefined();
    expect(f.groups).toEqual({ '24': ['0000:0b:00.0', '0000:0b:00.1'] });
    expect(f.unparsed.count).toBe(0);
  });
});
