// Table-driven tests for softdep-missing (E8): info when it works by luck, warning when a host driver won.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));

const BOUND = [
  '$ lspci -nnk -s 03:00',
  '03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c3)',
  '\tKernel driver in use: vfio-pci',
  '\tKernel modules: amdgpu',
  '03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  '\tKernel driver in use: vfio-pci',
  '\tKernel modules: snd_hda_intel',
];

const cases: { name: string; text: string; expect: { severity: 'info' | 'warning'; missing: string[]; held: string[] } | 'none' | RegExp }[] = [
  { name: 'audio function lost the race to snd_hda_intel (fixture)', text: fixture('rules/softdep-missing/fires.txt'), expect: { severity: 'warning', missing: ['nouveau', 'snd_hda_intel'], held: ['01:00.1 Audio device [10de:228b] (driver snd_hda_intel)'] } },
  { name: 'everything on vfio-pci, no softdep: works by luck (info)', text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf,1002:ab28', ...BOUND), expect: { severity: 'info', missing: ['amdgpu', 'snd_hda_intel'], held: [] } },
  { name: 'IDs on the command line of a modular vfio-pci, devices not pasted: vendor drivers', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz-linux root=UUID=abc rw vfio-pci.ids=10de:1b80', '$ cat /etc/modprobe.d/nvidia.conf', 'options nvidia_drm modeset=1'), expect: { severity: 'info', missing: ['nouveau', 'nvidia'], held: [] } },
  // Must not fire.
  { name: 'Proxmox softdeps for every driver (fixture)', text: fixture('rules/softdep-missing/clean.txt'), expect: 'none' },
  { name: 'built-in vfio-pci needs no softdep', text: paste('$ grep vfio-pci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/vfio/pci/vfio-pci.ko', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf,1002:ab28', ...BOUND), expect: 'none' },
  { name: 'no vfio IDs configured', text: paste('$ cat /etc/modprobe.d/blacklist.conf', 'blacklist nouveau', ...BOUND), expect: 'none' },
  { name: 'softdep written with vfio_pci and several pre modules', text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio_pci ids=1002:73bf,1002:ab28', 'softdep amdgpu pre: vfio vfio_pci', 'softdep snd_hda_intel pre: vfio_pci'), expect: 'none' },
  {
    name: 'sysfs without module names: softdep amdgpu covers the radeon alternative',
    text: paste('=== /etc/modprobe.d/vfio.conf ===', 'options vfio-pci ids=1002:73bf,1002:ab28', 'softdep amdgpu pre: vfio-pci', 'softdep snd_hda_intel pre: vfio-pci', '=== /sys/bus/pci/devices ===', '0000:03:00.0 vendor=1002 device=73bf class=030000 driver=vfio-pci boot_vga=0', '0000:03:00.1 vendor=1002 device=ab28 class=040300 driver=vfio-pci'),
    expect: 'none',
  },
  // Unable.
  { name: 'IDs on the command line, modprobe.d not given', text: paste('BOOT_IMAGE=/vmlinuz-linux root=UUID=abc rw vfio-pci.ids=1002:73bf,1002:ab28', ...BOUND), expect: /modprobe\.d was not given/ },
];

describe('softdep-missing', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe(expected.severity);
    expect(r.messages[0]).toMatchObject({ messageId: 'noOrder', data: { missing: expected.missing, held: expected.held } });
    expect(f.fixes.length).toBeGreaterThan(0);
  });

  it('appends the softdeps to the file that holds the IDs and rebuilds the initramfs', () => {
    const fix = runRule(rule, fixture('rules/softdep-missing/fires.txt')).findings[0]!.fixes[0]!;
    expect(fix.id).toBe('softdep-missing/initramfs-tools');
    const e = edits(fix)[0]!;
    expect(e.path).toBe('/etc/modprobe.d/vfio.conf');
    expect(e.diff).toContain('+softdep nouveau pre: vfio-pci');
    expect(e.diff).toContain('+softdep snd_hda_intel pre: vfio-pci');
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'update-initramfs -u -k all')).toBe(true);
  });
});
