// Table-driven tests for vfio-noiommu-mode (J4): command line, modprobe.d, the taint message; explicit "off" is fine.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: { inUse: number; fix: string } | 'none' | RegExp }[] = [
  { name: 'on the command line, in use (fixture)', text: fixture('rules/vfio-noiommu-mode/fires.txt'), expect: { inUse: 1, fix: 'vfio-noiommu-mode/grub' } },
  { name: 'in modprobe.d', text: paste('$ cat /etc/modprobe.d/noiommu.conf', 'options vfio enable_unsafe_noiommu_mode=1'), expect: { inUse: 0, fix: 'vfio-noiommu-mode/modprobe' } },
  { name: 'a single taint line', text: paste('vfio-pci 0000:03:00.0: Adding kernel taint for vfio-noiommu group on device'), expect: { inUse: 1, fix: 'vfio-noiommu-mode/remove' } },
  { name: 'Y is on too', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro vfio.enable_unsafe_noiommu_mode=Y'), expect: { inUse: 0, fix: 'vfio-noiommu-mode/grub' } },
  { name: 'explicitly off (fixture)', text: fixture('rules/vfio-noiommu-mode/clean.txt'), expect: 'none' },
  { name: 'not mentioned', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro intel_iommu=on'), expect: 'none' },
  { name: 'nothing given', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)'), expect: /neither kernel command line, \/etc\/modprobe.d nor kernel log was given/ },
];

describe('vfio-noiommu-mode', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('warning');
    expect(r.messages[0]).toEqual({ messageId: 'enabled', data: { inUse: expected.inUse } });
    if (expected.fix) expect(r.findings[0]!.fixes[0]!.id).toBe(expected.fix);
  });
});
