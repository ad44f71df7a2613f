// gpu-companion-functions: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

type Fn = { drv: string; group: number };
// RTX 2080 (Turing): VGA 10de:1e87, audio 10de:10f8, USB-C xHCI 10de:1ad8, UCSI 10de:1ad9 (driver nvidia-gpu).
const turing = (cmdline: string, vga: Fn, audio: Fn, usb: Fn, ucsi: Fn) => [
  '=== /proc/cmdline ===',
  cmdline,
  '=== /sys/bus/pci/devices ===',
  `0000:0b:00.0 vendor=10de device=1e87 class=030000 driver=${vga.drv} boot_vga=0 iommu_group=${vga.group}`,
  `0000:0b:00.1 vendor=10de device=10f8 class=040300 driver=${audio.drv} iommu_group=${audio.group}`,
  `0000:0b:00.2 vendor=10de device=1ad8 class=0c0330 driver=${usb.drv} iommu_group=${usb.group}`,
  `0000:0b:00.3 vendor=10de device=1ad9 class=0c8000 driver=${ucsi.drv} iommu_group=${ucsi.group}`,
];
const GRUB_IDS2 = 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on vfio-pci.ids=10de:1e87,10de:10f8';
const GRUB_IDS4 = 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on vfio-pci.ids=10de:1e87,10de:10f8,10de:1ad8,10de:1ad9';
const GRUB_NO_IDS = 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on';

// RX 6800 for the guest, Raphael iGPU (Ryzen 7700X) for the host, on Arch with systemd-boot.
const rx6800 = (audioDrv: string, cmdline = 'initrd=\\amd-ucode.img initrd=\\initramfs-linux.img root=PARTUUID=4f6c2a1e-93b7-4d85-a0c2-6e1b8f3d9a27 rw quiet vfio-pci.ids=1002:73bf') => [
  '$ cat /proc/cmdline',
  cmdline,
  '$ lspci -nnk',
  '03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c3)',
  '\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 6800 [1da2:e437]',
  '\tKernel driver in use: vfio-pci',
  '\tKernel modules: amdgpu',
  '03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  '\tSubsystem: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  `\tKernel driver in use: ${audioDrv}`,
  '\tKernel modules: snd_hda_intel',
  '10:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Raphael [1002:164e] (rev c1)',
  '\tKernel driver in use: amdgpu',
  '\tKernel modules: amdgpu',
  '10:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Rembrandt Radeon High Definition Audio Controller [1002:1640]',
  '\tKernel driver in use: snd_hda_intel',
  '\tKernel modules: snd_hda_intel',
  '$ ./iommu_groups.sh',
  'Group 15:\t[1002:73bf] [R] 03:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] (rev c3)',
  'Group 15:\t[1002:ab28]     03:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller',
  'Group 24:\t[1002:164e]     10:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Raphael (rev c1)',
  'Group 25:\t[1002:1640]     10:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Rembrandt Radeon High Definition Audio Controller',
];

// github.com/uwzis/GPU-Passthrough-Manager/issues/19 (RTX 2060 SUPER after "Load VFIO"): lspci -k without -nn.
const RTX2060S_LSPCI_K = [
  '06:00.0 VGA compatible controller: NVIDIA Corporation TU106 [GeForce RTX 2060 SUPER] (rev a1)',
  '        Subsystem: NVIDIA Corporation TU106 [GeForce RTX 2060 SUPER]',
  '        Kernel modules: nouveau, nvidia_drm, nvidia',
  '06:00.1 Audio device: NVIDIA Corporation TU106 High Definition Audio Controller (rev a1)',
  '        Subsystem: NVIDIA Corporation Device 1f06',
  '        Kernel driver in use: snd_hda_intel',
  '        Kernel modules: snd_hda_intel',
  '06:00.2 USB controller: NVIDIA Corporation TU106 USB 3.1 Host Controller (rev a1)',
  '        Subsystem: NVIDIA Corporation Device 1f06',
  '        Kernel driver in use: xhci_hcd',
  '        Kernel modules: xhci_pci',
  '06:00.3 Serial bus controller: NVIDIA Corporation TU106 USB Type-C UCSI Controller (rev a1)',
  '        Subsystem: NVIDIA Corporation Device 1f06',
  '        Kernel driver in use: nvidia-gpu',
  '        Kernel modules: i2c_nvidia_gpu',
];

// noFix: lspci without -nn gives no IDs to bind by, so no fix can be written yet.
type Expect = { severity: 'error' | 'warning' | 'info'; messageId: 'notOnVfio' | 'driverNotShown'; data: Record<string, unknown>; devices: string[]; noFix?: true }[] | RegExp;

