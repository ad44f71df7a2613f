// QEMU/libvirt error lines and initramfs build messages, alone or wrapped in libvirt's and the journal's text.
import { describe, expect, it } from 'vitest';
import type { QemuError } from '../../src/schema/facts';
import { parse, lines } from './helpers';

describe('QEMU and libvirt errors', () => {
  it.each<[string, QemuError['kind'], number | undefined, string | undefined]>([
    [
      'qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0,id=hostdev0,bus=pci.0,addr=0x5: vfio 0000:01:00.0: group 1 is not viable',
      'group-not-viable',
      1,
      '0000:01:00.0',
    ],
    ['vfio 0000:01:00.0: group 1 is not viable', 'group-not-viable', 1, '0000:01:00.0'],
    [
      'vfio: error, group 15 is not viable, please ensure all devices within the iommu_group are bound to their vfio bus driver.',
      'group-not-viable',
      15,
      undefined,
    ],
    [
      'qemu-system-x86_64: -device vfio-pci,host=0000:06:00.0: vfio 0000:06:00.0: failed to setup container for group 12: Failed to set iommu for container: Operation not permitted',
      'container-eperm',
      12,
      '0000:06:00.0',
    ],
    ['failed to setup container for group 12: failed to set iommu for container: Operation not permitted', 'container-eperm', 12, undefined],
    ['vfio: failed to set iommu for container: Operation not permitted', 'container-eperm', undefined, undefined],
    ['failed to setup container for group 7: Failed to set group container: Invalid argument', 'container-einval', 7, undefined],
    ['Failed to set group container: Invalid argument', 'container-einval', undefined, undefined],
    ['qemu-system-x86_64: -device vfio-pci,host=01:00.0: vfio 0000:01:00.0: no iommu_group found: No such file or directory', 'no-iommu-group', undefined, '0000:01:00.0'],
    ['no iommu_group found: No such file or directory', 'no-iommu-group', undefined, undefined],
    ['error: argument unsupported: VFIO device assignment is currently not supported on this system', 'vfio-not-supported', undefined, undefined],
    ['error: argument unsupported: VFIO device assigment is currently not supported on this system', 'vfio-not-supported', undefined, undefined],
    ["Unknown PCI header type '127' for device '0000:01:00.0'", 'header-127', undefined, '0000:01:00.0'],
    ["error: internal error: Unknown PCI header type '127' for device '0000:05:00.0'", 'header-127', undefined, '0000:05:00.0'],
    // VFIO_MAP_DMA ENOMEM (QEMU vfio_dma_map / listener) is its own kind; libvirt's refused RLIMIT_MEMLOCK stays 'memlock'.
    ['2024-05-01T10:00:00.000000Z qemu-system-x86_64: VFIO_MAP_DMA failed: Cannot allocate memory', 'dma-map-enomem', undefined, undefined],
    ['qemu-system-x86_64: -device vfio-pci,host=0000:af:00.0: vfio 0000:af:00.0: failed to setup container for group 143: memory listener initialization failed: Region pc.ram: vfio_dma_map(0x55c894f82af0, 0x100000000, 0x79c00000, 0x7fe01e200000) = -12 (Cannot allocate memory)', 'dma-map-enomem', undefined, '0000:af:00.0'],
    ['error: cannot limit locked memory of process 111 to 9007199254740991: Operation not permitted', 'memlock', undefined, undefined],
    // cloud-hypervisor (pci/src/vfio.rs map_mmio_regions): only the EBUSY form.
    ['cloud-hypervisor: 13.656158892s: <vmm> ERROR:pci/src/vfio.rs:1372 -- Could not mmap sparse area (offset = 0x0, size = 0x10000000): Device or resource busy (os error 16)', 'bar-busy', undefined, undefined],
    [
      "2026-11-25T12:03:11.345678Z qemu-system-x86_64: vfio: Cannot reset device 0000:01:00.1, depends on group 17 which is not owned.",
      'other',
      undefined,
      undefined,
    ],
  ])('%s', (text, kind, group, bdf) => {
    const f = parse(text + '\n');
    if (kind === 'other') {
      expect(f.qemuErrors).toEqual([]);
      return;
    }
    expect(f.qemuErrors).toHaveLength(1);
    expect(f.qemuErrors[0]).toMatchObject({ kind, evidence: { line: 1 } });
    expect(f.qemuErrors[0]!.group).toBe(group);
    expect(f.qemuErrors[0]!.bdf).toBe(bdf);
    expect(f.unparsed.count).toBe(0);
  });

  it('the hint line after "not viable" is understood, not unparsed', () => {
    const f = parse(
      lines(
        'error: Failed to start domain \'win11\'',
        'error: internal error: qemu unexpectedly closed the monitor: 2026-11-25T12:03:11.345678Z qemu-system-x86_64: -device {"driver":"vfio-pci","host":"0000:01:00.0","id":"hostdev0","bus":"pci.5","addr":"0x0"}: vfio 0000:01:00.0: group 1 is not viable',
        'Please ensure all devices within the iommu_group are bound to their vfio bus driver.',
      ),
    );
    expect(f.qemuErrors).toEqual([expect.objectContaining({ kind: 'group-not-viable', group: 1, bdf: '0000:01:00.0' })]);
    expect(f.unparsed.count).toBe(0);
  });

  it('a libvirt log file section', () => {
    const f = parse(
      lines(
        '$ sudo tail -n 20 /var/log/libvirt/qemu/win11.log',
        '2026-11-25 12:03:11.123+0000: starting up libvirt version: 10.0.0, qemu version: 8.2.2',
        'LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin /usr/bin/qemu-system-x86_64 -name guest=win11',
        '2026-11-25T12:03:11.345678Z qemu-system-x86_64: -device {"driver":"vfio-pci","host":"0000:0b:00.0","id":"hostdev0"}: vfio 0000:0b:00.0: failed to setup container for group 24: Failed to set iommu for container: Operation not permitted',
        '2026-11-25 12:03:11.456+0000: shutting down, reason=failed',
      ),
    );
    expect(f.qemuErrors).toEqual([expect.objectContaining({ kind: 'container-eperm', group: 24, bdf: '0000:0b:00.0' })]);
  });

  it('QEMU errors in the journal are found too', () => {
    const f = parse('Nov 25 13:03:11 host libvirtd[1234]: internal error: Unknown PCI header type \'127\' for device \'0000:01:00.0\'\n');
    expect(f.qemuErrors).toEqual([expect.objectContaining({ kind: 'header-127', bdf: '0000:01:00.0' })]);
  });
});

