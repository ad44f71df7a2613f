// Binding plans checked against how each initramfs really boots (NixOS stage 1, booster): old plans fail these.
import { describe, it, expect } from 'vitest';
import { hostFrom, paste } from '../harness';
import { bindByAddressFixes, bindByIdFixes } from '../../src/engine/fixes/bind';
import type { Fix, FixStep } from '../../src/schema/fix';

const text = (steps: FixStep[]) => steps.map((s) => ('description' in s ? s.description : '') + ('content' in s && s.content ? s.content : '') + ('diff' in s && s.diff ? s.diff : '')).join('\n');
const edited = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s.path] : []));

const TWO_CARDS = [
  '=== /sys/bus/pci/devices ===',
  '0000:01:00.0 vendor=1002 device=67df class=030000 subsystem=1da2:e366 driver=amdgpu driver_override=(null) boot_vga=1 iommu_group=14 power_state=D0',
  '0000:01:00.1 vendor=1002 device=aaf0 class=040300 subsystem=1da2:e366 driver=snd_hda_intel driver_override=(null) iommu_group=14 power_state=D0',
  '0000:0c:00.0 vendor=1002 device=67df class=030000 subsystem=1da2:e366 driver=amdgpu driver_override=(null) boot_vga=0 iommu_group=21 power_state=D0',
  '0000:0c:00.1 vendor=1002 device=aaf0 class=040300 subsystem=1da2:e366 driver=snd_hda_intel driver_override=(null) iommu_group=21 power_state=D0',
];

const NIXOS = paste('$ cat /etc/os-release', 'NAME=NixOS', 'ID=nixos', 'VERSION_ID="24.05"', ...TWO_CARDS);

describe('NixOS (stage-1-init.sh loads boot.initrd.kernelModules before preDeviceCommands)', () => {
  const host = hostFrom(NIXOS, ['0c:00.0']);
  const guest = host.facts.pci.filter((d) => d.bdf.startsWith('0000:0c:'));
  const fix = bindByAddressFixes(host, 'identical-gpus-id-collision', guest)[0]!;
  it('keeps vfio-pci out of boot.initrd.kernelModules and loads it after the overrides', () => {
    expect(fix.id).toBe('identical-gpus-id-collision/override-nixos');
    const t = text(fix.steps);
    expect(t).toContain('boot.initrd.availableKernelModules = [ "vfio_pci" "vfio" "vfio_iommu_type1" ]');
    expect(t).not.toMatch(/boot\.initrd\.kernelModules = \[/);
    const pre = t.slice(t.indexOf('preDeviceCommands'));
    expect(pre.indexOf('driver_override')).toBeGreaterThan(0);
    expect(pre.indexOf('modprobe -i vfio-pci')).toBeGreaterThan(pre.indexOf('driver_override'));
    // vfio-pci built in: the functions are probed again so it can claim them.
    expect(pre).toContain('/sys/bus/pci/drivers_probe');
    expect(fix.warnings.join(' ')).toMatch(/boot\.initrd\.systemd\.enable/);
  });
  it('by-ID plans use boot.extraModprobeConfig, never /etc/modprobe.d', () => {
    const byId = bindByIdFixes(host, 'gpu-bound-to-host-driver', guest);
    expect(byId.length).toBeGreaterThan(0);
    for (const f of byId) {
      expect(edited(f).filter((p) => p.startsWith('/etc/modprobe.d/')), f.id).toEqual([]);
      expect(text(f.steps), f.id).toContain('boot.extraModprobeConfig');
    }
    const modprobe = byId.find((f) => f.id.endsWith('/modprobe-nixos'))!;
    expect(text(modprobe.steps)).toContain('options vfio-pci ids=1002:67df,1002:aaf0');
  });
});

const BOOSTER = (yaml: string[]) =>
  paste('$ cat /etc/os-release', 'NAME="Arch Linux"', 'ID=arch', '$ cat /etc/booster.yaml', ...yaml, ...TWO_CARDS);

describe('booster (no scripts, no modprobe install lines in its image)', () => {
  it('does not offer the modprobe install hook; overrides from the real root before udev coldplug', () => {
    const host = hostFrom(BOOSTER(['compression: zstd', 'modules_force_load: amdgpu']), ['0c:00.0']);
    expect(host.initramfs.value).toBe('booster');
    const guest = host.facts.pci.filter((d) => d.bdf.startsWith('0000:0c:'));
    const fix = bindByAddressFixes(host, 'identical-gpus-id-collision', guest)[0]!;
    expect(fix.id).toBe('identical-gpus-id-collision/override-booster');
    expect(edited(fix)).not.toContain('/etc/modprobe.d/vfio.conf');
    expect(edited(fix)).not.toContain('/etc/booster.yaml');
    const unit = fix.steps.find((s) => s.kind === 'edit' && s.path === '/etc/systemd/system/vfio-pci-override.service');
    expect(unit && unit.kind === 'edit' && unit.content).toMatch(/Before=systemd-modules-load\.service systemd-udev-trigger\.service/);
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'systemctl enable vfio-pci-override.service')).toBe(true);
    expect(fix.warnings.join(' ')).toMatch(/ignores modprobe install lines/);
    // amdgpu is force-loaded in the image: it would take the card first.
    expect(fix.warnings.join(' ')).toMatch(/loads amdgpu in the image/);
  });
  it('by ID: modules_force_load is merged into the existing line, never a second key', () => {
    const host = hostFrom(BOOSTER(['compression: zstd', 'modules_force_load: zfs']), ['0c:00.0']);
    const dev = host.facts.pci.filter((d) => d.bdf === '0000:01:00.0' || d.bdf === '0000:01:00.1');
    const fix = bindByIdFixes(host, 'gpu-bound-to-host-driver', dev).find((f) => f.id.endsWith('/modprobe-booster'))!;
    const step = fix.steps.find((s) => s.kind === 'edit' && s.path === '/etc/booster.yaml');
    expect(step && step.kind === 'edit' && step.diff).toContain('+modules_force_load: zfs,vfio_pci,vfio,vfio_iommu_type1');
    expect(step && step.kind === 'edit' && step.diff).toContain('-modules_force_load: zfs');
  });
});
