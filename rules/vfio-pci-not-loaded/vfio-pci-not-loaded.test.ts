// Table-driven tests for vfio-pci-not-loaded (E2): module missing from lsmod, missing from the kernel, benign look-alikes.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const cases: { name: string; text: string; expect: { severity: 'error' | 'warning'; messageId: string; data: object; fix: string } | 'none' | RegExp }[] = [
  { name: 'IDs on the command line, vfio_pci never loaded (fixture)', text: fixture('rules/vfio-pci-not-loaded/fires.txt'), expect: { severity: 'error', messageId: 'configured', data: { ids: ['1002:73bf', '1002:ab28'], overrides: [] }, fix: 'vfio-pci-not-loaded/mkinitcpio' } },
  { name: 'a single "Module vfio_pci not found" line', text: paste("modprobe: FATAL: Module vfio_pci not found in directory /lib/modules/6.6.30-custom"), expect: { severity: 'error', messageId: 'noDriver', data: { tool: 'modprobe' }, fix: 'vfio-pci-not-loaded/kernel' } },
  { name: "dracut-install: Failed to find module 'vfio_pci'", text: paste('$ sudo dracut -f', "dracut-install: Failed to find module 'vfio_pci'", 'dracut: FAILED: /usr/lib/dracut/dracut-install -D /var/tmp/dracut.x/initramfs --kerneldir /lib/modules/6.9.0-custom/ -m vfio vfio_iommu_type1 vfio_pci'), expect: { severity: 'error', messageId: 'noDriver', data: { tool: 'dracut' }, fix: 'vfio-pci-not-loaded/kernel' } },
  { name: "systemd-modules-load in the journal: Failed to find module 'vfio_pci'", text: paste("Jun 02 09:12:01 host systemd-modules-load[312]: Failed to find module 'vfio_pci'"), expect: { severity: 'error', messageId: 'noDriver', data: { tool: 'systemd-modules-load' }, fix: 'vfio-pci-not-loaded/kernel' } },
  { name: 'Proxmox: TASK ERROR: Cannot find vfio-pci module!', text: paste('TASK ERROR: Cannot find vfio-pci module!'), expect: { severity: 'error', messageId: 'noDriver', data: {}, fix: 'vfio-pci-not-loaded/kernel' } },
  { name: 'kernel built without CONFIG_VFIO_PCI', text: paste('$ grep VFIO /boot/config-6.6.30-custom', 'CONFIG_VFIO=m', '# CONFIG_VFIO_PCI is not set'), expect: { severity: 'error', messageId: 'noDriver', data: { noTool: true }, fix: 'vfio-pci-not-loaded/kernel' } },
  {
    name: 'nothing configured, module not loaded (collected bundle): a warning',
    text: paste(
      '=== host ===',
      'pci_complete=yes',
      '=== /proc/modules ===',
      'kvm_intel 413696 0 - Live 0x0000000000000000',
      'kvm 1396736 1 kvm_intel, Live 0x0000000000000000',
      '=== /sys/bus/pci/devices ===',
      '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1',
      '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=nouveau boot_vga=0',
    ),
    expect: { severity: 'warning', messageId: 'notLoaded', data: { forTarget: true, held: [{ bdf: '01:00.0', driver: 'nouveau' }] }, fix: 'vfio-pci-not-loaded/initramfs-tools' },
  },
  // Must not fire.
  { name: 'loaded and bound (fixture)', text: fixture('rules/vfio-pci-not-loaded/clean.txt'), expect: 'none' },
  { name: 'built in (Ubuntu): absent from lsmod is normal', text: paste('$ lsmod | grep kvm', 'kvm_intel             413696  0', '$ grep vfio-pci /lib/modules/6.8.0-45-generic/modules.builtin', 'kernel/drivers/vfio/pci/vfio-pci.ko'), expect: 'none' },
  { name: 'the kernel log shows vfio_pci adding IDs', text: paste('$ lsmod | grep kvm', 'kvm_amd               229376  0', '$ sudo dmesg | grep vfio', '[    1.9] vfio_pci: add [1002:73bf[ffffffff:ffffffff]] class 0x000000/00000000'), expect: 'none' },
  { name: 'another module not found', text: paste("modprobe: FATAL: Module vendor_reset not found in directory /lib/modules/6.8.12-4-pve"), expect: /which modules are loaded is unknown/ },
  // Unable.
  { name: 'no module list', text: paste('BOOT_IMAGE=/vmlinuz-linux root=UUID=abc rw vfio-pci.ids=1002:73bf'), expect: /which modules are loaded is unknown/ },
  { name: 'lsmod | grep kvm cannot show vfio_pci is missing', text: paste('$ lsmod | grep kvm', 'kvm_amd               229376  0'), expect: /only part of the module list was given/ },
  { name: 'whole module list without vfio, built-in unknown', text: paste('$ lsmod', 'Module                  Size  Used by', 'kvm_amd               229376  0'), expect: /built into the kernel is unknown/ },
];

describe('vfio-pci-not-loaded', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe(expected.severity);
    const { noTool, ...data } = expected.data as { noTool?: boolean };
    expect(r.messages[0]).toMatchObject({ messageId: expected.messageId, data });
    // Built without CONFIG_VFIO_PCI: no tool said "not found".
    if (noTool) expect((r.messages[0]!.data as { tool?: string }).tool).toBeUndefined();
    expect(f.fixes[0]!.id).toBe(expected.fix);
  });

  it('the Arch fix loads vfio-pci now, persists it and rebuilds with mkinitcpio', () => {
    const fix = runRule(rule, fixture('rules/vfio-pci-not-loaded/fires.txt')).findings[0]!.fixes[0]!;
    expect(commands(fix)).toEqual(['modprobe vfio-pci', 'mkinitcpio -P']);
    expect(fix.steps.some((s) => s.kind === 'edit' && s.path === '/etc/modules-load.d/vfio.conf')).toBe(true);
    expect(fix.steps.some((s) => s.kind === 'edit' && s.path.startsWith('/etc/mkinitcpio.conf'))).toBe(true);
  });
});
