// The engine's last pass over every plan: checks that need root say sudo; plans the kernel config rules out are dropped.
import { describe, it, expect } from 'vitest';
import { runRule, paste, fixture, hostFrom } from '../harness';
import { finishFixes } from '../../src/engine/fixes/finish';
import { earlyVfioSteps } from '../../src/engine/fixes/initramfs';
import { rule as intelIommu } from '../../rules/intel-iommu-not-enabled/index';
import { rule as kvmUnavailable } from '../../rules/kvm-unavailable/index';
import { rule as collision } from '../../rules/identical-gpus-id-collision/index';
import { stepBlocks } from '../../src/render/fix-blocks';
import type { Fix } from '../../src/schema/fix';

const verifies = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'verify' && s.argv ? [s] : []));

describe('verification steps that need root say sudo', () => {
  it('reading the kernel log (dmesg_restrict=1 is Debian\'s and Ubuntu\'s default) is shown as sudo dmesg', () => {
    const fix = runRule(intelIommu, fixture('rules/intel-iommu-not-enabled/fires.txt')).findings[0]!.fixes[0]!;
    const dmesg = verifies(fix).find((s) => s.argv![0] === 'dmesg')!;
    expect(dmesg.root).toBe(true);
    // …and every output shows it so: the one command block the step yields carries the sudo.
    expect(stepBlocks(dmesg).find((b) => b.kind === 'command')).toMatchObject({ kind: 'command', line: expect.stringMatching(/^sudo dmesg\b/) });
    // Reading sysfs needs no root.
    expect(verifies(fix).find((s) => s.argv![0] === 'ls')!.root).toBeUndefined();
  });
  it('a host known to allow users the kernel log gets no sudo', () => {
    const text = fixture('rules/intel-iommu-not-enabled/fires.txt').replace('$ sudo dmesg', '=== host ===\ndmesg_restrict=0\n$ sudo dmesg');
    const r = runRule(intelIommu, text);
    expect(r.host.facts.dmesgRestrict).toBe(false);
    expect(verifies(r.findings[0]!.fixes[0]!).find((s) => s.argv![0] === 'dmesg')!.root).toBeUndefined();
  });
});

const AMD_CPU = ['=== /proc/cpuinfo ===', 'processor\t: 0', 'vendor_id\t: AuthenticAMD', 'model name\t: AMD Ryzen 9 5950X 16-Core Processor', 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep svm extapic npt nrip_save'];
const MODULES_NO_KVM = ['=== /proc/modules ===', 'snd_hda_intel 61440 2 - Live 0x0000000000000000'];

describe('a fix that cannot work on this host is not offered', () => {
  it('modprobe kvm_amd is not offered when the kernel config says CONFIG_KVM_AMD is not set', () => {
    const r = runRule(kvmUnavailable, paste('=== host ===', 'dev_kvm=absent', ...AMD_CPU, ...MODULES_NO_KVM, '=== /boot/config-6.8.0-custom ===', 'CONFIG_KVM=m', 'CONFIG_KVM_INTEL=m', '# CONFIG_KVM_AMD is not set'));
    const f = r.findings[0]!;
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('this kernel was built without kvm_amd (CONFIG_KVM_AMD is not set)');
    expect(f.message).not.toContain('Load kvm_amd');
  });
  it('the same host with kvm_amd built as a module still gets the modprobe plan', () => {
    const r = runRule(kvmUnavailable, paste('=== host ===', 'dev_kvm=absent', ...AMD_CPU, ...MODULES_NO_KVM, '=== /boot/config-6.8.0-custom ===', 'CONFIG_KVM=m', 'CONFIG_KVM_AMD=m'));
    expect(r.findings[0]!.fixes.map((x) => x.id)).toEqual(['kvm-unavailable/modprobe']);
  });
  it('a plan that puts vfio_pci in the initramfs is dropped when CONFIG_VFIO is not set', () => {
    const host = hostFrom(paste('=== /boot/config-6.8.0-45-generic ===', '# CONFIG_VFIO is not set', '$ cat /etc/os-release', 'ID=ubuntu'));
    const fix: Fix = { id: 'x', title: 't', recommended: true, needsReboot: true, needsInitramfs: true, warnings: [], steps: earlyVfioSteps(host, 'initramfs-tools') };
    expect(finishFixes(host, [fix])).toEqual({ fixes: [], dropped: ['this kernel was built without vfio (CONFIG_VFIO is not set)'] });
  });
});

describe('NixOS: no plan writes /etc/modprobe.d (generated from boot.extraModprobeConfig)', () => {
  it('identical cards bound by ID through boot.extraModprobeConfig: the removal is a configuration.nix change', () => {
    const r = runRule(
      collision,
      paste(
        '$ cat /etc/os-release', 'NAME=NixOS', 'ID=nixos',
        '$ cat /etc/modprobe.d/nixos.conf', 'options vfio-pci ids=1002:67df,1002:aaf0',
        '=== /sys/bus/pci/devices ===',
        '0000:01:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=1 iommu_group=14',
        '0000:01:00.1 vendor=1002 device=aaf0 class=040300 driver=vfio-pci iommu_group=14',
        '0000:0c:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=0 iommu_group=21',
        '0000:0c:00.1 vendor=1002 device=aaf0 class=040300 driver=vfio-pci iommu_group=21',
      ),
      { gpus: ['0c:00.0'] },
    );
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('identical-gpus-id-collision/override-nixos');
    expect(fix.steps.filter((s) => s.kind === 'edit' && s.path.startsWith('/etc/modprobe.d/'))).toEqual([]);
    expect(fix.steps.some((s) => s.kind === 'manual' && /boot\.extraModprobeConfig/.test(s.description) && /remove/.test(s.description))).toBe(true);
  });
});
