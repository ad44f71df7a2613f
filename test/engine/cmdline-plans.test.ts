// Command-line plans per boot loader: removals reach every GRUB variable, GRUB + BLS runs grubby.
import { describe, it, expect } from 'vitest';
import { hostFrom, paste } from '../harness';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));
const grubEdits = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' && s.op?.type === 'cmdline' ? [`${s.op.variable}: -${s.op.remove.join(',')} +${s.op.add.join(',')}`] : []));

const FEDORA = (linux: string, dflt?: string) =>
  paste(
    '$ cat /etc/os-release', 'NAME="Fedora Linux"', 'ID=fedora', 'VERSION_ID=41',
    '$ cat /etc/default/grub', `GRUB_CMDLINE_LINUX="${linux}"`, ...(dflt !== undefined ? [`GRUB_CMDLINE_LINUX_DEFAULT="${dflt}"`] : []),
    '$ cat /proc/cmdline', `BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.11.4-301.fc41.x86_64 root=UUID=5a2c ro ${linux} ${dflt ?? ''}`,
  );

describe('GRUB removals cover both variables', () => {
  it('GRUB + BLS: removes from GRUB_CMDLINE_LINUX_DEFAULT too, and runs grubby --remove-args', () => {
    const host = hostFrom(FEDORA('rhgb quiet', 'pcie_acs_override=downstream,multifunction'));
    const fix = cmdlineFixes(host, 'x', 'Remove the ACS override', { remove: ['pcie_acs_override'] })[0]!;
    expect(commands(fix)).toEqual(['grubby --update-kernel=ALL --remove-args=pcie_acs_override']);
    expect(grubEdits(fix)).toEqual(['GRUB_CMDLINE_LINUX_DEFAULT: -pcie_acs_override +']);
  });
  it('GRUB + BLS: a swap (remove + add) adds to GRUB_CMDLINE_LINUX and removes from both where present', () => {
    const host = hostFrom(FEDORA('rhgb quiet pci-stub.ids=10de:1b80', 'pci-stub.ids=10de:1b80'));
    const fix = cmdlineFixes(host, 'x', 'Swap', { remove: ['pci-stub.ids=10de:1b80'], add: ['vfio-pci.ids=10de:1b80'] })[0]!;
    expect(commands(fix)).toEqual(['grubby --update-kernel=ALL --remove-args=pci-stub.ids=10de:1b80', 'grubby --update-kernel=ALL --args=vfio-pci.ids=10de:1b80']);
    expect(grubEdits(fix)).toEqual(['GRUB_CMDLINE_LINUX: -pci-stub.ids=10de:1b80 +vfio-pci.ids=10de:1b80', 'GRUB_CMDLINE_LINUX_DEFAULT: -pci-stub.ids=10de:1b80 +']);
  });
  it('GRUB without /etc/default/grub in the input: a removal edits both variables', () => {
    const host = hostFrom(paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e ro quiet intel_iommu=off', '$ cat /etc/os-release', 'ID=debian'));
    const fix = cmdlineFixes(host, 'x', 'Remove', { remove: ['intel_iommu=off'] })[0]!;
    expect(grubEdits(fix).sort()).toEqual(['GRUB_CMDLINE_LINUX: -intel_iommu=off +', 'GRUB_CMDLINE_LINUX_DEFAULT: -intel_iommu=off +']);
  });
});
