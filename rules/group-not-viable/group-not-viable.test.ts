// group-not-viable: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

type Drv = { vga: string; audio: string; usb: string; ucsi: string };
// RTX 2080 (Turing) on Debian 12: four functions in group 16; sysfs lines as a support bundle writes them.
const CMDLINE_IDS = ['=== /proc/cmdline ===', 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on vfio-pci.ids=10de:1e87,10de:10f8'];
const MODPROBE_IDS = [
  '=== /proc/cmdline ===',
  'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on',
  '=== /etc/modprobe.d/vfio.conf ===',
  'options vfio-pci ids=10de:1e87,10de:10f8',
  'softdep nouveau pre: vfio-pci',
  'softdep snd_hda_intel pre: vfio-pci',
];
const turing = (d: Drv, extra: string[] = [], config: string[] = CMDLINE_IDS) => [
  ...config,
  '=== /sys/bus/pci/devices ===',
  '0000:00:01.0 vendor=8086 device=1901 class=060400 driver=pcieport iommu_group=1',
  `0000:0b:00.0 vendor=10de device=1e87 class=030000 driver=${d.vga} boot_vga=0 iommu_group=16`,
  `0000:0b:00.1 vendor=10de device=10f8 class=040300 driver=${d.audio} iommu_group=16`,
  `0000:0b:00.2 vendor=10de device=1ad8 class=0c0330 driver=${d.usb} iommu_group=16`,
  `0000:0b:00.3 vendor=10de device=1ad9 class=0c8000 driver=${d.ucsi} iommu_group=16`,
  ...extra,
  '=== /sys/kernel/iommu_groups ===',
  '/sys/kernel/iommu_groups/1/devices/0000:00:01.0',
  '/sys/kernel/iommu_groups/16/devices/0000:0b:00.0',
  '/sys/kernel/iommu_groups/16/devices/0000:0b:00.1',
  '/sys/kernel/iommu_groups/16/devices/0000:0b:00.2',
  '/sys/kernel/iommu_groups/16/devices/0000:0b:00.3',
  ...extra.map((l) => `/sys/kernel/iommu_groups/16/devices/${l.split(' ')[0]}`),
];

const QEMU_NOT_VIABLE = [
  '$ virsh start win10',
  "error: Failed to start domain 'win10'",
  'error: internal error: QEMU unexpectedly closed the monitor (vm=\'win10\'): 2025-01-20T18:22:41.123456Z qemu-system-x86_64: -device {"driver":"vfio-pci","host":"0000:0b:00.0","id":"hostdev0","bus":"pci.5","addr":"0x0"}: vfio 0000:0b:00.0: group 16 is not viable',
  'Please ensure all devices within the iommu_group are bound to their vfio bus driver.',
];

type Expect = { severity: 'error'; data: { group: string; qemu: boolean; held: string[]; unknown: string[] }; devices: string[]; fix?: string }[] | RegExp;

const cases: { name: string; text: string; gpus?: string[]; expect: Expect }[] = [
  {
    name: 'Turing: GPU and audio on vfio-pci, USB-C on xhci_hcd and UCSI on nvidia-gpu',
    text: paste(...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'xhci_hcd', ucsi: 'nvidia-gpu' })),
    expect: [{ severity: 'error', data: { group: '16', qemu: false, held: ['0b:00.2 USB controller [10de:1ad8] (driver xhci_hcd)', '0b:00.3 Serial bus controller [10de:1ad9] (driver nvidia-gpu)'], unknown: [] }, devices: ['0000:0b:00.2', '0000:0b:00.3'], fix: 'group-not-viable/ids/grub' }],
  },
  {
    name: 'QEMU said "group 16 is not viable" and sysfs shows why',
    text: paste(...QEMU_NOT_VIABLE, ...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'xhci_hcd', ucsi: 'vfio-pci' })),
    expect: [{ severity: 'error', data: { group: '16', qemu: true, held: ['0b:00.2 USB controller [10de:1ad8] (driver xhci_hcd)'], unknown: [] }, devices: ['0000:0b:00.2'], fix: 'group-not-viable/ids/grub' }],
  },
  {
    name: 'only the QEMU error was pasted: no device to blame, no fix yet',
    text: paste(...QEMU_NOT_VIABLE),
    expect: [{ severity: 'error', data: { group: '16', qemu: true, held: [], unknown: [] }, devices: [] }],
  },
  {
    name: 'an unrelated NIC on r8169 in the GPU\'s group',
    text: paste(...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'vfio-pci', ucsi: 'vfio-pci' }, ['0000:0c:00.0 vendor=10ec device=8168 class=020000 driver=r8169 iommu_group=16'])),
    expect: [{ severity: 'error', data: { group: '16', qemu: false, held: ['0c:00.0 Ethernet controller [10ec:8168] (driver r8169)'], unknown: [] }, devices: ['0000:0c:00.0'], fix: 'group-not-viable/ids/grub' }],
  },
  {
    name: 'the GPU itself still on nouveau (gpu-bound-to-host-driver explains it; this finding still lists it)',
    text: paste(...turing({ vga: 'nouveau', audio: 'snd_hda_intel', usb: 'vfio-pci', ucsi: 'vfio-pci' })),
    expect: [{ severity: 'error', data: { group: '16', qemu: false, held: ['0b:00.0 VGA compatible controller [10de:1e87] (driver nouveau)', '0b:00.1 Audio device [10de:10f8] (driver snd_hda_intel)'], unknown: [] }, devices: ['0000:0b:00.0', '0000:0b:00.1'], fix: 'group-not-viable/ids/grub' }],
  },
  // Must not fire.
  { name: 'every function on vfio-pci (bridge on pcieport is fine)', text: paste(...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'vfio-pci', ucsi: 'vfio-pci' })), expect: [] },
  { name: 'pci-stub and no driver are fine', text: paste(...turing({ vga: 'vfio-pci', audio: 'pci-stub', usb: '-', ucsi: '-' })), expect: [] },
  {
    name: 'a PCI bridge with pcieport in the GPU\'s group does not make it not viable',
    text: paste(
      '$ lspci -nnk',
      '00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)',
      '\tKernel driver in use: pcieport',
      '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)',
      '\tKernel driver in use: vfio-pci',
      '\tKernel modules: nouveau',
      '01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
      '\tKernel driver in use: vfio-pci',
      '\tKernel modules: snd_hda_intel',
      '$ find /sys/kernel/iommu_groups/ -type l',
      '/sys/kernel/iommu_groups/1/devices/0000:00:01.0',
      '/sys/kernel/iommu_groups/1/devices/0000:01:00.0',
      '/sys/kernel/iommu_groups/1/devices/0000:01:00.1',
    ),
    expect: [],
  },
  // Unknown is not false.
  { name: 'no GPU and no QEMU error', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c ro quiet intel_iommu=on'), expect: /^no GPU to pass through was given \(paste lspci -nnk\)/ },
  {
    name: 'a GPU whose group is not known',
    text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: vfio-pci', '\tKernel modules: nouveau'),
    expect: /IOMMU group of the target is unknown/,
  },
];

