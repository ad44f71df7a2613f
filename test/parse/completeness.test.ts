// Partial listings stay partial: a grep'ed lsmod, lspci -s or lspci -v's group column cannot prove something is absent.
import { describe, it, expect } from 'vitest';
import { parseSources } from '../../src/facts/from-sources';

const facts = (text: string) => parseSources([{ source: 'pasted text', text }]);

describe('listing completeness', () => {
  const cases: [string, string, { modules?: boolean; groups?: boolean; pci?: boolean }][] = [
    ['a whole lspci -nnk from the host bridge on', '$ lspci -nnk\n00:00.0 Host bridge [0600]: Intel Corporation Device [8086:4660]\n01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n\tKernel driver in use: nvidia\n', { pci: true }],
    ['lspci -nnk -s 01:00', '$ lspci -nnk -s 01:00\n01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n\tKernel driver in use: nvidia\n', { pci: false }],
    ['lspci -nnk | grep -A3 VGA', '$ lspci -nnk | grep -A3 VGA\n00:00.0 Host bridge [0600]: Intel Corporation Device [8086:4660]\n01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n', { pci: false }],
    ['lsmod with its header', '$ lsmod\nModule                  Size  Used by\nvfio_pci               16384  0\nkvm_amd               200704  0\n', { modules: true }],
    ['lsmod | grep vfio', '$ lsmod | grep vfio\nvfio_pci               16384  0\nvfio                   69632  2 vfio_pci\n', { modules: false }],
    ['/proc/modules marked by a bundle', '=== /proc/modules ===\nkvm_amd 200704 0 - Live 0x0000000000000000\n', { modules: true }],
    ['a full group listing', '$ ./iommu.sh\nIOMMU Group 1 01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\nIOMMU Group 1 01:00.1 Audio device [0403]: NVIDIA [10de:1aef]\n', { groups: true }],
    ['lspci -v -s with its group column only', '$ lspci -nnv -s 01:00\n01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n\tFlags: bus master, IRQ 16, IOMMU group 1\n', { groups: false }],
    ['a grep of the group listing', '$ ./iommu.sh | grep -i nvidia\nIOMMU Group 1 01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n', { groups: false }],
    ['lspci -v plus a full listing', '$ lspci -nnv -s 01:00\n01:00.0 VGA compatible controller [0300]: NVIDIA [10de:2204]\n\tFlags: IOMMU group 1\n$ find /sys/kernel/iommu_groups/ -type l\n/sys/kernel/iommu_groups/1/devices/0000:01:00.0\n', { groups: true }],
  ];
  for (const [name, text, want] of cases)
    it(name, () => {
      const f = facts(text);
      if (want.modules !== undefined) expect(f.modulesLoadedComplete).toBe(want.modules);
      if (want.groups !== undefined) expect(f.groupsComplete).toBe(want.groups);
      if (want.pci !== undefined) expect(f.pciComplete).toBe(want.pci);
    });
});
