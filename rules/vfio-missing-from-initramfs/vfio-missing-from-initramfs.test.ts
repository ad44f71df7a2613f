// Table-driven tests for vfio-missing-from-initramfs (E7): mkinitcpio order, kms, modconf; dracut; initramfs-tools.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const edits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s] : []));
const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const RX6800 = [
  '$ lspci -nnk -s 03:00',
  '03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c3)',
  '\tKernel driver in use: amdgpu',
  '03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  '\tKernel driver in use: snd_hda_intel',
];

const cases: { name: string; text: string; expect: { data: Record<string, unknown>; fix: string } | 'none' | RegExp }[] = [
  { name: 'amdgpu before vfio_pci in MODULES, no modconf (fixture)', text: fixture('rules/vfio-missing-from-initramfs/fires.txt'), expect: { data: { whys: [{ kind: 'mkModules', gpuModule: 'amdgpu', noVfio: false }, { kind: 'mkModconf' }] }, fix: 'vfio-missing-from-initramfs/mkinitcpio' } },
  {
    name: 'kms hook, MODULES empty, IDs on the command line',
    text: paste('$ cat /proc/cmdline', 'initrd=\\initramfs-linux.img root=PARTUUID=4f6c rw vfio-pci.ids=1002:73bf,1002:ab28', '$ cat /etc/mkinitcpio.conf', 'MODULES=()', 'HOOKS=(base systemd autodetect microcode modconf kms keyboard sd-vconsole block filesystems fsck)', ...RX6800),
    expect: { data: { whys: [{ kind: 'mkKms' }] }, fix: 'vfio-missing-from-initramfs/mkinitcpio' },
  },
  {
    name: 'Fedora dracut without vfio, card on nouveau',
    text: paste('$ cat /etc/dracut.conf.d/nvidia.conf', 'omit_drivers+=" nvidia "', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80,10de:10f0', '$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: nouveau'),
    expect: { data: { whys: [{ kind: 'dracut' }] }, fix: 'vfio-missing-from-initramfs/dracut' },
  },
  {
    name: 'Debian initramfs-tools without vfio_pci, card on amdgpu',
    text: paste('$ cat /etc/initramfs-tools/modules', '# List of modules that you want to include in your initramfs.', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf,1002:ab28', ...RX6800),
    expect: { data: { whys: [{ kind: 'initramfsTools' }], held: ['03:00.0 VGA compatible controller [1002:73bf] (driver amdgpu)', '03:00.1 Audio device [1002:ab28] (driver snd_hda_intel)'] }, fix: 'vfio-missing-from-initramfs/initramfs-tools' },
  },
  // Must not fire.
  { name: 'vfio first and modconf kept, card on vfio-pci (fixture)', text: fixture('rules/vfio-missing-from-initramfs/clean.txt'), expect: 'none' },
  { name: 'initramfs-tools without vfio, but the card is bound anyway', text: paste('$ cat /etc/initramfs-tools/modules', '# empty', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf,1002:ab28', ...RX6800.map((l) => l.replace(/amdgpu|snd_hda_intel/, 'vfio-pci'))), expect: 'none' },
  { name: 'built-in vfio-pci always registers first', text: paste('$ grep vfio-pci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/vfio/pci/vfio-pci.ko', '$ cat /etc/mkinitcpio.conf', 'MODULES=(amdgpu)', 'HOOKS=(base udev autodetect kms block filesystems)', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf'), expect: 'none' },
  { name: 'no vfio binding configured: nothing to order', text: paste('$ cat /etc/mkinitcpio.conf', 'MODULES=(amdgpu)', 'HOOKS=(base udev autodetect modconf kms block filesystems)', ...RX6800), expect: 'none' },
  // Unable.
  { name: 'no initramfs configuration', text: paste('$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf,1002:ab28', ...RX6800), expect: /no initramfs configuration/ },
];

describe('vfio-missing-from-initramfs', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'notInImage', data: expected.data });
    expect(f.fixes[0]!.id).toBe(expected.fix);
  });

  it('mkinitcpio: the check afterwards lists the image of the kernel that booted (linux-lts, linux-zen), not always initramfs-linux.img', () => {
    const verify = (cmdline?: string) => {
      const text = paste(...(cmdline ? ['$ cat /proc/cmdline', cmdline] : []), '$ cat /etc/mkinitcpio.conf', 'MODULES=()', 'HOOKS=(base udev autodetect microcode modconf kms keyboard block filesystems fsck)', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=1002:73bf,1002:ab28', ...RX6800);
      const step = runRule(rule, text).findings[0]!.fixes[0]!.steps.find((s) => s.kind === 'verify');
      return step && 'argv' in step ? step.argv?.join(' ') : undefined;
    };
    // systemd-boot: each initrd line of the entry is on the command line (microcode first, the fallback image skipped).
    expect(verify('initrd=\\amd-ucode.img initrd=\\initramfs-linux-lts.img root=PARTUUID=4f6c rw')).toBe('lsinitcpio /boot/initramfs-linux-lts.img');
    expect(verify('initrd=\\EFI\\arch\\initramfs-linux-zen.img root=PARTUUID=4f6c rw')).toBe('lsinitcpio /boot/initramfs-linux-zen.img');
    // GRUB: the kernel's image names the package, and the preset names the initramfs after it.
    expect(verify('BOOT_IMAGE=/vmlinuz-linux-zen root=UUID=8d1c rw quiet')).toBe('lsinitcpio /boot/initramfs-linux-zen.img');
    expect(verify('BOOT_IMAGE=(hd0,gpt2)/boot/vmlinuz-linux-hardened root=UUID=8d1c rw')).toBe('lsinitcpio /boot/initramfs-linux-hardened.img');
    // Nothing to go by (a fallback image, no command line): the stock kernel's.
    expect(verify('initrd=\\initramfs-linux-fallback.img root=PARTUUID=4f6c rw')).toBe('lsinitcpio /boot/initramfs-linux.img');
    expect(verify()).toBe('lsinitcpio /boot/initramfs-linux.img');
  });

  it('mkinitcpio: MODULES rewritten with vfio first, modconf added after microcode, mkinitcpio -P', () => {
    const fix = runRule(rule, fixture('rules/vfio-missing-from-initramfs/fires.txt')).findings[0]!.fixes[0]!;
    const diff = edits(fix).map((e) => e.diff).join('\n');
    expect(diff).toContain('+MODULES=(vfio_pci vfio vfio_iommu_type1 amdgpu)');
    expect(diff).toContain('+HOOKS=(base udev autodetect microcode modconf kms keyboard keymap consolefont block filesystems fsck)');
    expect(commands(fix)).toEqual(['mkinitcpio -P']);
  });

  it('dracut: force_drivers drop-in and dracut -f --regenerate-all', () => {
    const r = runRule(rule, paste('$ cat /etc/dracut.conf.d/nvidia.conf', 'omit_drivers+=" nvidia "', '$ cat /etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1b80', '$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: nouveau'));
    const fix = r.findings[0]!.fixes[0]!;
    expect(JSON.stringify(edits(fix))).toContain('force_drivers+=\\" vfio_pci vfio vfio_iommu_type1 \\"');
    expect(commands(fix)).toEqual(['dracut -f --regenerate-all']);
  });
});

// booster: named in prose or by /etc/booster.yaml (github.com/anatol/booster/issues/20 and variants).
describe('vfio-missing-from-initramfs: booster', () => {
  const BOOSTER_THREAD = ['With vfio-pci.ids=1002:67df,1002:aaf0 secondary GPU should not be activated.', 'The kernel command line option vfio-pci.ids doesnt seem to work with booster images, while the same command line option works with a dracut image.'];
  it('IDs and booster both only stated in prose: a warning that says both are stated, with the booster.yaml fix', () => {
    const r = runRule(rule, paste(...BOOSTER_THREAD));
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'booster', data: { stated: ['1002:67df', '1002:aaf0'], yaml: false } });
    expect(f.evidence.map((e) => e.line)).toEqual([2, 1]);
    expect(f.fixes[0]!.id).toBe('vfio-missing-from-initramfs/booster');
    expect(commands(f.fixes[0]!)).toContain('/usr/lib/booster/regenerate_images');
  });
  it('the IDs on the running command line, booster.yaml without vfio_pci: fires from the files', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', 'root=UUID=1 rw vfio-pci.ids=1002:67df,1002:aaf0', '$ cat /etc/booster.yaml', 'universal: false', 'modules_force_load: amdgpu'));
    expect(r.findings).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ messageId: 'booster', data: { stated: undefined, yaml: true, forced: ['amdgpu'] } });
  });
  it.each<[string, string]>([
    ['booster.yaml force-loads vfio_pci', 'modules_force_load: vfio_pci,vfio,vfio_iommu_type1'],
    ['booster.yaml force-loads vfio-pci (dash)', 'modules_force_load: "vfio-pci"'],
  ])('quiet when %s', (_n, line) => {
    const r = runRule(rule, [
      { source: 'pasted text', text: paste('$ cat /proc/cmdline', 'root=UUID=1 rw vfio-pci.ids=1002:67df,1002:aaf0') },
      { source: '/etc/booster.yaml', kind: 'config', text: paste('universal: false', line) },
    ] as never);
    expect(r.findings).toEqual([]);
  });
  it('quiet when booster is named but no IDs are set anywhere', () => {
    expect(runRule(rule, paste('My booster images boot fine, but the VM has no GPU.', 'root=UUID=1 rw intel_iommu=on')).findings).toEqual([]);
  });
  it('quiet when the IDs are only proposed ("should I add …?")', () => {
    expect(runRule(rule, paste('Should I add vfio-pci.ids=1002:67df,1002:aaf0 to the kernel line?', 'I build booster images.')).findings).toEqual([]);
  });
  it('quiet when the card is already on vfio-pci', () => {
    const r = runRule(rule, paste(...BOOSTER_THREAD, '$ lspci -nnk -s 0b:00.0', '0b:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere [Radeon RX 470/480/570/570X/580/580X/590] [1002:67df] (rev e7)', '\tKernel driver in use: vfio-pci'));
    expect(r.findings).toEqual([]);
  });
});
