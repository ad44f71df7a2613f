// Table-driven tests for memlock-limit (I2): the vfio_pin_pages_remote RLIMIT_MEMLOCK warning.
import { describe, expect, it } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases, runRule } from '../../test/harness';

type Said = { messageId: string; data?: unknown };
const cases: { name: string; text: string; expect: Said | 'none' | RegExp; quotes?: RegExp }[] = [
  { name: 'hand-started QEMU, 64 KiB limit (fixture)', text: fixture('rules/memlock-limit/fires.txt'), expect: { messageId: 'limit', data: { bytes: 65536 } } },
  { name: 'the single line without timestamp', text: paste('vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded'), expect: { messageId: 'limit', data: { bytes: 65536 } } },
  { name: 'journalctl form, 8 MiB limit', text: paste('Jun 03 21:14:09 fedora kernel: vfio_pin_pages_remote: RLIMIT_MEMLOCK (8388608) exceeded'), expect: { messageId: 'limit', data: { bytes: 8388608 } } },
  // QEMU's and libvirt's words for the same fault (README: Messages matched).
  { name: 'the kernel line with QEMU’s VFIO_MAP_DMA error: both quoted', text: paste('[  120.100000] vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded', '2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'), expect: { messageId: 'limit', data: { bytes: 65536 } }, quotes: /RLIMIT_MEMLOCK[\s\S]*VFIO_MAP_DMA failed/ },
  { name: 'libvirt could not raise the limit (KubeVirt non-root pod)', text: paste("server error. command SyncVMI failed: \"LibvirtError(Code=38, Domain=10, Message='cannot limit locked memory of process 111 to 9007199254740991: Operation not permitted')\""), expect: { messageId: 'libvirtCannotRaise' } },
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
  it('writes its messages from the data (size in the largest whole unit)', () => {
    expect(rule.meta.messages!.limit!({ bytes: 8388608 } as never)).toContain('8388608 bytes (8 MiB)');
  });
  it('without a kernel log, finding nothing is unknown: the engine names the missing input', () => {
    expect(runRule(rule, paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet')).missing).toEqual(['kernelLog']);
  });
  for (const c of cases.filter((c) => c.quotes)) it(`${c.name}: quotes both`, () => {
    expect(runRule(rule, c.text).findings[0]!.evidence.map((e) => e.text).join('\n')).toMatch(c.quotes!);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('error');
    expect(r.messages[0]).toEqual({ data: undefined, ...expected });
    expect(f.fixes[0]!.id).toBe('memlock-limit/limits');
    expect(JSON.stringify(f.fixes[0]!.steps)).toContain('memlock unlimited');
  });
});