const cases: { name: string; text: string; gpus?: string[]; expect: Expect }[] = [
  {
    name: 'Turing: GPU and audio handed over, USB-C (xhci_hcd) and UCSI (nvidia-gpu) left on the host, same group',
    text: paste(...turing(GRUB_IDS2, { drv: 'vfio-pci', group: 16 }, { drv: 'vfio-pci', group: 16 }, { drv: 'xhci_hcd', group: 16 }, { drv: 'nvidia-gpu', group: 16 })),
    expect: [{ severity: 'error', messageId: 'notOnVfio', data: { card: { bdf: '0b:00.0', held: true }, functions: ['0b:00.2 USB controller [10de:1ad8] (driver xhci_hcd)', '0b:00.3 Serial bus controller [10de:1ad9] (driver nvidia-gpu)'], sameGroup: true }, devices: ['0000:0b:00.2', '0000:0b:00.3'] }],
  },
  {
    name: 'RX 6800: HDMI audio left on snd_hda_intel',
    text: paste(...rx6800('snd_hda_intel')),
    expect: [{ severity: 'error', messageId: 'notOnVfio', data: { functions: ['03:00.1 Audio device [1002:ab28] (driver snd_hda_intel)'], sameGroup: true }, devices: ['0000:03:00.1'] }],
  },
  {
    name: 'functions split into separate groups (ACS override): still to be handed over, but a warning',
    text: paste(...turing(GRUB_IDS2, { drv: 'vfio-pci', group: 16 }, { drv: 'vfio-pci', group: 16 }, { drv: 'xhci_hcd', group: 17 }, { drv: 'nvidia-gpu', group: 18 })),
    expect: [{ severity: 'warning', messageId: 'notOnVfio', data: { functions: expect.arrayContaining(['0b:00.2 USB controller [10de:1ad8] (driver xhci_hcd)']), sameGroup: false }, devices: ['0000:0b:00.2', '0000:0b:00.3'] }],
  },
  {
    name: 'IDs configured without the audio function, which has no driver yet: it will not be claimed',
    text: paste(
      '$ cat /proc/cmdline',
      'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet splash vfio-pci.ids=10de:1b80',
      '=== /sys/bus/pci/devices ===',
      '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 iommu_group=1',
      '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=- iommu_group=1',
    ),
    expect: [{ severity: 'error', messageId: 'notOnVfio', data: { functions: ['01:00.1 Audio device [10de:10f0] (no driver)'] }, devices: ['0000:01:00.1'] }],
  },
  // Must not fire.
  { name: 'every Turing function on vfio-pci', text: paste(...turing(GRUB_IDS4, { drv: 'vfio-pci', group: 16 }, { drv: 'vfio-pci', group: 16 }, { drv: 'vfio-pci', group: 16 }, { drv: 'vfio-pci', group: 16 })), expect: [] },
  { name: 'RX 6800 audio on vfio-pci; the iGPU\'s own audio on snd_hda_intel is the host\'s', text: paste(...rx6800('vfio-pci')), expect: [] },
  {
    name: 'the GPU itself is still on nouveau: gpu-bound-to-host-driver covers the whole card',
    text: paste(...turing(GRUB_NO_IDS, { drv: 'nouveau', group: 16 }, { drv: 'snd_hda_intel', group: 16 }, { drv: 'xhci_hcd', group: 16 }, { drv: 'nvidia-gpu', group: 16 })),
    expect: [],
  },
  {
    name: 'siblings bound per device with driver_override (no IDs configured)',
    text: paste(
      '=== /sys/bus/pci/devices ===',
      '0000:0b:00.0 vendor=10de device=1e87 class=030000 driver=vfio-pci driver_override=vfio-pci boot_vga=0 iommu_group=16',
      '0000:0b:00.1 vendor=10de device=10f8 class=040300 driver=vfio-pci driver_override=vfio-pci iommu_group=16',
      '0000:0b:00.2 vendor=10de device=1ad8 class=0c0330 driver=- driver_override=vfio-pci iommu_group=16',
      '0000:0b:00.3 vendor=10de device=1ad9 class=0c8000 driver=- driver_override=vfio-pci iommu_group=16',
    ),
    expect: [],
  },
  {
    name: 'a card with a single function',
    text: paste('=== /sys/bus/pci/devices ===', '0000:05:00.0 vendor=10de device=1eb8 class=030200 driver=vfio-pci iommu_group=30'),
    expect: [],
  },
  // The card chosen with --gpu is unbound after a vfio setup (github.com/uwzis/GPU-Passthrough-Manager issue, lspci -k).
  {
    name: '--gpu names a card with no driver while its audio, USB-C and UCSI functions sit on host drivers',
    gpus: ['06:00.0'],
    text: paste(...RTX2060S_LSPCI_K),
    expect: [{ severity: 'error', messageId: 'notOnVfio', data: { card: { bdf: '06:00.0', held: false, reason: 'chosen with --gpu', unbound: true }, functions: [expect.stringMatching(/^06:00\.1 Audio device .*\(driver snd_hda_intel\)$/), expect.stringMatching(/^06:00\.2 /), expect.stringMatching(/^06:00\.3 /)] }, devices: ['0000:06:00.1', '0000:06:00.2', '0000:06:00.3'], noFix: true }],
  },
  {
    name: '--gpu names a card whose functions are listed by group without drivers: they must go along (info, not silence)',
    gpus: ['02:00.0'],
    text: paste(
      'IOMMU Group 34 02:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)',
      'IOMMU Group 34 02:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
    ),
    expect: [{ severity: 'info', messageId: 'driverNotShown', data: { functions: [expect.stringMatching(/^02:00\.1 Audio device/)], sameGroup: true }, devices: ['0000:02:00.1'] }],
  },
  // Unknown is not false.
  {
    name: 'a card found without --gpu, no driver shown and no vfio configuration: unknown, not a pass',
    text: paste(
      'IOMMU Group 34 02:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)',
      'IOMMU Group 34 02:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
    ),
    expect: /whether 02:00.0 is meant for vfio-pci is unknown/,
  },
  { name: 'no GPU in the input', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet intel_iommu=on'), expect: /^no GPU to pass through was given \(paste lspci -nnk\)/ },
];

describe('gpu-companion-functions', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toMatchObject({ messageId: e.messageId, data: e.data });
      expect(f.devices).toEqual(e.devices);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.fixes.length > 0).toBe(!e.noFix);
    });
  });

  it('Turing fix (GRUB): every function\'s ID on the command line, softdeps for xhci_pci and i2c_nvidia_gpu', () => {
    const r = runRule(rule, paste(...turing(GRUB_IDS2, { drv: 'vfio-pci', group: 16 }, { drv: 'vfio-pci', group: 16 }, { drv: 'xhci_hcd', group: 16 }, { drv: 'nvidia-gpu', group: 16 })));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('gpu-companion-functions/ids/grub');
    expect(fix.recommended).toBe(true);
    const grub = fix.steps.find((s) => s.kind === 'edit' && s.path === '/etc/default/grub');
    expect(grub && grub.kind === 'edit' && grub.op).toMatchObject({ type: 'cmdline', add: ['vfio-pci.ids=10de:1e87,10de:10f8,10de:1ad8,10de:1ad9'] });
    const modprobe = JSON.stringify(fix.steps.filter((s) => s.kind === 'edit' && s.path === '/etc/modprobe.d/vfio.conf'));
    expect(modprobe).toContain('softdep xhci_pci pre: vfio-pci');
    expect(modprobe).toContain('softdep i2c_nvidia_gpu pre: vfio-pci');
    const verify = fix.steps.filter((s) => s.kind === 'verify').at(-1);
    expect(verify && verify.kind === 'verify' && verify.argv).toEqual(['lspci', '-nnk', '-s', '0b:00']);
  });

  it('RX 6800 fix on Arch systemd-boot (no BOOT_IMAGE=): adds 1002:ab28 on the hand-written entry\'s options line, not GRUB', () => {
    const r = runRule(rule, paste('$ cat /etc/os-release', 'NAME="Arch Linux"', 'ID=arch', ...rx6800('snd_hda_intel')));
    const fixes = r.findings[0]!.fixes;
    expect(fixes[0]!.id).toBe('gpu-companion-functions/ids/systemd-boot');
    expect(fixes.map((f) => f.id)).not.toContain('gpu-companion-functions/ids/grub');
    // initrd=\initramfs-linux.img at the top of the ESP: a hand-written entry, which kernel-install would not touch.
    expect(fixes[0]!.steps.some((s) => s.kind === 'edit' && s.path === '/etc/kernel/cmdline')).toBe(false);
    const manual = fixes[0]!.steps.find((s) => s.kind === 'manual');
    expect(manual && manual.kind === 'manual' && manual.description).toMatch(/add vfio-pci\.ids=1002:73bf,1002:ab28 on the "options" line/);
    expect(fixes[0]!.steps.some((s) => s.kind === 'command' && s.argv[0] === 'mkinitcpio')).toBe(true);
    expect(fixes[0]!.steps.some((s) => s.kind === 'command' && s.argv[0] === 'kernel-install')).toBe(false);
  });
});
