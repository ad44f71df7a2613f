// interrupt-remapping-missing: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'interrupt-remapping-missing';
const TYPE1 = '[  412.230155] vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param "allow_unsafe_interrupts" to enable VFIO IOMMU support on this platform';
const EPERM = 'qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: failed to setup container for group 12: Failed to set iommu for container: Operation not permitted';
const BOOT = '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP';

type Expect = { severity: 'error' | 'warning'; id: string; data: Record<string, unknown>; fixes: string[] }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted type1 refusal line', text: paste(TYPE1.replace(/^\[[^\]]+\] /, '')), expect: [{ severity: 'error', id: 'refused', data: { refused: true, cause: { kind: 'platform' }, type1: true }, fixes: ['firmware', 'unsafe-cmdline/grub'] }] },
  { name: 'a single pasted QEMU EPERM line', text: paste(EPERM), expect: [{ severity: 'error', id: 'refused', data: { refused: true, cause: { kind: 'eperm' }, type1: false }, fixes: ['firmware', 'unsafe-cmdline/grub'] }] },
  { name: 'intremap=off on the command line', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz-6.8.0 root=UUID=abc ro quiet intel_iommu=on intremap=off'), expect: [{ severity: 'error', id: 'refused', data: { refused: false, cause: { kind: 'intremap', param: 'intremap=off' } }, fixes: ['grub', 'firmware', 'unsafe-cmdline/grub'] }] },
  { name: 'AMD IVRS bug disabled remapping (the root cause is amd-ivrs-ioapic-bug)', text: paste('[    0.072378] AMD-Vi: Disabling interrupt remapping'), expect: [{ severity: 'error', id: 'refused', data: { refused: false, cause: { kind: 'amdOff' } }, fixes: ['firmware', 'unsafe-cmdline/grub'] }] },
  { name: 'iommufd with the override: warning about the security cost', text: paste('[  99.1] vfio-pci 0000:01:00.0: MSI interrupts are not secure, they cannot be isolated by the platform. Check that platform features like interrupt remapping are enabled. Use the "allow_unsafe_interrupts" module parameter to override'), expect: [{ severity: 'warning', id: 'unsafeOverride', data: { override: undefined }, fixes: ['firmware'] }] },
  { name: 'type1 override on the command line with remapping disabled', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio_iommu_type1.allow_unsafe_interrupts=1', '$ dmesg | grep AMD-Vi', '[    0.07] AMD-Vi: Disabling interrupt remapping'), expect: [{ severity: 'warning', id: 'unsafeOverride', data: { override: 'vfio_iommu_type1.allow_unsafe_interrupts=1' }, fixes: ['firmware'] }] },
  { name: 'a whole boot log with an active IOMMU but no remapping line', text: paste(BOOT, '[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on', '[    0.04] DMAR: IOMMU enabled', '[    0.51] DMAR: Intel(R) Virtualization Technology for Directed I/O', '[    0.60] pci 0000:00:00.0: Adding to iommu group 0'), expect: [{ severity: 'warning', id: 'noEnabledLine', data: { vendor: 'intel' }, fixes: ['firmware', 'unsafe-cmdline/grub'] }] },
  {
    name: 'a kernel config without CONFIG_IRQ_REMAP (the x2apic line quoted beside it)',
    text: paste('$ grep IRQ_REMAP /boot/config-5.10.77', '# CONFIG_IRQ_REMAP is not set', '$ dmesg | grep x2apic', "[   28.156880] x2apic: IRQ remapping doesn't support X2APIC mode"),
    expect: [{ severity: 'error', id: 'refused', data: { refused: false, cause: { kind: 'kconfig' } }, fixes: ['kernel', 'firmware'] }],
  },
  { name: 'the kernel config alone', text: paste('# CONFIG_IRQ_REMAP is not set'), expect: [{ severity: 'error', id: 'refused', data: { cause: { kind: 'kconfig' } }, fixes: ['kernel'] }] },
  // Must not fire.
  { name: 'the x2apic line alone is ambiguous (also printed when remapping works in xAPIC mode)', text: paste("[    0.21] x2apic: IRQ remapping doesn't support X2APIC mode"), expect: [] },
  { name: 'CONFIG_IRQ_REMAP=y', text: paste('$ grep IRQ_REMAP /boot/config-6.8.0', 'CONFIG_IRQ_REMAP=y', '$ dmesg | grep x2apic', "[    0.21] x2apic: IRQ remapping doesn't support X2APIC mode"), expect: [] },
  { name: 'benign x2apic opt-out: remapping works in xAPIC mode', text: paste("[    0.21] DMAR-IR: x2apic is disabled because BIOS sets x2apic opt out bit.", "[    0.21] DMAR-IR: Use 'intremap=no_x2apic_optout' to override the BIOS setting.", '[    0.21] DMAR-IR: Enabled IRQ remapping in xapic mode'), expect: [] },
  { name: 'intremap=no_x2apic_optout is not intremap=off', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro intremap=no_x2apic_optout'), expect: [] },
  { name: 'QEMU EPERM with the RMRR line is intel-rmrr-ineligible\'s', text: paste(EPERM, '$ dmesg | tail -1', '[  843.3] vfio-pci 0000:01:00.0: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.'), expect: [] },
  { name: 'a whole boot log with remapping enabled', text: paste(BOOT, '[    0.21] DMAR-IR: Enabled IRQ remapping in x2apic mode', '[    0.51] DMAR: Intel(R) Virtualization Technology for Directed I/O', '[    0.60] pci 0000:00:00.0: Adding to iommu group 0'), expect: [] },
  // Unknown is not false.
  { name: 'only lspci', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /^neither kernel log, QEMU or libvirt error nor kernel command line was given/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toMatchObject({ messageId: e.id, data: e.data });
      const ids = f.fixes.map((x) => x.id.replace(`${ID}/`, ''));
      for (const x of e.fixes) expect(ids).toContain(x);
      if (e.id === 'unsafeOverride') expect(ids.some((x) => x.startsWith('unsafe'))).toBe(false);
      expect(f.evidence.length).toBeGreaterThan(0);
    });
  });

  it('the unsafe override is never the recommended fix and carries the security warning', () => {
    const r = runRule(rule, paste(TYPE1));
    const unsafe = r.findings[0]!.fixes.filter((x) => x.id.includes('/unsafe'));
    expect(unsafe.length).toBeGreaterThan(0);
    for (const x of unsafe) {
      expect(x.recommended).toBe(false);
      expect(x.warnings.join(' ')).toMatch(/forged MSI interrupts/);
    }
    expect(r.findings[0]!.fixes.find((x) => x.recommended)?.id).toBe(`${ID}/firmware`);
  });

  it('removing intremap=off is the recommended fix when it is the cause', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=UUID=abc ro intremap=off'));
    expect(r.findings[0]!.fixes[0]!.id).toBe(`${ID}/grub`);
    expect(r.findings[0]!.fixes[0]!.recommended).toBe(true);
  });

  it('the modprobe.d variant writes options vfio_iommu_type1 allow_unsafe_interrupts=1', () => {
    const r = runRule(rule, paste(TYPE1));
    const m = r.findings[0]!.fixes.find((x) => x.id === `${ID}/unsafe-modprobe`)!;
    const edit = m.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.path).toBe('/etc/modprobe.d/iommu_unsafe_interrupts.conf');
    expect(edit && edit.kind === 'edit' && edit.op).toEqual({ type: 'modprobe-option', module: 'vfio_iommu_type1', param: 'allow_unsafe_interrupts', value: '1' });
  });

  it('is a consequence of a broken AMD IVRS table', () => {
    expect(rule.meta.consequenceOf).toContain('amd-ivrs-ioapic-bug');
  });

  it('fixture: the virt-manager error plus dmesg fires once with both lines', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
    const ev = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(ev).toContain('No interrupt remapping support');
    expect(ev).toContain('Failed to set iommu for container: Operation not permitted');
  });

  it('fixture: the x2apic opt-out host is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
