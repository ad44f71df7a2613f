// identical-gpus-id-collision: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));

// The seed: Ubuntu 24.04, two RTX 3090 Ti (10de:2203 + 10de:1aef); vfio-pci.ids on the GRUB command line claims both.
const SEED = (drivers: { host: [string, string]; guest: [string, string] }, cmdlineExtra = ' vfio-pci.ids=10de:2203,10de:1aef') => [
  '=== host ===',
  'pci_complete=yes',
  'path=/etc/initramfs-tools/initramfs.conf',
  '=== /proc/version ===',
  'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024',
  '=== /proc/cmdline ===',
  `BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=REDACTED-UUID ro quiet splash intel_iommu=on${cmdlineExtra}`,
  '=== /etc/default/grub ===',
  'GRUB_DEFAULT=0',
  'GRUB_TIMEOUT_STYLE=hidden',
  'GRUB_TIMEOUT=0',
  `GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on${cmdlineExtra}"`,
  'GRUB_CMDLINE_LINUX=""',
  '=== /sys/bus/pci/devices ===',
  '0000:00:17.0 vendor=8086 device=7ae2 class=010601 subsystem=0000:0000 driver=ahci driver_override=(null) iommu_group=11 power_state=D0',
  `0000:01:00.0 vendor=10de device=2203 class=030000 subsystem=1043:8870 driver=${drivers.guest[0]} driver_override=(null) boot_vga=0 iommu_group=17 reset_method=flr,bus power_state=D0`,
  `0000:01:00.1 vendor=10de device=1aef class=040300 subsystem=1043:8870 driver=${drivers.guest[1]} driver_override=(null) iommu_group=17 reset_method=flr,bus power_state=D0`,
  '0000:04:00.0 vendor=10ec device=8125 class=020000 subsystem=0000:0000 driver=r8169 driver_override=(null) iommu_group=19 power_state=D0',
  `0000:05:00.0 vendor=10de device=2203 class=030000 subsystem=1458:4102 driver=${drivers.host[0]} driver_override=(null) boot_vga=1 iommu_group=20 reset_method=flr,bus power_state=D0`,
  `0000:05:00.1 vendor=10de device=1aef class=040300 subsystem=1458:4102 driver=${drivers.host[1]} driver_override=(null) iommu_group=20 reset_method=flr,bus power_state=D0`,
];
const BOTH_ON_VFIO = SEED({ guest: ['vfio-pci', 'vfio-pci'], host: ['vfio-pci', 'vfio-pci'] });

// Pop!_OS 22.04 (kernelstub), two RX 580 (1002:67df + 1002:aaf0); IDs put in modprobe.d.
const POP_RX580 = (modprobe: boolean) => [
  '$ cat /etc/os-release',
  'NAME="Pop!_OS"',
  'ID=pop',
  'ID_LIKE="ubuntu debian"',
  'VERSION_ID="22.04"',
  '$ cat /proc/cmdline',
  'initrd=\\EFI\\Pop_OS-3c8e1f4a-7b2d-4e9c-a6f1-0d5b8c2e7a93\\initrd.img root=UUID=3c8e1f4a-7b2d-4e9c-a6f1-0d5b8c2e7a93 ro quiet loglevel=0 systemd.show_status=false splash',
  ...(modprobe ? ['$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:67df,1002:aaf0', 'softdep amdgpu pre: vfio-pci'] : []),
  '$ lspci -nnk | grep -A3 -e VGA -e Audio',
  '0c:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere [Radeon RX 470/480/570/570X/580/580X/590] [1002:67df] (rev e7)',
  '\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 580 4GB [1da2:e366]',
  `\tKernel driver in use: ${modprobe ? 'vfio-pci' : 'amdgpu'}`,
  '\tKernel modules: amdgpu',
  '0c:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere HDMI Audio [Radeon RX 470/480 / 570/580/590] [1002:aaf0]',
  `\tKernel driver in use: ${modprobe ? 'vfio-pci' : 'snd_hda_intel'}`,
  '\tKernel modules: snd_hda_intel',
  '--',
  '0f:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere [Radeon RX 470/480/570/570X/580/580X/590] [1002:67df] (rev e7)',
  '\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 580 4GB [1da2:e366]',
  `\tKernel driver in use: ${modprobe ? 'vfio-pci' : 'amdgpu'}`,
  '\tKernel modules: amdgpu',
  '0f:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere HDMI Audio [Radeon RX 470/480 / 570/580/590] [1002:aaf0]',
  `\tKernel driver in use: ${modprobe ? 'vfio-pci' : 'snd_hda_intel'}`,
  '\tKernel modules: snd_hda_intel',
];

