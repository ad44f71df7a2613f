// Device listings from other tools: sysfs attributes through grep, driverctl, libvirt node devices, initramfs listings.
import { describe, expect, it } from 'vitest';
import { parse, lines, dev, unparsedTexts } from './helpers';
import { LSINITRD_LSINITRAMFS, RESET_METHOD_GREP } from '../samples/real-formats';

describe('grep . /sys/…/reset_method', () => {
  // lore.kernel.org/all/kodgse5nq6gqor6iaf5s4qo2h7mfykbor34ewtkjvcgh4iraq5@7fxn3rdch2sl/ ("Re: [PATCH v2] PCI: Mark
  // LSI FW643 to avoid bus reset"): `sudo find /sys/devices -name reset_method | xargs grep .`
  const SAMPLE = RESET_METHOD_GREP;

  it('reads each device\'s reset methods, through nested bridges too', () => {
    const f = parse(SAMPLE);
    expect(dev(f, '0000:02:00.0').resetMethods).toEqual(['pm', 'bus']);
    expect(dev(f, '0000:00:1c.0').resetMethods).toEqual(['pm']);
    expect(dev(f, '0000:01:00.0').resetMethods).toEqual(['flr', 'bus']);
    expect(dev(f, '0000:00:02.0').resetMethods).toEqual(['flr', 'pm']);
    // The fence's first line is its command (no prompt); every output line is understood.
    expect(unparsedTexts(f)).toEqual([]);
  });

  it('reads driver_override and power_state; an attribute nothing reads stays counted', () => {
    const f = parse(
      lines(
        '$ grep . /sys/bus/pci/devices/0000:0b:00.*/driver_override',
        '/sys/bus/pci/devices/0000:0b:00.0/driver_override:vfio-pci',
        '/sys/bus/pci/devices/0000:0b:00.1/driver_override:(null)',
        '$ grep . /sys/bus/pci/devices/0000:0b:00.0/power_state',
        '/sys/bus/pci/devices/0000:0b:00.0/power_state:D3cold',
        '/sys/bus/pci/devices/0000:0b:00.0/numa_node:-1',
      ),
    );
    expect(dev(f, '0000:0b:00.0')).toMatchObject({ driverOverride: 'vfio-pci', powerState: 'D3cold' });
    expect(dev(f, '0000:0b:00.1').driverOverride).toBeNull();
    expect(unparsedTexts(f)).toEqual(['/sys/bus/pci/devices/0000:0b:00.0/numa_node:-1']);
  });
});

describe('driverctl', () => {
  // What driverctl prints is list_devices() in driverctl 0.111 (github.com/yifengyou/driverctl, the upstream tarball
  // BUILD/driverctl-0.111-…/driverctl): the bound driver, not the override's value. The list-overrides lines are the
  // ones a public DPDK setup note shows after `driverctl -v set-override 0000:3b:00.0 vfio-pci`.
  it("list-overrides: devices with an override, and the driver bound to each (the override's, after driverctl's reprobe)", () => {
    const f = parse(lines('[root@localhost]# driverctl list-overrides', '0000:3b:00.0 vfio-pci', '0000:3b:00.1 (none)'));
    expect(dev(f, '0000:3b:00.0')).toMatchObject({ driver: 'vfio-pci', driverOverride: 'vfio-pci' });
    // An override whose driver did not bind: nothing is bound, and the override's value is not printed.
    expect(dev(f, '0000:3b:00.1').driver).toBeNull();
    expect(dev(f, '0000:3b:00.1').driverOverride).toBeUndefined();
    expect(f.unparsed.count).toBe(0);
  });

  it('list-devices: the bound driver, "(none)", [*] for an override, and the model -v adds', () => {
    const f = parse(lines('$ driverctl list-devices', '0000:3b:00.0 vfio-pci [*]', '0000:3b:00.1 (none)', '0000:00:14.0 xhci_hcd', '$ driverctl -v list-devices display', '0000:01:00.0 nvidia (GA104 [GeForce RTX 3070 Ti])'));
    expect(dev(f, '0000:3b:00.0')).toMatchObject({ driver: 'vfio-pci', driverOverride: 'vfio-pci' });
    expect(dev(f, '0000:3b:00.1').driver).toBeNull();
    expect(dev(f, '0000:00:14.0')).toMatchObject({ driver: 'xhci_hcd' });
    expect(dev(f, '0000:00:14.0').driverOverride).toBeUndefined();
    expect(dev(f, '0000:01:00.0').driver).toBe('nvidia');
    expect(f.unparsed.count).toBe(0);
  });
});

