// Kernel log in every pasted shape: dmesg, -T, -x, journalctl (short, monotonic, iso, precise, cat), syslog, bare lines.
import { describe, expect, it } from 'vitest';
import { stripLogPrefix } from '../../src/parse/kernel-log';
import { parse, lines, unparsedTexts } from './helpers';

const MSG = 'vfio-pci 0000:01:00.0: BAR 1: can\'t reserve [mem 0xe0000000-0xefffffff 64bit pref]';

describe('timestamp, host and facility are stripped', () => {
  it.each<[string, string]>([
    ['dmesg', `[    2.345678] ${MSG}`],
    ['dmesg, no space after stamp', `[12345.678901]${MSG}`],
    ['dmesg with caller id', `[    2.345678] [  T123] ${MSG}`],
    ['dmesg with caller id, no space', `[    2.345678][    T1] ${MSG}`],
    // Qualcomm/Android kernels: CPU and PID after the stamp (limboemu/limbo#85).
    ['dmesg of an Android kernel (CPU, PID)', `[    1.039716] c3       1 ${MSG}`],
    ['dmesg -T', `[Mon Nov 25 13:03:11 2026] ${MSG}`],
    ['dmesg -T single-digit day', `[Sun Nov  3 09:01:02 2026] ${MSG}`],
    ['dmesg -x', `kern  :info  : [    2.345678] ${MSG}`],
    ['dmesg -x -T', `kern  :warn  : [Mon Nov 25 13:03:11 2026] ${MSG}`],
    ['dmesg -r', `<6>[    2.345678] ${MSG}`],
    ['journalctl -k (short)', `Nov 25 13:03:11 archlinux kernel: ${MSG}`],
    ['journalctl -o short-precise', `Nov 25 13:03:11.123456 archlinux kernel: ${MSG}`],
    ['journalctl -o short-monotonic', `[    2.345678] archlinux kernel: ${MSG}`],
    ['journalctl -o short-iso', `2026-11-25T13:03:11+0100 archlinux kernel: ${MSG}`],
    ['journalctl -o short-iso-precise', `2026-11-25T13:03:11.123456+01:00 archlinux kernel: ${MSG}`],
    ['journalctl -o short-full', `Mon 2026-11-25 13:03:11 CET archlinux kernel: ${MSG}`],
    ['rsyslog kern.log', `Nov 25 13:03:11 pve kernel: [    2.345678] ${MSG}`],
    ['syslog with a dotted host name', `Nov  5 03:03:11 gpu-box.lan.example.org kernel: ${MSG}`],
    ['rsyslog ISO kern.log', `2026-11-25T13:03:11.123456+01:00 pve kernel: [    2.345678] ${MSG}`],
    ['bare line', MSG],
  ])('%s', (_name, text) => {
    const s = stripLogPrefix(text);
    expect(s?.message).toBe(MSG);
    const f = parse(text + '\n');
    expect(f.kernelLog.map((l) => l.message)).toEqual([MSG]);
    expect(f.kernelLogSeen).toBe(true);
    expect(f.unparsed.count).toBe(0);
  });
});

describe('messages of other programs in the journal', () => {
  it('keeps the program name and records the modules-load failure', () => {
    const f = parse('Nov 25 13:03:11 fedora systemd-modules-load[312]: Failed to find module \'vfio_virqfd\'\n');
    expect(f.buildMessages).toEqual([
      expect.objectContaining({ tool: 'systemd-modules-load', module: 'vfio_virqfd' }),
    ]);
    expect(f.unparsed.count).toBe(0);
  });

  it('in a journalctl section the line is a log line of that program', () => {
    const f = parse(lines('$ journalctl -b', 'Nov 25 13:03:11 fedora systemd-modules-load[312]: Failed to find module \'vfio_virqfd\''));
    expect(f.kernelLog.map((l) => l.message)).toEqual(["systemd-modules-load[312]: Failed to find module 'vfio_virqfd'"]);
    expect(f.buildMessages).toHaveLength(1);
  });

  it('a program line is never taken as a boot marker', () => {
    const s = stripLogPrefix('Nov 25 13:03:11 pve libvirtd[1234]: Linux version 6.8.0');
    expect(s?.program).toBe('libvirtd');
  });
});

