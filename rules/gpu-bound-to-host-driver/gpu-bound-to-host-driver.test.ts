// gpu-bound-to-host-driver: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));
/** Everything a fix writes to one file (diffs, ops, contents), as text: robust to how the edit is expressed. */
const writes = (fix: Fix, path: string) => JSON.stringify(edits(fix).filter((s) => s.path === path));
const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

// Debian 12, GRUB: RTX 2080 with all four Turing functions on host drivers.
const TURING_DEBIAN = [
  '$ cat /proc/cmdline',
  'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on',
  '$ cat /etc/default/grub',
  'GRUB_DEFAULT=0',
  'GRUB_TIMEOUT=5',
  'GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`',
  'GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"',
  'GRUB_CMDLINE_LINUX=""',
  '$ lspci -nnk',
  '00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]',
  '\tKernel driver in use: i915',
  '\tKernel modules: i915',
  '0b:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104 [GeForce RTX 2080 Rev. A] [10de:1e87] (rev a1)',
  '\tSubsystem: eVga.com. Corp. TU104 [GeForce RTX 2080 Rev. A] [3842:2182]',
  '\tKernel driver in use: nouveau',
  '\tKernel modules: nouveau',
  '0b:00.1 Audio device [0403]: NVIDIA Corporation TU104 HD Audio Controller [10de:10f8] (rev a1)',
  '\tKernel driver in use: snd_hda_intel',
  '\tKernel modules: snd_hda_intel',
  '0b:00.2 USB controller [0c03]: NVIDIA Corporation TU104 USB 3.1 Host Controller [10de:1ad8] (rev a1)',
  '\tKernel driver in use: xhci_hcd',
  '\tKernel modules: xhci_pci',
  '0b:00.3 Serial bus controller [0c80]: NVIDIA Corporation TU104 USB Type-C UCSI Controller [10de:1ad9] (rev a1)',
  '\tKernel driver in use: nvidia-gpu',
  '\tKernel modules: i2c_nvidia_gpu',
];

// Arch, systemd-boot, mkinitcpio: RX 6800 IDs in modprobe.d, yet amdgpu (in MODULES before vfio_pci) wins.
const RX6800_ARCH = [
  '$ cat /etc/os-release',
  'NAME="Arch Linux"',
  'ID=arch',
  '$ cat /proc/cmdline',
  'initrd=\\amd-ucode.img initrd=\\initramfs-linux.img root=PARTUUID=4f6c2a1e-93b7-4d85-a0c2-6e1b8f3d9a27 rw quiet',
  '$ cat /etc/modprobe.d/vfio.conf',
  'options vfio-pci ids=1002:73bf,1002:ab28',
  '$ lspci -nnk -d 1002:',
  '03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c3)',
  '\tSubsystem: Sapphire Technology Limited Nitro+ Radeon RX 6800 [1da2:e437]',
  '\tKernel driver in use: amdgpu',
  '\tKernel modules: amdgpu',
  '03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  '\tKernel driver in use: snd_hda_intel',
  '\tKernel modules: snd_hda_intel',
  '10:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Raphael [1002:164e] (rev c1)',
  '\tKernel driver in use: amdgpu',
  '\tKernel modules: amdgpu',
];

// Ubuntu 24.04: vfio-pci is built in, so "options vfio-pci ids=" never applies (E3).
const UBUNTU_BUILTIN = [
  '=== /proc/version ===',
  'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024',
  '=== /proc/cmdline ===',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet splash intel_iommu=on',
  '=== /lib/modules/6.8.0-45-generic/modules.builtin ===',
  'kernel/drivers/vfio/vfio.ko',
  'kernel/drivers/vfio/vfio_iommu_type1.ko',
  'kernel/drivers/vfio/pci/vfio-pci-core.ko',
  'kernel/drivers/vfio/pci/vfio-pci.ko',
  '=== /etc/modprobe.d/vfio.conf ===',
  'options vfio-pci ids=10de:1b80,10de:10f0',
  'softdep nvidia pre: vfio-pci',
  '=== /sys/bus/pci/devices ===',
  '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1 iommu_group=2',
  '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=nvidia boot_vga=0 iommu_group=1',
  '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=snd_hda_intel iommu_group=1',
];