describe('initramfs build messages', () => {
  it.each<[string, string, string | undefined]>([
    ["==> ERROR: module not found: 'vfio_virqfd'", 'mkinitcpio', 'vfio_virqfd'],
    ['==> WARNING: errors were encountered during the build. The image may not be complete.', 'mkinitcpio', undefined],
    ["dracut-install: Failed to find module 'vfio_virqfd'", 'dracut', 'vfio_virqfd'],
    ["dracut[12345]: dracut-install: Failed to find module 'vfio_virqfd'", 'dracut', 'vfio_virqfd'],
    ["systemd-modules-load[312]: Failed to find module 'vfio_virqfd'", 'systemd-modules-load', 'vfio_virqfd'],
    ['modprobe: FATAL: Module vfio_virqfd not found in directory /lib/modules/6.8.0-45-generic', 'modprobe', 'vfio_virqfd'],
  ])('%s', (text, tool, module) => {
    const f = parse(text + '\n');
    expect(f.buildMessages).toHaveLength(1);
    expect(f.buildMessages[0]!.tool).toBe(tool);
    expect(f.buildMessages[0]!.module).toBe(module);
    expect(f.unparsed.count).toBe(0);
  });

  it('a whole mkinitcpio run: only the failures become messages, the rest is understood', () => {
    const f = parse(
      lines(
        '$ sudo mkinitcpio -P',
        "==> Building image from preset: /etc/mkinitcpio.d/linux.preset: 'default'",
        '==> Using default configuration file: \'/etc/mkinitcpio.conf\'',
        '  -> -k /boot/vmlinuz-linux -g /boot/initramfs-linux.img',
        '==> Starting build: \'6.11.5-arch1-1\'',
        '  -> Running build hook: [base]',
        '  -> Running build hook: [modconf]',
        "==> ERROR: module not found: 'vfio_virqfd'",
        '==> WARNING: errors were encountered during the build. The image may not be complete.',
      ),
    );
    expect(f.buildMessages.map((m) => [m.tool, m.module])).toEqual([
      ['mkinitcpio', 'vfio_virqfd'],
      ['mkinitcpio', undefined],
    ]);
    expect(f.unparsed.count).toBe(0);
  });
});