describe('single bare lines people paste', () => {
  it.each<[string, RegExp?]>([
    ["AMD-Vi: Unknown option - 'on'"],
    ["DMAR: Unknown option - 'on,igfx_off'"],
    ['DMAR: IOMMU enabled'],
    ['DMAR-IR: Enabled IRQ remapping in x2apic mode'],
    ['AMD-Vi: Interrupt remapping enabled'],
    ['perf/amd_iommu: Detected AMD IOMMU #0 (2 banks, 4 counters/bank).'],
    ['iommu: Default domain type: Translated'],
    ['pci 0000:01:00.0: Adding to iommu group 17'],
    ['vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)'],
    ['vfio_pci: add [10de:2204[ffffffff:ffffffff]] class 0x000000/00000000'],
    ['vfio-pci: probe of 0000:65:00.0 failed with error -22'],
    ['vfio-pci 0000:65:00.0: probe with driver vfio-pci failed with error -22'],
    ['vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param "allow_unsafe_interrupts" to enable VFIO IOMMU support on this platform'],
    ['vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded'],
    ['VFIO - User Level meta-driver version: 0.3'],
    ['pci-stub: add 10DE:2204 sub=FFFFFFFF:FFFFFFFF cls=00000000/00000000'],
    ['kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL'],
    ['kvm: disabled by bios'],
    ['x86/cpu: VMX (outside TXT) disabled by BIOS'],
    ['Hypervisor detected: KVM'],
    ['Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA'],
    ['NVRM: The NVIDIA probe routine was not called for 1 device(s).'],
    ['amdgpu 0000:0b:00.0: amdgpu: SMU: I\'m not done with your previous command'],
    ['efifb: probing for efifb'],
    ['iommu: Adding device 0000:01:00.0 to group 14'],
    // Looking Glass's kvmfr module (module/kvmfr.c kvmfr_pci_probe, kvmfr_module_init)
    ['kvmfr: kvmfr_pci_probe: failed to remap pages! ret = -22'],
    ['kvmfr: kvmfr_module_init: module loaded'],
  ])('%s', (text) => {
    const f = parse(text + '\n');
    expect(f.kernelLog.map((l) => l.message)).toEqual([text]);
    expect(f.unparsed.count).toBe(0);
    expect(f.kernelLogComplete).toBe(false);
  });

  it('group membership from the kernel log is used only when nothing else listed groups', () => {
    const f = parse(lines('[    0.536462] pci 0000:01:00.0: Adding to iommu group 17', '[    0.536467] pci 0000:01:00.1: Adding to iommu group 17'));
    expect(f.groups).toEqual({ '17': ['0000:01:00.0', '0000:01:00.1'] });
    expect(f.notes.join(' ')).toMatch(/kernel log/);
  });

  it('old kernels said "iommu: Adding device … to group N"', () => {
    const f = parse(lines('[    1.000000] iommu: Adding device 0000:01:00.0 to group 14', '[    1.000001] iommu: Adding device 0000:01:00.1 to group 14'));
    expect(f.groups).toEqual({ '14': ['0000:01:00.0', '0000:01:00.1'] });
  });

  it('a listing of groups wins over the kernel log', () => {
    const f = parse(lines('[    0.536462] pci 0000:01:00.0: Adding to iommu group 17', 'IOMMU Group 16 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'));
    expect(f.groups).toEqual({ '16': ['0000:01:00.0'] });
  });

  it('a random unstamped line with no known prefix is not a log line', () => {
    const f = parse('my GPU does not show up in the VM\n');
    expect(f.kernelLogSeen).toBe(false);
    expect(f.unparsed.count).toBe(1);
  });
});

