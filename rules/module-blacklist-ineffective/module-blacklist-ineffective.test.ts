// Table-driven tests for module-blacklist-ineffective (E11): modprobe.d blacklist, stale image, built-in drivers.
import { describe, expect, it } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases, runRule } from '../../test/harness';

const cases: { name: string; text: string; expect: { data: object; fix: string } | 'none' | RegExp }[] = [
  { name: 'nouveau blacklisted, still bound (fixture)', text: fixture('rules/module-blacklist-ineffective/fires.txt'), expect: { data: { module: 'nouveau', where: ['/etc/modprobe.d/blacklist-nouveau.conf'], devices: ['01:00.0 VGA compatible controller [10de:1f08] (driver nouveau)'], cause: { kind: 'alias' } }, fix: 'module-blacklist-ineffective/rebuild-initramfs-tools' } },
  {
    name: 'the blacklist is newer than the initramfs (bundle mtimes)',
    text: paste(
      '=== host ===',
      'mtime:/etc/modprobe.d/blacklist.conf=1736600000000',
      'mtime:/boot/initrd.img-6.8.0-45-generic=1736500000000',
      '=== /proc/version ===',
      'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024',
      '=== /etc/modprobe.d/blacklist.conf ===',
      'blacklist amdgpu',
      '=== /sys/bus/pci/devices ===',
      '0000:0c:00.0 vendor=1002 device=73bf class=030000 driver=amdgpu boot_vga=0',
    ),
    expect: { data: { cause: { kind: 'oldImage', image: '/boot/initrd.img-6.8.0-45-generic' } }, fix: 'module-blacklist-ineffective/rebuild-initramfs-tools' },
  },
  {
    name: 'xhci_hcd is built in: a blacklist cannot stop it',
    text: paste('$ grep xhci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/usb/host/xhci-pci.ko', '$ cat /etc/modprobe.d/gpu-usb.conf', 'blacklist xhci_pci', '$ lspci -nnk -s 0b:00', '0b:00.2 USB controller [0c03]: NVIDIA Corporation TU104 USB 3.1 Host Controller [10de:1ad8] (rev a1)', '\tKernel driver in use: xhci_hcd', '\tKernel modules: xhci_pci'),
    expect: { data: { cause: { kind: 'builtin' } }, fix: 'module-blacklist-ineffective/ids/grub' },
  },
  // Must not fire.
  { name: 'blacklisted and not bound (fixture)', text: fixture('rules/module-blacklist-ineffective/clean.txt'), expect: 'none' },
  { name: 'no blacklist at all', text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1f08', '$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106 [GeForce RTX 2060 Rev. A] [10de:1f08] (rev a1)', '\tKernel driver in use: nouveau'), expect: 'none' },
  { name: 'nouveau blacklisted while the host runs nvidia', text: paste('$ cat /etc/modprobe.d/nvidia.conf', 'blacklist nouveau', '$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106 [GeForce RTX 2060 Rev. A] [10de:1f08] (rev a1)', '\tKernel driver in use: nvidia'), expect: 'none' },
  // Unable.
  { name: 'blacklist without drivers in use', text: paste('$ cat /etc/modprobe.d/blacklist.conf', 'blacklist nouveau'), expect: /drivers in use are unknown/ },
  { name: 'nothing given', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106 [GeForce RTX 2060 Rev. A] [10de:1f08] (rev a1)', '\tKernel driver in use: nouveau'), expect: /neither \/etc\/modprobe\.d nor kernel command line was given/ },
];

describe('module-blacklist-ineffective', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'ineffective', data: expected.data });
    expect(r.findings[0]!.fixes[0]!.id).toBe(expected.fix);
  });
});

// The drivers in use unknown, the failure stated plainly in prose (github.com/ROCm/gpu-operator/issues/330 and variants).
describe('module-blacklist-ineffective: stated in prose', () => {
  const ECHO = "sudo echo 'blacklist amdgpu' >> /etc/modprobe.d/blacklist-amdgpu.conf";
  it('a blacklist shown and said not to work: a warning quoting the sentence, naming the file', () => {
    const r = runRule(rule, paste('adding the blacklist does not actually blacklist amdgpu on 22.04.', '```', ECHO, '```'));
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'stated', data: { module: 'amdgpu', where: ['/etc/modprobe.d/blacklist-amdgpu.conf'] } });
    expect(f.fixes[0]!.id).toMatch(/^module-blacklist-ineffective\/rebuild-/);
  });
  it.each<[string, string]>([
    ['said of another module than the one blacklisted', 'Blacklisting nouveau does not work here.'],
    ['said to work', 'Blacklisting amdgpu works fine.'],
    ['asked about', 'Does blacklist amdgpu not work on 22.04?'],
  ])('quiet (or unable) when %s', (_n, sentence) => {
    expect(runRule(rule, paste(sentence, '```', ECHO, '```')).findings).toEqual([]);
  });
});
