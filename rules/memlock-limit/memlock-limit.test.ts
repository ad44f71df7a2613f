// Table-driven tests for memlock-limit (I2): the vfio_pin_pages_remote RLIMIT_MEMLOCK warning.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: string[] | 'none' | RegExp }[] = [
  { name: 'hand-started QEMU, 64 KiB limit (fixture)', text: fixture('rules/memlock-limit/fires.txt'), expect: ['65536 bytes (64 KiB)', 'pins all guest RAM'] },
  { name: 'the single line without timestamp', text: paste('vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded'), expect: ['65536 bytes'] },
  { name: 'journalctl form, 8 MiB limit', text: paste('Jun 03 21:14:09 fedora kernel: vfio_pin_pages_remote: RLIMIT_MEMLOCK (8388608) exceeded'), expect: ['8 MiB'] },
  // QEMU's and libvirt's words for the same fault (README: Messages matched).
  { name: 'the kernel line with QEMU’s VFIO_MAP_DMA error: both quoted', text: paste('[  120.100000] vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded', '2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'), expect: ['65536 bytes', 'pins all guest RAM'] },
  { name: 'libvirt could not raise the limit (KubeVirt non-root pod)', text: paste("server error. command SyncVMI failed: \"LibvirtError(Code=38, Domain=10, Message='cannot limit locked memory of process 111 to 9007199254740991: Operation not permitted')\""), expect: ['libvirt was not allowed to raise', 'CAP_SYS_RESOURCE'] },
  // Must not fire.
  { name: 'a normal vfio log (fixture)', text: fixture('rules/memlock-limit/clean.txt'), expect: 'none' },
  // QEMU's ENOMEM alone does not show the lock limit (a root QEMU is exempt): guest-ram-pin-failed reads it.
  { name: 'QEMU VFIO_MAP_DMA ENOMEM without the kernel line', text: paste('2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'), expect: /no kernel log/ },
  { name: 'QEMU 8+ vfio_container_dma_map = -12 beside a kernel log without the line', text: paste('[    1.000000] DMAR: IOMMU enabled', 'qemu-system-x86_64: vfio_container_dma_map(0x55d1c3a4b2c0, 0xc0000, 0x7ff40000, 0x7f5a2bec0000) = -12 (Cannot allocate memory)'), expect: 'none' },
  { name: 'huge pages short is not a memlock problem', text: paste('qemu-kvm: unable to map backing store for guest RAM: Cannot allocate memory'), expect: /no kernel log/ },
  // Unable.
  { name: 'no kernel log', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no kernel log/ },
];

describe('memlock-limit', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('error');
    for (const t of expected) expect(f.message).toContain(t);
    if (expected.includes('65536 bytes') && f.evidence.length > 1) expect(f.evidence.map((e) => e.text).join('\n')).toMatch(/RLIMIT_MEMLOCK[\s\S]*VFIO_MAP_DMA failed/);
    expect(f.fixes[0]!.id).toBe('memlock-limit/limits');
    expect(JSON.stringify(f.fixes[0]!.steps)).toContain('memlock unlimited');
  });
});
