// Table-driven tests for vfio-noiommu-mode (J4): command line, modprobe.d, the taint message; explicit "off" is fine.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: { facts: string[]; fix: string } | 'none' | RegExp }[] = [
  { name: 'on the command line, in use (fixture)', text: fixture('rules/vfio-noiommu-mode/fires.txt'), expect: { facts: ['in use (1 device', 'cannot be used for device assignment to virtual machines'], fix: 'vfio-noiommu-mode/grub' } },
  { name: 'in modprobe.d', text: paste('$ cat /etc/modprobe.d/noiommu.conf', 'options vfio enable_unsafe_noiommu_mode=1'), expect: { facts: ['unsafe no-IOMMU mode is enabled'], fix: 'vfio-noiommu-mode/modprobe' } },
  { name: 'a single taint line', text: paste('vfio-pci 0000:03:00.0: Adding kernel taint for vfio-noiommu group on device'), expect: { facts: ['in use'], fix: 'vfio-noiommu-mode/remove' } },
  { name: 'Y is on too', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio.enable_unsafe_noiommu_mode=Y'), expect: { facts: ['enabled'], fix: 'vfio-noiommu-mode/grub' } },
  { name: 'explicitly off (fixture)', text: fixture('rules/vfio-noiommu-mode/clean.txt'), expect: 'none' },
  { name: 'not mentioned', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on'), expect: 'none' },
  { name: 'nothing given', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)'), expect: /neither the kernel command line/ },
];

describe('vfio-noiommu-mode', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('warning');
    for (const t of expected.facts) expect(r.findings[0]!.message).toContain(t);
    if (expected.fix) expect(r.findings[0]!.fixes[0]!.id).toBe(expected.fix);
  });
});