// Proxmox VE 8.3 on ZFS (systemd-boot through proxmox-boot-tool): RTX 3060 Ti still on nouveau.
const PROXMOX = [
  'root@pve:~# uname -a',
  'Linux pve 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64 GNU/Linux',
  'root@pve:~# cat /etc/kernel/cmdline',
  'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet',
  'root@pve:~# cat /proc/cmdline',
  'initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet',
  'root@pve:~# lspci -nnk -s 01:00',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3060 Ti Lite Hash Rate] [10de:2489] (rev a1)',
  '\tKernel driver in use: nouveau',
  '\tKernel modules: nvidiafb, nouveau',
  '01:00.1 Audio device [0403]: NVIDIA Corporation GA104 High Definition Audio Controller [10de:228b] (rev a1)',
  '\tKernel driver in use: snd_hda_intel',
  '\tKernel modules: snd_hda_intel',
];

// Two identical RTX 3090 Ti: the guest card (05:00) on nvidia, the host card (01:00) too.
const TWO_3090TI = [
  '=== /proc/cmdline ===',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet splash intel_iommu=on',
  '=== /etc/initramfs-tools/modules ===',
  '# List of modules that you want to include in your initramfs.',
  '=== /sys/bus/pci/devices ===',
  '0000:01:00.0 vendor=10de device=2203 class=030000 driver=nvidia boot_vga=1 iommu_group=17',
  '0000:01:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=17',
  '0000:05:00.0 vendor=10de device=2203 class=030000 driver=nvidia boot_vga=0 iommu_group=20',
  '0000:05:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=20',
];

type Expect = { severity: 'error'; data: Record<string, unknown>; devices: string[]; fix: string }[] | RegExp;

