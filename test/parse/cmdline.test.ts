// Kernel command line: bare /proc/cmdline, dmesg "Command line:" lines, repeated keys, dash/underscore, quotes.
import { describe, expect, it } from 'vitest';
import { hasParam, paramValues, parseCmdlineString, splitCmdline, looksLikeCmdline } from '../../src/parse/cmdline';
import { parse, lines } from './helpers';

const PROC =
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b1c2d3e-aaaa-bbbb-cccc-0123456789ab ro quiet splash intel_iommu=on iommu=pt vfio-pci.ids=10de:2204,10de:1aef';

describe('bare /proc/cmdline', () => {
  it.each([
    ['marked source', () => parse(PROC + '\n', '/proc/cmdline', 'cmdline')],
    ['unmarked paste', () => parse(PROC + '\n')],
    ['after a cat prompt', () => parse(lines('user@host:~$ cat /proc/cmdline', PROC))],
    ['with trailing spaces and CRLF', () => parse(PROC + '   \r\n')],
  ])('%s', (_name, run) => {
    const f = run();
    expect(f.cmdline?.raw).toBe(PROC);
    expect(paramValues(f.cmdline, 'intel_iommu')).toEqual(['on']);
    expect(paramValues(f.cmdline, 'vfio_pci.ids')).toEqual(['10de:2204,10de:1aef']);
    expect(hasParam(f.cmdline, 'ro')).toBe(true);
    expect(hasParam(f.cmdline, 'quiet')).toBe(true);
    expect(f.unparsed.count).toBe(0);
    // GRUB's BOOT_IMAGE names the kernel release when nothing else did
    expect(f.kernelRelease?.value).toBe('6.8.0-45-generic');
  });

  it('evidence points at the source and its line in that source (the output after the prompt), not the paste', () => {
    const f = parse(lines('$ cat /proc/cmdline', PROC));
    expect(f.cmdline?.evidence).toMatchObject({ source: '/proc/cmdline', line: 1 });
    // With no prompt naming it, the line is the pasted text's.
    expect(parse(lines('my cmdline:', PROC)).cmdline?.evidence).toMatchObject({ source: 'pasted text', line: 2 });
  });

  it('a Proxmox ZFS command line without BOOT_IMAGE is still recognised', () => {
    const f = parse('initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs amd_iommu=on iommu=pt\n');
    expect(paramValues(f.cmdline, 'amd_iommu')).toEqual(['on']);
    expect(paramValues(f.cmdline, 'root')).toEqual(['ZFS=rpool/ROOT/pve-1']);
  });
});

describe('command line inside the kernel log', () => {
  it.each([
    ['[    0.000000] Command line: ' + PROC],
    ['[    0.052012] Kernel command line: ' + PROC],
    ['Nov 25 13:03:11 host kernel: Command line: ' + PROC],
    ['Command line: ' + PROC],
    ['Kernel command line: ' + PROC],
  ])('%s', (line) => {
    const f = parse(line + '\n');
    expect(f.cmdline?.raw).toBe(PROC);
    expect(paramValues(f.cmdline, 'iommu')).toEqual(['pt']);
    expect(f.kernelLogSeen).toBe(true);
  });

  it('repeated vfio-pci.ids in the boot log give two values', () => {
    const f = parse('[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-linux root=/dev/nvme0n1p2 rw vfio-pci.ids=10de:2204 vfio_pci.ids=10de:1aef\n');
    expect(paramValues(f.cmdline, 'vfio-pci.ids')).toEqual(['10de:2204', '10de:1aef']);
  });

  it('identical Command line and Kernel command line give one command line', () => {
    const f = parse(lines('[    0.000000] Command line: ' + PROC, '[    0.052012] Kernel command line: ' + PROC));
    expect(f.cmdline?.raw).toBe(PROC);
    expect(f.otherCmdlines).toEqual([]);
  });

  it('a different second command line (a paste from another boot) is kept apart', () => {
    const f = parse(lines('[    0.000000] Command line: ' + PROC, 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=/dev/sda2 ro quiet'));
    expect(f.cmdline?.raw).toBe(PROC);
    expect(f.otherCmdlines.map((c) => c.raw)).toEqual(['BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=/dev/sda2 ro quiet']);
  });

  it('"Unknown kernel command line parameters" is not a command line', () => {
    const f = parse('[    0.052100] Unknown kernel command line parameters "splash BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic", will be passed to user space.\n');
    expect(f.cmdline).toBeUndefined();
    expect(f.kernelLog).toHaveLength(1);
  });
});

describe('parameters', () => {
  it('keeps repeated keys in order, dash and underscore being the same name', () => {
    const c = parseCmdlineString('quiet vfio-pci.ids=10de:2204 amd_iommu=on vfio_pci.ids=10de:1aef', { source: 't', text: '' });
    expect(paramValues(c, 'vfio-pci.ids')).toEqual(['10de:2204', '10de:1aef']);
    expect(paramValues(c, 'vfio_pci.ids')).toEqual(['10de:2204', '10de:1aef']);
    expect(hasParam(c, 'amd-iommu', 'on')).toBe(true);
    expect(hasParam(c, 'amd_iommu', 'off')).toBe(false);
  });

  it.each<[string, string, string[]]>([
    ['dyndbg="file drivers/vfio/* +p" quiet', 'dyndbg', ['file drivers/vfio/* +p']],
    ['"dyndbg=file drivers/vfio/* +p" quiet', 'dyndbg', ['file drivers/vfio/* +p']],
    ['acpi_osi="Windows 2020" iommu=pt', 'acpi_osi', ['Windows 2020']],
    ['acpi_osi= iommu=pt', 'acpi_osi', ['']],
    ['video=efifb:off video=vesafb:off', 'video', ['efifb:off', 'vesafb:off']],
    ['pcie_acs_override=downstream,multifunction', 'pcie_acs_override', ['downstream,multifunction']],
    ['root=UUID=abc=def', 'root', ['UUID=abc=def']],
  ])('%s', (raw, key, values) => {
    const c = parseCmdlineString(raw, { source: 't', text: raw });
    expect(paramValues(c, key)).toEqual(values);
  });

  it('a flag without a value has no value', () => {
    const c = parseCmdlineString('ro quiet', { source: 't', text: '' });
    expect(c.params).toEqual([
      { key: 'ro', raw: 'ro' },
      { key: 'quiet', raw: 'quiet' },
    ]);
  });

  it('splits on runs of whitespace and keeps quoted spaces', () => {
    expect(splitCmdline('  a=1\t b="x  y"  c ')).toEqual(['a=1', 'b="x  y"', 'c']);
  });

  it('paramValues and hasParam are safe on an unknown command line', () => {
    expect(paramValues(undefined, 'iommu')).toEqual([]);
    expect(hasParam(undefined, 'iommu')).toBe(false);
  });
});

describe('what is not a command line', () => {
  it.each([
    'I added intel_iommu=on to grub and it still does not work, what am I doing wrong?',
    'quiet splash',
  ])('%s', (text) => {
    expect(looksLikeCmdline(text)).toBe(false);
  });

  it('a GRUB assignment is a grub variable, not the running command line', () => {
    const f = parse('GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on"\n');
    expect(f.cmdline).toBeUndefined();
    expect(f.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value).toBe('quiet splash intel_iommu=on');
  });
});
