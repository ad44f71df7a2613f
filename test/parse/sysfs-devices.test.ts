// The sysfs section's device lines: addresses in any accepted form, values as the attribute files hold them.
import { describe, it, expect } from 'vitest';
import { parseSources } from '../../src/facts/from-sources';

const parse = (...lines: string[]) => parseSources([{ source: '/sys/bus/pci/devices', kind: 'sysfs-pci', text: lines.join('\n') }]);

describe('sysfs-pci device lines', () => {
  it('normalises addresses: upper case, no domain; an impossible device number is not a device', () => {
    const f = parse('0000:0A:1F.7 vendor=10de', '01:00.0 vendor=1002', '0000:01:20.0 vendor=8086');
    expect(f.pci.map((d) => d.bdf)).toEqual(['0000:01:00.0', '0000:0a:1f.7']);
    expect(f.unparsed.count).toBe(1);
  });

  it('keeps every field, strips a lower-case 0x, splits the subsystem at its first colons', () => {
    const f = parse(
      '0000:01:00.0 vendor=0x10DE device=0X2204 class=0x030000 subsystem=0x1458:403B:junk driver=- driver_override=(null) boot_vga=1 iommu_group=17 reset_method=flr,bus power_state=D3cold name="NVIDIA GA102"',
      '0000:02:00.0 subsystem=1458 driver=vfio-pci driver_override=vfio-pci boot_vga=0 reset_method= iommu_group=x class_name="VGA compatible controller"',
    );
    const [a, b] = f.pci;
    expect(a).toMatchObject({ vendor: '10de', device: '0x2204', classCode: '030000', subVendor: '1458', subDevice: '403b', driver: null, driverOverride: null, bootVga: true, iommuGroup: 17, resetMethods: ['flr', 'bus'], powerState: 'D3cold', name: 'NVIDIA GA102' });
    expect(b).toMatchObject({ subVendor: '1458', driver: 'vfio-pci', driverOverride: 'vfio-pci', bootVga: false, resetMethods: [], className: 'VGA compatible controller' });
    expect(b!.subDevice).toBeUndefined();
    expect(b!.iommuGroup).toBeUndefined();
    expect(f.groups).toEqual({ '17': ['0000:01:00.0'] });
  });

  it('one piece of evidence per line, shared by the device and its group', () => {
    const f = parse('0000:01:00.0\tvendor=10de iommu_group=3');
    expect(f.pci[0]!.evidence).toEqual([{ source: '/sys/bus/pci/devices', line: 1, text: '0000:01:00.0 vendor=10de iommu_group=3' }]);
    expect(f.groupsEvidence).toEqual(f.pci[0]!.evidence);
  });
});