type Expect = { severity: 'error' | 'warning'; data: Record<string, unknown>; devices: string[]; fix: string }[] | RegExp;

const cases: { name: string; text: string; gpus?: string[]; expect: Expect }[] = [
  {
    name: 'seed: vfio-pci.ids claims both RTX 3090 Ti; the boot card went to vfio-pci too',
    text: paste(...BOTH_ON_VFIO),
    expect: [
      {
        severity: 'error',
        data: { others: [expect.stringMatching(/^05:00\.0 /), expect.stringMatching(/^05:00\.1 /)], ids: ['10de:2203', '10de:1aef'], targets: ['01:00.0'], bad: true, configured: ['10de:2203', '10de:1aef'], lost: ['05:00.0', '05:00.1'], lostDrivers: ['vfio-pci'] },
        devices: ['0000:01:00.0', '0000:01:00.1', '0000:05:00.0', '0000:05:00.1'],
        fix: 'identical-gpus-id-collision/override-initramfs-tools',
      },
    ],
  },
  {
    name: 'Pop!_OS two RX 580: IDs in modprobe.d take both cards',
    text: paste(...POP_RX580(true)),
    gpus: ['0f:00.0'],
    expect: [{ severity: 'error', data: { others: [expect.stringMatching(/^0c:00\.0 /), expect.stringMatching(/^0c:00\.1 /)], ids: ['1002:67df', '1002:aaf0'], bad: true, configured: ['1002:67df', '1002:aaf0'] }, devices: ['0000:0f:00.0', '0000:0f:00.1', '0000:0c:00.0', '0000:0c:00.1'], fix: 'identical-gpus-id-collision/override-initramfs-tools' }],
  },
  {
    name: 'identical cards, nothing bound by ID yet: warn before the user follows an ID guide',
    text: paste(...POP_RX580(false)),
    gpus: ['0f:00.0'],
    expect: [{ severity: 'warning', data: { bad: false, configured: [], stubbed: [] }, devices: ['0000:0f:00.0', '0000:0f:00.1', '0000:0c:00.0', '0000:0c:00.1'], fix: 'identical-gpus-id-collision/override-initramfs-tools' }],
  },
  {
    name: 'seed without IDs, both cards on nvidia: a warning',
    text: paste(...SEED({ guest: ['nvidia', 'snd_hda_intel'], host: ['nvidia', 'snd_hda_intel'] }, '')),
    gpus: ['01:00.0'],
    expect: [{ severity: 'warning', data: { bad: false, targets: ['01:00.0'] }, devices: ['0000:01:00.0', '0000:01:00.1', '0000:05:00.0', '0000:05:00.1'], fix: 'identical-gpus-id-collision/override-initramfs-tools' }],
  },
  // Must not fire.
  {
    name: 'seed after the fix: the guest card on vfio-pci by address, the host card on nvidia, no IDs',
    text: paste(...SEED({ guest: ['vfio-pci', 'vfio-pci'], host: ['nvidia', 'snd_hda_intel'] }, '')),
    gpus: ['01:00.0'],
    expect: [],
  },
  {
    name: 'different cards: GTX 1080 for the guest, RX 6800 for the host',
    text: paste(
      '=== /proc/cmdline ===',
      'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet vfio-pci.ids=10de:1b80,10de:10f0',
      '=== /sys/bus/pci/devices ===',
      '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 iommu_group=1',
      '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=vfio-pci iommu_group=1',
      '0000:03:00.0 vendor=1002 device=73bf class=030000 driver=amdgpu boot_vga=1 iommu_group=15',
      '0000:03:00.1 vendor=1002 device=ab28 class=040300 driver=snd_hda_intel iommu_group=15',
    ),
    expect: [],
  },
  {
    name: 'one card: an RTX 2080 beside the Intel iGPU',
    text: paste(
      '=== /sys/bus/pci/devices ===',
      '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1 iommu_group=2',
      '0000:0b:00.0 vendor=10de device=1e87 class=030000 driver=vfio-pci boot_vga=0 iommu_group=16',
      '0000:0b:00.1 vendor=10de device=10f8 class=040300 driver=vfio-pci iommu_group=16',
      '0000:0b:00.2 vendor=10de device=1ad8 class=0c0330 driver=vfio-pci iommu_group=16',
      '0000:0b:00.3 vendor=10de device=1ad9 class=0c8000 driver=vfio-pci iommu_group=16',
    ),
    expect: [],
  },
  // Unknown is not false.
  { name: 'no GPU in the input', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet vfio-pci.ids=10de:2203,10de:1aef'), expect: /^no GPU to pass through was given \(paste lspci -nnk\)/ },
];

describe('identical-gpus-id-collision', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toMatchObject({ messageId: 'collision', data: e.data });
      expect(f.devices).toEqual(e.devices);
      expect(f.fixes[0]!.id).toBe(e.fix);
      expect(f.fixes[0]!.recommended).toBe(true);
      expect(f.evidence.length).toBeGreaterThan(0);
    });
  });

  it('seed fix: removes vfio-pci.ids from GRUB first, then an init-top script binds only 01:00.0 and 01:00.1 by address', () => {
    const r = runRule(rule, paste(...BOTH_ON_VFIO));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('identical-gpus-id-collision/override-initramfs-tools');
    const e = edits(fix);
    const grub = e.find((s) => s.path === '/etc/default/grub')!;
    expect(grub.diff).toContain('-GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef"');
    expect(grub.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on"');
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'update-grub')).toBe(true);
    const script = e.find((s) => s.path === '/etc/initramfs-tools/scripts/init-top/00-vfio-override')!;
    expect(e.indexOf(grub)).toBeLessThan(e.indexOf(script));
    expect(script.content).toContain('for dev in 0000:01:00.0 0000:01:00.1; do');
    expect(script.content).toContain('echo vfio-pci > "$sys/driver_override"');
    expect(script.content).not.toContain('0000:05:00');
    expect(script.mode).toBe('0755');
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'update-initramfs -u -k all')).toBe(true);
    expect(fix.warnings.join('\n')).toMatch(/PCI addresses/);
  });

  it('modprobe.d IDs: the fix removes the options line it would otherwise keep', () => {
    const r = runRule(rule, paste(...POP_RX580(true)), { gpus: ['0f:00.0'] });
    const fix = r.findings[0]!.fixes[0]!;
    const rm = edits(fix).filter((s) => s.op?.type === 'remove-lines');
    expect(rm.map((s) => s.path)).toContain('/etc/modprobe.d/vfio.conf');
    expect(rm.map((s) => s.diff).join('\n')).toMatch(/^-options vfio-pci ids=1002:67df,1002:aaf0$/m);
    // ...and keeps the softdep line.
    expect(rm.map((s) => s.diff).join('\n')).not.toMatch(/^-softdep/m);
    const script = edits(fix).find((s) => s.content?.includes('driver_override'))!;
    expect(script.content).toContain('for dev in 0000:0f:00.0 0000:0f:00.1; do');
    expect(script.content).not.toContain('0000:0c:00');
  });

  it('offers every initramfs generator\'s variant when the generator is unknown, with one recommended', () => {
    const r = runRule(
      rule,
      paste(
        '=== /sys/bus/pci/devices ===',
        '0000:01:00.0 vendor=10de device=2203 class=030000 driver=nvidia boot_vga=1 iommu_group=17',
        '0000:01:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=17',
        '0000:05:00.0 vendor=10de device=2203 class=030000 driver=nvidia boot_vga=0 iommu_group=20',
        '0000:05:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=20',
      ),
    );
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'collision', data: { targets: ['05:00.0'] } });
    const ids = f.fixes.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['identical-gpus-id-collision/override-initramfs-tools', 'identical-gpus-id-collision/override-mkinitcpio', 'identical-gpus-id-collision/override-dracut']));
    expect(f.fixes.filter((x) => x.recommended)).toHaveLength(1);
    const dracut = f.fixes.find((x) => x.id === 'identical-gpus-id-collision/override-dracut')!;
    expect(JSON.stringify(dracut.steps)).toContain('install vfio-pci /usr/local/bin/vfio-pci-override.sh');
  });
});
