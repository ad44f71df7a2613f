// Identical cards held by pci-stub.ids (the seed's method 1 in its pci-stub form): the plans never hand the host's card over.
import { describe, it, expect } from 'vitest';
import { runRule, paste } from '../harness';
import { rule as collision } from '../../rules/identical-gpus-id-collision/index';
import { rule as stubLegacy } from '../../rules/pci-stub-legacy/index';
import type { Fix } from '../../src/schema/fix';

const cmdlineOps = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' && s.op?.type === 'cmdline' ? [s.op] : []));

// Ubuntu 24.04, two RTX 3090 Ti; pci-stub.ids on the GRUB command line claims both cards (the host's at 05:00 too),
// plus a USB controller the user stubs on purpose.
const SEED_STUB = paste(
  '=== host ===',
  'pci_complete=yes',
  'path=/etc/initramfs-tools/initramfs.conf',
  '=== /proc/cmdline ===',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=REDACTED-UUID ro quiet splash intel_iommu=on pci-stub.ids=10de:2203,10de:1aef,1912:0014',
  '=== /etc/default/grub ===',
  'GRUB_DEFAULT=0',
  'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on pci-stub.ids=10de:2203,10de:1aef,1912:0014"',
  'GRUB_CMDLINE_LINUX=""',
  '=== /sys/bus/pci/devices ===',
  '0000:01:00.0 vendor=10de device=2203 class=030000 subsystem=1043:8870 driver=pci-stub driver_override=(null) boot_vga=0 iommu_group=17 power_state=D0',
  '0000:01:00.1 vendor=10de device=1aef class=040300 subsystem=1043:8870 driver=pci-stub driver_override=(null) iommu_group=17 power_state=D0',
  '0000:05:00.0 vendor=10de device=2203 class=030000 subsystem=1458:4102 driver=pci-stub driver_override=(null) boot_vga=1 iommu_group=20 power_state=D0',
  '0000:05:00.1 vendor=10de device=1aef class=040300 subsystem=1458:4102 driver=pci-stub driver_override=(null) iommu_group=20 power_state=D0',
  '0000:07:00.0 vendor=1912 device=0014 class=0c0330 subsystem=1912:0014 driver=pci-stub driver_override=(null) iommu_group=22 power_state=D0',
);

describe('identical cards with pci-stub.ids', () => {
  it('the override fix also removes the colliding IDs from pci-stub.ids (keeping the USB controller stubbed)', () => {
    const r = runRule(collision, SEED_STUB, { gpus: ['01:00.0'] });
    const f = r.findings[0]!;
    expect(f.severity).toBe('error');
    expect(r.messages[0]).toMatchObject({ messageId: 'collision', data: { bad: true, configured: [], stubbed: ['10de:2203', '10de:1aef'] } });
    const fix = f.fixes[0]!;
    expect(fix.id).toBe('identical-gpus-id-collision/override-initramfs-tools');
    const ops = cmdlineOps(fix);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ variable: 'GRUB_CMDLINE_LINUX_DEFAULT', remove: ['pci-stub.ids=10de:2203,10de:1aef,1912:0014'], add: ['pci-stub.ids=1912:0014'] });
    const grub = fix.steps.find((s) => s.kind === 'edit' && s.path === '/etc/default/grub');
    expect(grub && grub.kind === 'edit' && grub.diff).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on pci-stub.ids=1912:0014"');
    expect(fix.steps.some((s) => s.kind === 'command' && s.argv.join(' ') === 'update-grub')).toBe(true);
  });

  it('pci-stub-legacy never moves the shared IDs to vfio-pci.ids; the USB controller\'s ID may move', () => {
    const r = runRule(stubLegacy, SEED_STUB);
    const f = r.findings[0]!;
    expect(r.messages[0]).toMatchObject({ messageId: 'stub', data: { shared: ['10de:2203', '10de:1aef'] } });
    for (const fix of f.fixes)
      for (const op of cmdlineOps(fix)) {
        expect(op.add.join(' '), fix.id).not.toMatch(/vfio-pci\.ids=[^ ]*(10de:2203|10de:1aef)/);
        expect(op.add, fix.id).toEqual(['vfio-pci.ids=1912:0014', 'pci-stub.ids=10de:2203,10de:1aef']);
      }
    expect(f.fixes.length).toBeGreaterThan(0);
  });

  it('pci-stub-legacy offers no swap at all when every stubbed ID is shared', () => {
    const text = SEED_STUB.replace(/,1912:0014/g, '').replace(/^0000:07:00\.0 .*\n/m, '');
    const r = runRule(stubLegacy, text);
    expect(r.findings[0]!.fixes).toEqual([]);
    expect(r.messages[0]).toMatchObject({ messageId: 'stub', data: { movable: [], shared: ['10de:2203', '10de:1aef'] } });
  });
});