describe('journalctl -o cat and other unstamped sections', () => {
  it('every line of a marked log section is a message', () => {
    const f = parse(
      lines(
        '$ journalctl -k -b -o cat',
        'Linux version 6.11.5-arch1-1 (linux@archlinux) (gcc (GCC) 14.2.1 20240910, GNU ld (GNU Binutils) 2.43.0) #1 SMP PREEMPT_DYNAMIC Tue, 22 Oct 2024 18:31:38 +0000',
        'Command line: initrd=\\initramfs-linux.img root=PARTUUID=3d3e7a4f-01 rw amd_iommu=on iommu=pt',
        'smpboot: CPU0: AMD Ryzen 9 5950X 16-Core Processor (family: 0x19, model: 0x21, stepping: 0x0)',
        'AMD-Vi: Unknown option - \'on\'',
        'pci 0000:0b:00.0: [1002:73bf] type 00 class 0x030000 PCIe Legacy Endpoint',
      ),
    );
    expect(f.kernelLog).toHaveLength(5);
    expect(f.unparsed.count).toBe(0);
    expect(f.kernelRelease?.value).toBe('6.11.5-arch1-1');
    expect(f.kernelLogComplete).toBe(true);
    expect(f.cmdline?.params.some((p) => p.key === 'amd_iommu')).toBe(true);
  });

  it('journal headers and boot separators are structure, not unparsed', () => {
    const f = parse(
      lines(
        '-- Journal begins at Sat 2026-11-01 10:00:00 CET, ends at Mon 2026-11-25 13:05:00 CET. --',
        'Nov 25 13:03:11 host kernel: Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP',
        '-- Boot 4c5d3e2f1a0b49c8a7e6d5c4b3a29180 --',
        'Nov 25 13:03:12 host kernel: DMAR: IOMMU enabled',
      ),
    );
    expect(f.kernelLog).toHaveLength(2);
    expect(f.unparsed.count).toBe(0);
  });

  it.each([
    ['with the prompt', lines('$ dmesg | grep -B1 -A1 vfio', '[    1.894000] VFIO - User Level meta-driver version: 0.3', '[    1.894100] vfio_pci: add [10de:2204[ffffffff:ffffffff]] class 0x000000/00000000', '--', '[ 8123.000001] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)')],
    ['without the prompt', lines('[    1.894100] vfio_pci: add [10de:2204[ffffffff:ffffffff]] class 0x000000/00000000', '--', '[ 8123.000001] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)')],
  ])('grep context separators are understood (%s)', (_n, text) => {
    const f = parse(text);
    expect(f.unparsed.count).toBe(0);
    expect(f.kernelLog.map((l) => l.message)).not.toContain('--');
  });

  it('"-- No entries --" from journalctl is not unparsed', () => {
    const f = parse(lines('$ journalctl -k -g vfio', '-- No entries --'));
    expect(f.unparsed.count).toBe(0);
  });
});

const BOOT = lines(
  '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 (Ubuntu 6.8.0-45.45-generic 6.8.12)',
  '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=x ro quiet splash',
  '[    0.081234] DMAR: IOMMU enabled',
  '[    0.536462] pci 0000:01:00.0: Adding to iommu group 17',
);

