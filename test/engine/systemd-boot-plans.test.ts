// systemd-boot plans: hand-written entries are edited in place; kernel-install entries get /etc/kernel/cmdline and a
// kernel-install run with the distribution's kernel path, also after an initramfs rebuild.
import { describe, it, expect } from 'vitest';
import { hostFrom, paste } from '../harness';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { finishFix } from '../../src/engine/fixes/finish';
import { rebuildStep } from '../../src/engine/fixes/initramfs';
import { bindByIdFixes } from '../../src/engine/fixes/bind';
import { loaderEntries } from '../../src/facts/boot-setup';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));
const paths = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s.path] : []));

// Arch wiki style: ESP on /boot, entry written by hand, initrds at the top of the ESP.
const ARCH_HAND = paste(
  '$ cat /etc/os-release', 'NAME="Arch Linux"', 'ID=arch',
  '$ uname -r', '6.9.7-arch1-1',
  '$ cat /proc/cmdline', 'initrd=\\amd-ucode.img initrd=\\initramfs-linux.img root=PARTUUID=4f6c2a1e-93b7-4d85-a0c2-6e1b8f3d9a27 rw quiet',
  '$ cat /boot/loader/entries/arch.conf', 'title   Arch Linux', 'linux   /vmlinuz-linux', 'initrd  /amd-ucode.img', 'initrd  /initramfs-linux.img', 'options root=PARTUUID=4f6c2a1e-93b7-4d85-a0c2-6e1b8f3d9a27 rw quiet',
  '$ cat /boot/loader/entries/arch-fallback.conf', 'title   Arch Linux (fallback)', 'linux   /vmlinuz-linux', 'initrd  /initramfs-linux-fallback.img', 'options root=PARTUUID=4f6c2a1e-93b7-4d85-a0c2-6e1b8f3d9a27 rw',
);

// kernel-install layout (Arch with kernel-install, or Fedora with systemd-boot): \<machine-id>\<version>\initrd.
const MID = '3f1c9a7e5b2d4c8e9a0b1c2d3e4f5a6b';
const KI = (os: string[], rel: string) =>
  paste(
    ...os,
    '$ uname -r', rel,
    '$ cat /proc/cmdline', `initrd=\\${MID}\\${rel}\\initrd root=UUID=5a2c1e7f-9b4d-4c8e-a1f3-6d0b7e2c9a45 rw quiet systemd.machine_id=${MID}`,
  );
const ARCH = ['$ cat /etc/os-release', 'NAME="Arch Linux"', 'ID=arch'];
const DEBIAN = ['$ cat /etc/os-release', 'NAME="Debian GNU/Linux"', 'ID=debian', 'VERSION_ID="12"'];

describe('systemd-boot: hand-written loader entry', () => {
  it('edits the options line of the entry that booted (not /etc/kernel/cmdline, no kernel-install)', () => {
    const host = hostFrom(ARCH_HAND);
    expect(loaderEntries(host.facts)).toMatchObject({ style: 'hand-written', booted: ['/boot/loader/entries/arch.conf'] });
    const fix = cmdlineFixes(host, 'x', 'Turn on the IOMMU', { add: ['amd_iommu=on'] })[0]!;
    expect(fix.id).toBe('x/systemd-boot');
    expect(paths(fix)).toEqual(['/boot/loader/entries/arch.conf']);
    const edit = fix.steps[0]!;
    expect(edit.kind === 'edit' && edit.diff).toContain('+options root=PARTUUID=4f6c2a1e-93b7-4d85-a0c2-6e1b8f3d9a27 rw quiet amd_iommu=on');
    expect(commands(fix)).toEqual([]);
  });
  it('an initramfs rebuild on such a host is not followed by kernel-install', () => {
    const host = hostFrom(ARCH_HAND);
    const fix = finishFix(host, { id: 'x', title: 't', recommended: true, needsReboot: true, needsInitramfs: true, warnings: [], steps: [rebuildStep('mkinitcpio')] }).fix!;
    expect(commands(fix)).toEqual(['mkinitcpio -P']);
  });
});

describe('systemd-boot: kernel-install entries', () => {
  it('Arch: /etc/kernel/cmdline started from the running line, then kernel-install with /usr/lib/modules/<rel>/vmlinuz', () => {
    const host = hostFrom(KI(ARCH, '6.9.7-arch1-1'));
    expect(loaderEntries(host.facts).style).toBe('kernel-install');
    const fix = cmdlineFixes(host, 'x', 'Turn on the IOMMU', { add: ['amd_iommu=on'] })[0]!;
    const edit = fix.steps.find((s) => s.kind === 'edit' && s.path === '/etc/kernel/cmdline');
    // Without the seed, a missing /etc/kernel/cmdline would be created holding only amd_iommu=on: no root=, no boot.
    expect(edit && edit.kind === 'edit' && edit.op).toMatchObject({ type: 'cmdline', add: ['amd_iommu=on'], seed: `root=UUID=5a2c1e7f-9b4d-4c8e-a1f3-6d0b7e2c9a45 rw quiet systemd.machine_id=${MID}` });
    expect(commands(fix)).toEqual(['kernel-install add 6.9.7-arch1-1 /usr/lib/modules/6.9.7-arch1-1/vmlinuz']);
  });
  it('Debian: the kernel image is /boot/vmlinuz-<rel> (Debian keeps no vmlinuz in the modules directory)', () => {
    const fix = cmdlineFixes(hostFrom(KI(DEBIAN, '6.1.0-28-amd64')), 'x', 't', { add: ['intel_iommu=on'] })[0]!;
    expect(commands(fix)).toEqual(['kernel-install add 6.1.0-28-amd64 /boot/vmlinuz-6.1.0-28-amd64']);
  });
  it('an initramfs rebuild is followed by kernel-install, so the ESP copy of the initrd is refreshed', () => {
    const host = hostFrom(KI(ARCH, '6.9.7-arch1-1'));
    const fix = finishFix(host, { id: 'x', title: 't', recommended: true, needsReboot: true, needsInitramfs: true, warnings: [], steps: [rebuildStep('dracut'), { kind: 'reboot', description: 'r' }] }).fix!;
    expect(commands(fix)).toEqual(['dracut -f --regenerate-all', 'kernel-install add 6.9.7-arch1-1 /usr/lib/modules/6.9.7-arch1-1/vmlinuz']);
    expect(fix.steps.map((s) => s.kind)).toEqual(['command', 'command', 'reboot']);
  });
});

describe('systemd-boot: a command-line change plus an initramfs rebuild', () => {
  it('runs kernel-install once, after the rebuild (the entry and the initrd copy both refreshed)', () => {
    const text = KI(ARCH, '6.9.7-arch1-1') + paste('=== /sys/bus/pci/devices ===', '0000:03:00.0 vendor=1002 device=73bf class=030000 driver=amdgpu boot_vga=0 iommu_group=15', '0000:03:00.1 vendor=1002 device=ab28 class=040300 driver=snd_hda_intel iommu_group=15');
    const host = hostFrom(text);
    const fix = bindByIdFixes(host, 'x', host.facts.pci).find((f) => f.id === 'x/ids/systemd-boot')!;
    const done = finishFix(host, fix).fix!;
    const cmds = commands(done);
    expect(cmds.filter((c) => c.startsWith('kernel-install'))).toHaveLength(1);
    expect(cmds.indexOf('kernel-install add 6.9.7-arch1-1 /usr/lib/modules/6.9.7-arch1-1/vmlinuz')).toBeGreaterThan(cmds.indexOf('mkinitcpio -P'));
  });
});
