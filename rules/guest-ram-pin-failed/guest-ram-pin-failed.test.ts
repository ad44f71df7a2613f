// Table-driven tests for guest-ram-pin-failed: VFIO_MAP_DMA / vfio_dma_map ENOMEM without the lock limit's evidence.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';

const KUBEVIRT_EVENT =
  "    Message:               server error. command SyncVMI failed: \"LibvirtError(Code=1, Domain=10, Message='internal error: qemu unexpectedly closed the monitor: 2022-11-10T09:16:07.938799Z qemu-system-x86_64: -device vfio-pci,host=0000:af:00.0,id=ua-hostdevice-00011,bus=pci.6,addr=0x0: VFIO_MAP_DMA failed: Cannot allocate memory')\"";

const cases: { name: string; text: string; expect: { kubevirt: boolean; kernelLogComplete: boolean; devices?: string[] } | 'none' | RegExp }[] = [
  {
    name: 'QEMU 2.x-7.x: VFIO_MAP_DMA failed (libvirt domain log, timestamped)',
    text: paste('2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'),
    expect: { kubevirt: false, kernelLogComplete: false },
  },
  {
    name: 'older QEMU: vfio_dma_map(…) = -12 from the memory listener, naming the device',
    text: paste('qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: failed to setup container for group 1: memory listener initialization failed: Region pc.ram: vfio_dma_map(0x55c894f82af0, 0x100000000, 0x79c00000, 0x7fe01e200000) = -12 (Cannot allocate memory)'),
    expect: { kubevirt: false, kernelLogComplete: false, devices: ['0000:01:00.0'] },
  },
  { name: 'QEMU 8+: vfio_container_dma_map(…) = -12', text: paste('qemu-system-x86_64: vfio_container_dma_map(0x55d1c3a4b2c0, 0xc0000, 0x7ff40000, 0x7f5a2bec0000) = -12 (Cannot allocate memory)'), expect: { kubevirt: false, kernelLogComplete: false } },
  { name: 'KubeVirt event: the pod’s memory and Harvester’s overcommit-config', text: paste(KUBEVIRT_EVENT), expect: { kubevirt: true, kernelLogComplete: false } },
  {
    name: 'a whole boot log without the RLIMIT line: not the lock limit',
    text: paste('$ sudo dmesg', '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP', '[    1.000000] DMAR: IOMMU enabled', '$ cat /var/log/libvirt/qemu/win10.log', '2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'),
    expect: { kubevirt: false, kernelLogComplete: true },
  },
  // Must not fire: memlock-limit explains the failure.
  { name: 'with the kernel’s RLIMIT_MEMLOCK line', text: paste('[ 120.1] vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded', 'qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'), expect: 'none' },
  { name: 'libvirt could not raise the limit', text: paste("error: cannot limit locked memory of process 111 to 9007199254740991: Operation not permitted", 'qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory'), expect: 'none' },
  { name: 'huge-page pool short is another fault', text: paste('qemu-kvm: unable to map backing store for guest RAM: Cannot allocate memory'), expect: 'none' },
  { name: 'other ENOMEM wording is not this', text: paste('qemu-system-x86_64: VFIO_MAP_DMA failed: Bad address'), expect: 'none' },
  // Unable.
  { name: 'no VM log at all', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no QEMU or libvirt error/ },
];

describe('guest-ram-pin-failed', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    const { devices: _, ...data } = expected;
    expect(r.messages[0]).toEqual({ messageId: 'pinFailed', data });
    if (expected.devices) expect(f.devices).toEqual(expected.devices);
    expect(f.evidence.length).toBeGreaterThan(0);
  });
});