const cases: { name: string; text: string; gpus?: string[]; expect: Expect }[] = [
  {
    name: 'Turing on nouveau, audio/USB-C/UCSI on host drivers (Debian, GRUB)',
    text: paste(...TURING_DEBIAN),
    expect: [{ severity: 'error', data: { gpu: '0b:00.0 VGA compatible controller [10de:1e87] (driver nouveau)', driver: 'nouveau', alsoHeld: [expect.stringMatching(/^0b:00\.1 /), expect.stringMatching(/^0b:00\.2 /), '0b:00.3 Serial bus controller [10de:1ad9] (driver nvidia-gpu)'], late: { kind: 'none' } }, devices: ['0000:0b:00.0', '0000:0b:00.1', '0000:0b:00.2', '0000:0b:00.3'], fix: 'gpu-bound-to-host-driver/ids/grub' }],
  },
  {
    name: 'RX 6800: IDs in modprobe.d, yet amdgpu got the card first (Arch, mkinitcpio)',
    text: paste(...RX6800_ARCH),
    expect: [{ severity: 'error', data: { gpu: '03:00.0 VGA compatible controller [1002:73bf] (driver amdgpu)', driver: 'amdgpu', late: { kind: 'configured', ids: ['1002:73bf', '1002:ab28'] } }, devices: ['0000:03:00.0', '0000:03:00.1'], fix: 'gpu-bound-to-host-driver/modprobe-mkinitcpio' }],
  },
  {
    name: 'Ubuntu, vfio-pci built in: "options vfio-pci ids=" never reaches it',
    text: paste(...UBUNTU_BUILTIN),
    expect: [{ severity: 'error', data: { gpu: '01:00.0 VGA compatible controller [10de:1b80] (driver nvidia)', driver: 'nvidia', late: { kind: 'builtin' } }, devices: ['0000:01:00.0', '0000:01:00.1'], fix: 'gpu-bound-to-host-driver/ids/grub' }],
  },
  {
    name: 'Proxmox systemd-boot: RTX 3060 Ti on nouveau, no IDs configured',
    text: paste(...PROXMOX),
    expect: [{ severity: 'error', data: { gpu: '01:00.0 VGA compatible controller [10de:2489] (driver nouveau)', late: { kind: 'none' } }, devices: ['0000:01:00.0', '0000:01:00.1'], fix: 'gpu-bound-to-host-driver/ids/proxmox-boot-tool' }],
  },
  {
    name: 'identical cards: binding by ID would take the host card too, so bind by address',
    text: paste(...TWO_3090TI),
    gpus: ['05:00.0'],
    expect: [{ severity: 'error', data: { gpu: '05:00.0 VGA compatible controller [10de:2203] (driver nvidia)' }, devices: ['0000:05:00.0', '0000:05:00.1'], fix: 'gpu-bound-to-host-driver/override-initramfs-tools' }],
  },
  // Must not fire.
  {
    name: 'prepared host: the guest GPU on vfio-pci, the iGPU on i915',
    text: paste(
      '=== /sys/bus/pci/devices ===',
      '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1 iommu_group=2',
      '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=vfio-pci boot_vga=0 iommu_group=1',
      '0000:01:00.1 vendor=10de device=10f0 class=040300 driver=vfio-pci iommu_group=1',
    ),
    expect: [],
  },
  {
    name: 'held by pci-stub (legacy, but not a host driver)',
    text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: pci-stub', '\tKernel modules: nouveau'),
    expect: [],
  },
  {
    name: 'unbound (no "Kernel driver in use" line) is fine',
    text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tSubsystem: ASUSTeK Computer Inc. Device [1043:8599]', '\tKernel modules: nvidiafb, nouveau'),
    expect: [],
  },
  {
    name: 'the host card of a two-GPU setup on nvidia is not the target',
    text: paste(...TWO_3090TI.map((l) => l.replace('0000:05:00.0 vendor=10de device=2203 class=030000 driver=nvidia', '0000:05:00.0 vendor=10de device=2203 class=030000 driver=vfio-pci').replace('0000:05:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel', '0000:05:00.1 vendor=10de device=1aef class=040300 driver=vfio-pci'))),
    expect: [],
  },
  // Unknown is not false.
  { name: 'no GPU in the input', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet intel_iommu=on'), expect: /^no GPU to pass through was given \(paste lspci -nnk\)/ },
  {
    name: 'lspci -nn without -k: the driver is unknown',
    text: paste('$ lspci -nn | grep -i nvidia', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)'),
    expect: /driver of 01:00\.0 is unknown/,
  },
];

describe('gpu-bound-to-host-driver', () => {
  it('without a GPU, the engine says why no GPU was picked', () => {
    expect(runRule(rule, paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet intel_iommu=on')).missing).toEqual(['targetGpu']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toMatchObject({ messageId: 'owned', data: e.data });
      expect(f.devices).toEqual(e.devices);
      expect(f.fixes[0]!.id).toBe(e.fix);
      expect(f.fixes.filter((x) => x.recommended).map((x) => x.id)).toEqual([e.fix]);
      expect(f.evidence.map((ev) => ev.text).join('\n')).toMatch(/Kernel driver in use|driver=/);
    });
  });

  it('GRUB fix for the Turing card: all four IDs, update-grub, softdeps and the initramfs', () => {
    const r = runRule(rule, paste(...TURING_DEBIAN));
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('gpu-bound-to-host-driver/ids/grub');
    const grub = edits(fix).find((s) => s.path === '/etc/default/grub')!;
    expect(grub.diff).toContain('-GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"');
    expect(grub.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on vfio-pci.ids=10de:1e87,10de:10f8,10de:1ad8,10de:1ad9"');
    const modprobe = writes(fix, '/etc/modprobe.d/vfio.conf');
    for (const d of ['i2c_nvidia_gpu', 'nouveau', 'snd_hda_intel', 'xhci_pci']) expect(modprobe).toContain(`softdep ${d} pre: vfio-pci`);
    expect(edits(fix).map((s) => s.path)).toContain('/etc/initramfs-tools/modules');
    expect(commands(fix)).toEqual(['update-grub', 'update-initramfs -u -k all']);
    expect(fix.needsReboot).toBe(true);
    expect(fix.steps.at(-1)).toMatchObject({ kind: 'verify', argv: ['lspci', '-nnk', '-s', '0b:00'], expect: 'Kernel driver in use: vfio-pci' });
    // The modprobe.d variant for initramfs-tools is offered too.
    expect(r.findings[0]!.fixes.map((x) => x.id)).toEqual(['gpu-bound-to-host-driver/ids/grub', 'gpu-bound-to-host-driver/modprobe-initramfs-tools']);
  });

  it('Arch/mkinitcpio modprobe.d fix: vfio modules before amdgpu, softdep amdgpu, mkinitcpio -P', () => {
    const r = runRule(rule, paste(...RX6800_ARCH));
    const fix = r.findings[0]!.fixes[0]!;
    const modprobe = writes(fix, '/etc/modprobe.d/vfio.conf');
    expect(modprobe).toContain('1002:73bf,1002:ab28');
    expect(modprobe).toContain('softdep amdgpu pre: vfio-pci');
    expect(modprobe).toContain('softdep snd_hda_intel pre: vfio-pci');
    const conf = edits(fix).find((s) => s.path.startsWith('/etc/mkinitcpio.conf'))!;
    expect(conf.op?.type === 'append-lines' && conf.op.lines.join('\n')).toMatch(/MODULES=\(vfio_pci vfio vfio_iommu_type1/);
    expect(commands(fix)).toContain('mkinitcpio -P');
    // The command-line variant is for systemd-boot (no BOOT_IMAGE=), never GRUB.
    const ids = r.findings[0]!.fixes.map((x) => x.id);
    expect(ids).toContain('gpu-bound-to-host-driver/ids/systemd-boot');
    expect(ids).not.toContain('gpu-bound-to-host-driver/ids/grub');
  });

  it('built-in vfio-pci: only the command-line variant, no modprobe.d or initramfs steps', () => {
    const r = runRule(rule, paste(...UBUNTU_BUILTIN));
    const fixes = r.findings[0]!.fixes;
    expect(fixes.map((x) => x.id)).toEqual(['gpu-bound-to-host-driver/ids/grub']);
    const grub = edits(fixes[0]!).find((s) => s.path === '/etc/default/grub')!;
    expect(grub.op).toMatchObject({ add: ['vfio-pci.ids=10de:1b80,10de:10f0'] });
    expect(commands(fixes[0]!)).toEqual(['update-grub']);
  });

  it('Intel host, IOMMU state unknown: the command-line fix adds intel_iommu=on with the IDs, and says why (issue 12)', () => {
    const r = runRule(
      rule,
      paste(
        '$ grep -m1 vendor_id /proc/cpuinfo',
        'vendor_id\t: GenuineIntel',
        '$ lspci -nnk -s 01:00',
        '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)',
        '\tKernel driver in use: nouveau',
        '\tKernel modules: nouveau',
        '$ cat /etc/default/grub',
        'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"',
      ),
    );
    const fix = r.findings[0]!.fixes.find((x) => x.id === 'gpu-bound-to-host-driver/ids/grub')!;
    const grub = edits(fix).find((s) => s.path === '/etc/default/grub')!;
    expect(grub.op).toMatchObject({ add: ['intel_iommu=on', 'vfio-pci.ids=10de:1b80'] });
    expect(fix.warnings.join(' ')).toMatch(/Whether the IOMMU is on is not in the input/);
  });

  it('Proxmox systemd-boot: /etc/kernel/cmdline + proxmox-boot-tool refresh + update-initramfs', () => {
    const r = runRule(rule, paste(...PROXMOX));
    const fix = r.findings[0]!.fixes[0]!;
    const edit = edits(fix).find((s) => s.path === '/etc/kernel/cmdline')!;
    expect(edit.diff).toContain('+root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet vfio-pci.ids=10de:2489,10de:228b');
    expect(commands(fix)).toEqual(['proxmox-boot-tool refresh', 'update-initramfs -u -k all']);
    expect(r.findings[0]!.fixes.map((x) => x.id)).not.toContain('gpu-bound-to-host-driver/ids/grub');
    // nvidiafb is a framebuffer module, not a driver to order against.
    const modprobe = writes(fix, '/etc/modprobe.d/vfio.conf');
    expect(modprobe).toContain('softdep nouveau pre: vfio-pci');
    expect(modprobe).toContain('softdep snd_hda_intel pre: vfio-pci');
    expect(modprobe).not.toContain('softdep nvidiafb');
  });

  it('identical cards: the driver_override script names the target\'s addresses only', () => {
    const r = runRule(rule, paste(...TWO_3090TI), { gpus: ['05:00.0'] });
    const fix = r.findings[0]!.fixes[0]!;
    const script = edits(fix).find((s) => s.path === '/etc/initramfs-tools/scripts/init-top/00-vfio-override')!;
    expect(script.content).toContain('for dev in 0000:05:00.0 0000:05:00.1; do');
    expect(script.content).not.toContain('0000:01:00.0');
    expect(script.mode).toBe('0755');
    expect(JSON.stringify(fix)).not.toContain('vfio-pci.ids=10de:2203');
  });
});
