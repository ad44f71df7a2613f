// Table-driven tests for memlock-limit (I2): the vfio_pin_pages_remote RLIMIT_MEMLOCK warning.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: string[] | 'none' | RegExp }[] = [
  { name: 'hand-started QEMU, 64 KiB limit (fixture)', text: fixture('rules/memlock-limit/fires.txt'), expect: ['65536 bytes (64 KiB)', 'pins all guest RAM'] },
  { name: 'the single line without timestamp', text: paste('vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded'), expect: ['65536 bytes'] },
  { name: 'journalctl form, 8 MiB limit', text: paste('Jun 03 21:14:09 fedora kernel: vfio_pin_pages_remote: RLIMIT_MEMLOCK (8388608) exceeded'), expect: ['8 MiB'] },
  // QEMU's and libvirt's words for the same fault (README: Messages matched).
  { name: 'QEMU vfio_dma_map: VFIO_MAP_DMA failed: Cannot allocate memory', text: paste('2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'), expect: ['Cannot allocate memory', 'pins all guest RAM'] },
  { name: 'QEMU 8+ listener: vfio_container_dma_map(…) = -12', text: paste('qemu-system-x86_64: vfio_container_dma_map(0x55d1c3a4b2c0, 0xc0000, 0x7ff40000, 0x7f5a2bec0000) = -12 (Cannot allocate memory)'), expect: ['Cannot allocate memory'] },
  { name: 'libvirt could not raise the limit (KubeVirt non-root pod)', text: paste("server error. command SyncVMI failed: \"LibvirtError(Code=38, Domain=10, Message='cannot limit locked memory of process 111 to 9007199254740991: Operation not permitted')\""), expect: ['libvirt was not allowed to raise', 'CAP_SYS_RESOURCE'] },
  // Must not fire.
  { name: 'a normal vfio log (fixture)', text: fixture('rules/memlock-limit/clean.txt'), expect: 'none' },
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
    expect(f.fixes[0]!.id).toBe('memlock-limit/limits');
    expect(JSON.stringify(f.fixes[0]!.steps)).toContain('memlock unlimited');
  });
});