describe('kernelLogComplete: a whole boot log that was not filtered', () => {
  it.each<[string, string, boolean]>([
    ['dmesg from boot', BOOT, true],
    ['dmesg with a prompt', '$ sudo dmesg\n' + BOOT, true],
    ['dmesg | less is not a filter', '$ dmesg | less\n' + BOOT, true],
    ['dmesg | grep', '$ sudo dmesg | grep -iE "linux version|iommu|dmar"\n' + BOOT, false],
    ['dmesg | tail', '$ dmesg | tail -n 200\n' + BOOT, false],
    ['journalctl -k --grep', '$ journalctl -k --grep=iommu\n' + BOOT, false],
    ['journalctl -k -g', '$ journalctl -k -b -g "vfio|iommu"\n' + BOOT, false],
    ['dmesg --level', '$ dmesg --level=err,warn,notice\n' + BOOT, false],
    ['journalctl -p', '$ journalctl -k -p 3\n' + BOOT, false],
    ['a wrapped ring buffer (no boot lines)', lines('[ 8123.000001] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)', '[ 8123.000123] vfio-pci 0000:01:00.0: vfio_ecap_init: hiding ecap 0x19@0x900'), false],
    ['journalctl short from boot', lines('Nov 25 13:03:11 host kernel: Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', 'Nov 25 13:03:11 host kernel: DMAR: IOMMU enabled'), true],
    ['dmesg -T from boot', lines('[Mon Nov 25 13:03:11 2026] Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', '[Mon Nov 25 13:03:11 2026] DMAR: IOMMU enabled'), true],
    ['rsyslog kern.log with [0.000000]', lines('Nov 25 13:03:11 pve kernel: [    0.000000] Linux version 6.8.12-4-pve (build@proxmox) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4', 'Nov 25 13:03:11 pve kernel: [    0.000000] x86/fpu: x87 FPU will use FXSAVE', 'Nov 25 13:03:11 pve kernel: [    0.081234] DMAR: IOMMU enabled'), true],
    // Issue 12: an excerpt is not a whole log however it starts (github.com/truenas/linux/pull/171, three lines).
    ['[0.000000] lines without the boot banner are an excerpt', lines('[    0.000000] BIOS-e820: [mem 0x0000000100000000-0x000000021fffffff] usable', '[    0.000000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA', '[    0.000000] NX (Execute Disable) protection: active'), false],
    ['a boot log cut with [...] is an excerpt', lines('[    0.000000] Linux version 6.0.9-300.fc37.x86_64', '[    0.000000] Command line: initrd=\\x\\initrd root=UUID=4d8f ro rhgb quiet', '[    0.100185] DMAR: IOMMU enabled', '[...]'), false],
    ['/proc/version alone is not a boot log', 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024\n', false],
    ['an unstamped Linux version line in a paste', lines('Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', "AMD-Vi: Unknown option - 'on'"), false],
  ])('%s', (_name, text, complete) => {
    const f = parse(text);
    expect(f.kernelLogComplete).toBe(complete);
  });

  it('/proc/version still gives the kernel release', () => {
    const f = parse('Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024\n');
    expect(f.kernelRelease?.value).toBe('6.8.0-45-generic');
  });

  it('a boot log reports the release and keeps evidence line numbers', () => {
    const f = parse('$ sudo dmesg\n' + BOOT);
    expect(f.kernelRelease?.value).toBe('6.8.0-45-generic');
    expect(f.kernelLog[2]).toEqual({ message: 'DMAR: IOMMU enabled', evidence: { source: 'sudo dmesg', line: 3, text: '[    0.081234] DMAR: IOMMU enabled' } });
  });

  it('kern.log read from a path counts as a log', () => {
    const f = parse(BOOT, '/var/log/kern.log', 'kernel-log');
    expect(f.kernelLogComplete).toBe(true);
    expect(f.kernelLog).toHaveLength(4);
  });

  it('a stampless line inside a stamped log section is kept as unparsed, not dropped', () => {
    const f = parse(lines('$ dmesg', '[    0.000000] Linux version 6.8.0 (x@y) #1 SMP', 'this line was typed by hand'));
    expect(f.kernelLog).toHaveLength(1);
    expect(unparsedTexts(f)).toEqual(['this line was typed by hand']);
  });
});

describe('messages dmesg prints over two lines', () => {
  const log = [
    '[    0.412189] tun: Universal TUN/TAP device driver, 1.6',
    '[    0.414255] amd_pstate: The CPPC feature is supported but currently disabled by the BIOS.',
    '               Please enable it if your BIOS has the CPPC option.',
    '[    0.414258] amd_pstate: the _CPC object is not present in SBIOS or ACPI disabled',
  ];

  it('reads the indented rest of a message as part of the log, not as a line nobody understood', () => {
    for (const kind of ['auto', 'kernel-log'] as const) {
      const f = parse(lines(...log), kind === 'auto' ? 'pasted text' : 'dmesg', kind);
      expect(unparsedTexts(f), kind).toEqual([]);
      expect(f.kernelLog.map((l) => l.message), kind).toContain('amd_pstate: the _CPC object is not present in SBIOS or ACPI disabled');
    }
  });

  it('still counts an indented line that follows no log message', () => {
    const f = parse(lines('some prose first', '               Please enable it if your BIOS has the CPPC option.'));
    expect(unparsedTexts(f)).toContain('Please enable it if your BIOS has the CPPC option.');
  });
});