describe('virsh nodedev-dumpxml', () => {
  // OpenNebula's NVIDIA vGPU documentation (docs.opennebula.io, "NVIDIA vGPU & MIG"): an A30 on the nvidia driver.
  const A30 = lines(
    '$ virsh nodedev-dumpxml pci_0000_41_00_0',
    '<device>',
    '    <name>pci_0000_41_00_0</name>',
    '    <path>/sys/devices/pci0000:40/0000:40:03.1/0000:41:00.0</path>',
    '    <parent>pci_0000_40_03_1</parent>',
    '    <driver>',
    '        <name>nvidia</name>',
    '    </driver>',
    "    <capability type='pci'>",
    '        <class>0x030200</class>',
    '        <domain>0</domain>',
    '        <bus>65</bus>',
    '        <slot>0</slot>',
    '        <function>0</function>',
    "        <product id='0x2236'/>",
    "        <vendor id='0x10de'>NVIDIA Corporation</vendor>",
    "        <capability type='virt_functions' maxCount='32'/>",
    "        <iommuGroup number='44'>",
    "        <address domain='0x0000' bus='0x40' slot='0x03' function='0x1'/>",
    "        <address domain='0x0000' bus='0x41' slot='0x00' function='0x0'/>",
    "        <address domain='0x0000' bus='0x40' slot='0x03' function='0x0'/>",
    '        </iommuGroup>',
    '        <pci-express>',
    "        <link validity='cap' port='0' speed='16' width='16'/>",
    "        <link validity='sta' speed='2.5' width='16'/>",
    '        </pci-express>',
    '    </capability>',
    '</device>',
  );

  it('reads the device, its driver and its whole IOMMU group', () => {
    const f = parse(A30);
    expect(dev(f, '0000:41:00.0')).toMatchObject({ driver: 'nvidia', classCode: '030200', vendor: '10de', device: '2236', iommuGroup: 44 });
    expect(f.groups).toEqual({ '44': ['0000:40:03.0', '0000:40:03.1', '0000:41:00.0'] });
    expect(f.unparsed.count).toBe(0);
  });
});

describe('initramfs listings', () => {
  it('lsinitrd | grep vfio (dracut; the shape a Fedora 32 passthrough guide showed, its address not recorded): the modules the image holds, as a filtered listing', () => {
    const f = parse(
      lines(
        '$ lsinitrd | grep vfio',
        '-rw-r--r--   1 root     root           41 Mar 17 04:13 etc/modprobe.d/vfio.conf',
        'drwxr-xr-x   3 root     root            0 Mar 17 04:13 usr/lib/modules/5.6.10-300.fc32.x86_64/kernel/drivers/vfio',
        '-rw-r--r--   1 root     root        25068 Mar 17 04:13 usr/lib/modules/5.6.10-300.fc32.x86_64/kernel/drivers/vfio/pci/vfio-pci.ko.xz',
        '-rw-r--r--   1 root     root        13368 Mar 17 04:13 usr/lib/modules/5.6.10-300.fc32.x86_64/kernel/drivers/vfio/vfio_iommu_type1.ko.xz',
        '-rw-r--r--   1 root     root        12320 Mar 17 04:13 usr/lib/modules/5.6.10-300.fc32.x86_64/kernel/drivers/vfio/vfio.ko.xz',
        '-rw-r--r--   1 root     root         3212 Mar 17 04:13 usr/lib/modules/5.6.10-300.fc32.x86_64/kernel/drivers/vfio/vfio_virqfd.ko.xz',
      ),
    );
    expect(f.initramfsListings).toEqual([expect.objectContaining({ modules: ['vfio', 'vfio_iommu_type1', 'vfio_pci', 'vfio_virqfd'], filtered: true })]);
    expect(f.unparsed.count).toBe(0);
    expect(f.notes.join(' ')).toMatch(/among them vfio_pci, vfio, vfio_iommu_type1.*filtered listing/);
  });

  // github.com/pkoutoupis/rapiddisk, misc/rapiddisk-rootdev/README.md ("Tips"): both listings verbatim, prompts, the
  // backticked `uname -r`, the bare dracut module name lsinitrd lists first, and the empty prompt after each.
  it('lsinitrd and lsinitramfs behind prompts (rapiddisk README): modules from both, each a filtered listing, nothing left over', () => {
    const f = parse(
      LSINITRD_LSINITRAMFS,
    );
    expect(f.initramfsListings?.map((l) => [l.modules, l.filtered])).toEqual([
      [['rapiddisk', 'rapiddisk_cache'], true],
      [['rapiddisk', 'rapiddisk_cache'], true],
    ]);
    // Only the Markdown heading between the two fences is prose.
    expect(unparsedTexts(f)).toEqual(['#### Ubuntu']);
  });

  it('lsinitramfs output (initramfs-tools) without a prompt is recognised by its module paths', () => {
    const f = parse(lines('usr/lib/modules/6.8.0-45-generic/kernel/drivers/gpu/drm/amd/amdgpu/amdgpu.ko.zst', 'usr/lib/modules/6.8.0-45-generic/kernel/drivers/vfio/pci/vfio-pci.ko.zst'));
    expect(f.initramfsListings?.[0]?.modules).toEqual(['amdgpu', 'vfio_pci']);
  });
});