describe('group-not-viable', () => {
  it('without a GPU or a QEMU error, the engine says why no GPU was picked', () => {
    expect(runRule(rule, paste('BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c ro quiet intel_iommu=on')).missing).toEqual(['targetGpu']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toEqual({ messageId: 'notViable', data: e.data });
      expect(f.devices).toEqual(e.devices);
      expect(f.fixes[0]?.id).toBe(e.fix);
      expect(f.evidence.length).toBeGreaterThan(0);
    });
  });

  it('IDs on the GRUB command line: the fix extends vfio-pci.ids with the USB-C and UCSI functions, with softdeps for their drivers', () => {
    const r = runRule(rule, paste(...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'xhci_hcd', ucsi: 'nvidia-gpu' })));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('group-not-viable/ids/grub');
    const edit = fix.steps.find((s) => s.kind === 'edit' && s.path === '/etc/default/grub');
    expect(edit && edit.kind === 'edit' && edit.description).toContain('vfio-pci.ids=10de:1e87,10de:10f8,10de:1ad8,10de:1ad9');
    const text = JSON.stringify(fix.steps.filter((s) => s.kind === 'edit' && s.path === '/etc/modprobe.d/vfio.conf'));
    expect(text).toContain('softdep xhci_pci pre: vfio-pci');
    expect(text).toContain('softdep i2c_nvidia_gpu pre: vfio-pci');
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'update-grub')).toBe(true);
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'update-initramfs -u -k all')).toBe(true);
    // initramfs-tools is Debian's generator; the modprobe.d variant is offered too.
    expect(r.findings[0]!.fixes.map((f) => f.id)).toContain('group-not-viable/modprobe-initramfs-tools');
  });

  it('IDs in /etc/modprobe.d (vfio-pci a module on Debian): the modprobe.d variant comes first, with every function\'s ID', () => {
    const r = runRule(rule, paste(...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'xhci_hcd', ucsi: 'nvidia-gpu' }, [], MODPROBE_IDS)));
    const fixes = r.findings[0]!.fixes;
    expect(fixes[0]!.id).toBe('group-not-viable/modprobe-initramfs-tools');
    expect(fixes.filter((f) => f.recommended).map((f) => f.id)).toEqual(['group-not-viable/modprobe-initramfs-tools']);
    const text = JSON.stringify(fixes[0]!.steps.filter((s) => s.kind === 'edit' && s.path === '/etc/modprobe.d/vfio.conf'));
    expect(text).toContain('10de:1e87,10de:10f8,10de:1ad8,10de:1ad9');
    expect(text).toContain('softdep i2c_nvidia_gpu pre: vfio-pci');
    expect(fixes.map((f) => f.id)).toContain('group-not-viable/ids/grub');
  });

  it('cites the QEMU line and the driver of the blocking device', () => {
    const r = runRule(rule, paste(...QEMU_NOT_VIABLE, ...turing({ vga: 'vfio-pci', audio: 'vfio-pci', usb: 'xhci_hcd', ucsi: 'vfio-pci' })));
    const texts = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(texts).toContain('group 16 is not viable');
    expect(texts).toContain('0000:0b:00.2 vendor=10de device=1ad8 class=0c0330 driver=xhci_hcd');
  });
});
