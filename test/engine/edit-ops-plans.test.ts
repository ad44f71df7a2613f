// Edit operations the corrected plans rely on: booster.yaml's one modules_force_load line, loader entry options lines.
import { describe, it, expect } from 'vitest';
import { applyOp } from '../../src/engine/edit-ops';

describe('key-list (booster.yaml modules_force_load)', () => {
  const op = { type: 'key-list' as const, key: 'modules_force_load', values: ['vfio_pci', 'vfio', 'vfio_iommu_type1'] };
  it('merges into the existing line and folds a second line of the same key into it (never a duplicate key)', () => {
    const before = 'compression: zstd\nmodules_force_load: amdgpu # early KMS\nuniversal: false\nmodules_force_load: "zfs"\n';
    expect(applyOp(before, op, '/etc/booster.yaml')).toBe('compression: zstd\nmodules_force_load: amdgpu,zfs,vfio_pci,vfio,vfio_iommu_type1 # early KMS\nuniversal: false\n');
  });
  it('adds the key when it is missing, and is idempotent', () => {
    const once = applyOp('compression: zstd\n', op, '/etc/booster.yaml');
    expect(once).toBe('compression: zstd\nmodules_force_load: vfio_pci,vfio,vfio_iommu_type1\n');
    expect(applyOp(once, op, '/etc/booster.yaml')).toBe(once);
    expect(applyOp(undefined, op, '/etc/booster.yaml')).toBe('modules_force_load: vfio_pci,vfio,vfio_iommu_type1\n');
  });
});

describe('cmdline op on a loader entry', () => {
  const path = '/boot/loader/entries/arch.conf';
  it('edits the options line, not the whole file', () => {
    const before = 'title Arch Linux\nlinux /vmlinuz-linux\ninitrd /initramfs-linux.img\noptions root=UUID=1f8e rw quiet\n';
    expect(applyOp(before, { type: 'cmdline', add: ['intel_iommu=on'], remove: [] }, path)).toBe('title Arch Linux\nlinux /vmlinuz-linux\ninitrd /initramfs-linux.img\noptions root=UUID=1f8e rw quiet intel_iommu=on\n');
  });
  it('removes from every options line and adds once', () => {
    const before = 'title Arch Linux\noptions root=UUID=1f8e rw\noptions quiet pci-stub.ids=10de:1b80\n';
    expect(applyOp(before, { type: 'cmdline', add: ['vfio-pci.ids=10de:1b80'], remove: ['pci_stub.ids'] }, path)).toBe('title Arch Linux\noptions root=UUID=1f8e rw\noptions quiet vfio-pci.ids=10de:1b80\n');
  });
});
