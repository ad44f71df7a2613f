// Reports of real cases, one per paste format that has no corpus case yet (fixtures/real/README.md, "Formats
// covered"): the whole diagnosis runs on the real sample each parser test quotes, and the report shows what a person
// reading it would need to see. None of these threads established a host fault, so none is a corpus case.
import { describe, expect, it } from 'vitest';
import { diagnoseFull } from '../src/index';
import type { Report } from '../src/schema/report';
import { LIBVIRT_LOG, LSINITRD_LSINITRAMFS, LSPCI_VVV_GB10, LSPCI_V_X710, LS_IOMMU_GRK, PVESH_PCI_TABLE, RESET_METHOD_GREP } from './samples/real-formats';

const NOW = new Date('2026-01-01T00:00:00Z');
const L = (...ls: string[]) => ls.join('\n') + '\n';

function report(text: string, gpus: string[] = []): Report {
  return diagnoseFull([{ source: 'pasted text', text }], { gpus, live: false, now: NOW }).report;
}
const device = (r: Report, bdf: string) => r.devices.find((d) => d.bdf === bdf);
const ids = (r: Report) => r.findings.map((f) => f.id);
const errors = (r: Report) => r.findings.filter((f) => f.severity === 'error').map((f) => f.id);

describe('reports of real pastes, one per format', () => {
  it('pvesh get /nodes/NODE/hardware/pci (pve.proxmox.com/wiki/PCI(e)_Passthrough, "Verify IOMMU isolation")', () => {
    const r = report(
      PVESH_PCI_TABLE,
    );
    // Groups numbered by Proxmox mean the IOMMU is on; each device in its own group; no GPU, so no target.
    expect(r.host.iommu).toBe('active');
    expect(device(r, '0000:00:17.0')).toMatchObject({ ids: '8086:a282', class: '010601', iommuGroup: 5 });
    expect(device(r, '0000:02:00.0')).toMatchObject({ ids: '144d:a808', iommuGroup: 12 });
    expect(r.groups).toEqual({ '5': ['0000:00:17.0'], '12': ['0000:02:00.0'] });
    expect(r.targets.gpus).toEqual([]);
    expect(errors(r)).toEqual([]);
    expect(r.unparsed.count).toBe(0);
  });

  it('lspci -v (github.com/j4cbo/tiny5-m2-riser/issues/19): both X710 ports in group 2; no driver claimed; the cut stays counted', () => {
    const r = report(
      LSPCI_V_X710,
    );
    expect(r.host.iommu).toBe('active');
    expect(r.groups).toEqual({ '2': ['0000:01:00.0', '0000:01:00.1'] });
    // -v without -k says nothing about drivers: unknown, not "none".
    expect(device(r, '0000:01:00.0')).toMatchObject({ class: '0200', driverKnown: false });
    expect(r.targets.gpus).toEqual([]);
    expect(errors(r)).toEqual([]);
    expect(r.unparsed.sample.map((e) => e.text)).toEqual(['(...)']);
  });

  it('lspci -vvv (github.com/NixOS/nixpkgs/pull/527847): the GB10 in domain 000f is the target, alone in group 20, nothing wrong', () => {
    const r = report(
      LSPCI_VVV_GB10,
    );
    expect(r.targets.gpus).toEqual(['000f:01:00.0']);
    expect(device(r, '000f:01:00.0')).toMatchObject({ class: '030000', name: 'NVIDIA Corporation GB20B [GB10]', iommuGroup: 20, driverKnown: false });
    // The driver is unknown (-vvv without -k): nothing may claim it is on a host driver.
    expect(ids(r)).not.toContain('gpu-bound-to-host-driver');
    expect(errors(r)).toEqual([]);
    expect(r.unparsed.count).toBe(0);
  });

  it('lspci -nnvmm (github.com/mkoreneff/iommu_info_generate/issues/11): an AMD host read from its host bridge, group of the one record that has one', () => {
    const r = report(
      L(
        '```shell',
        'root@proxmox:~/iommu_info_generate# lspci -nnvmm',
        'Slot:   00:00.0', 'Class:  Host bridge [0600]', 'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]', 'Device: Renoir/Cezanne Root Complex [1630]',
        'SVendor:        Advanced Micro Devices, Inc. [AMD] [1022]', 'SDevice:        Renoir/Cezanne Root Complex [1630]', 'ProgIf: 00', '',
        'Slot:   00:00.2', 'Class:  IOMMU [0806]', 'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]', 'Device: Renoir/Cezanne IOMMU [1631]',
        'SVendor:        Advanced Micro Devices, Inc. [AMD] [1022]', 'SDevice:        Renoir/Cezanne IOMMU [1631]', 'ProgIf: 00', '',
        'Slot:   00:01.1', 'Class:  PCI bridge [0604]', 'Vendor: Advanced Micro Devices, Inc. [AMD] [1022]', 'Device: Renoir PCIe GPP Bridge [1633]',
        'SVendor:        Advanced Micro Devices, Inc. [AMD] [1022]', 'SDevice:        Renoir PCIe GPP Bridge [1453]', 'ProgIf: 00', 'IOMMUGroup:     1',
        '```',
      ),
    );
    expect(r.host.cpuVendor.value).toBe('amd');
    expect(r.host.iommu).toBe('active');
    expect(r.devices.map((d) => [d.bdf, d.ids, d.iommuGroup])).toEqual([
      ['0000:00:00.0', '1022:1630', null],
      ['0000:00:00.2', '1022:1631', null],
      ['0000:00:01.1', '1022:1633', 1],
    ]);
    expect(r.targets.gpus).toEqual([]);
    expect(errors(r)).toEqual([]);
  });

  it('virsh nodedev-dumpxml (docs.opennebula.io, "NVIDIA vGPU & MIG"): the A30 on nvidia, if it were passed, is on a host driver in a shared group', () => {
    const r = report(
      L(
        '$ virsh nodedev-dumpxml pci_0000_41_00_0', '<device>', '    <name>pci_0000_41_00_0</name>', '    <path>/sys/devices/pci0000:40/0000:40:03.1/0000:41:00.0</path>',
        '    <parent>pci_0000_40_03_1</parent>', '    <driver>', '        <name>nvidia</name>', '    </driver>', "    <capability type='pci'>",
        '        <class>0x030200</class>', '        <domain>0</domain>', '        <bus>65</bus>', '        <slot>0</slot>', '        <function>0</function>',
        "        <product id='0x2236'/>", "        <vendor id='0x10de'>NVIDIA Corporation</vendor>", "        <capability type='virt_functions' maxCount='32'/>",
        "        <iommuGroup number='44'>", "        <address domain='0x0000' bus='0x40' slot='0x03' function='0x1'/>",
        "        <address domain='0x0000' bus='0x41' slot='0x00' function='0x0'/>", "        <address domain='0x0000' bus='0x40' slot='0x03' function='0x0'/>",
        '        </iommuGroup>', '        <pci-express>', "        <link validity='cap' port='0' speed='16' width='16'/>",
        "        <link validity='sta' speed='2.5' width='16'/>", '        </pci-express>', '    </capability>', '</device>',
      ),
    );
    expect(r.targets.gpus).toEqual(['0000:41:00.0']);
    expect(device(r, '0000:41:00.0')).toMatchObject({ ids: '10de:2236', class: '030200', driver: 'nvidia', driverKnown: true, iommuGroup: 44 });
    expect(r.groups).toEqual({ '44': ['0000:40:03.0', '0000:40:03.1', '0000:41:00.0'] });
    // The page runs the card on nvidia for vGPU; passed whole, that driver is what stops it.
    expect(ids(r)).toContain('gpu-bound-to-host-driver');
    expect(r.unparsed.count).toBe(0);
  });

  it('driverctl list-overrides (the DPDK setup note the parser test quotes, driverctl 0.111 list_devices()): the override bound, the other function unbound, no finding from devices without a class', () => {
    const r = report(L('[root@localhost]# driverctl list-overrides', '0000:3b:00.0 vfio-pci', '0000:3b:00.1 (none)'));
    expect(device(r, '0000:3b:00.0')).toMatchObject({ driver: 'vfio-pci', driverKnown: true });
    expect(device(r, '0000:3b:00.1')).toMatchObject({ driver: null, driverKnown: true });
    // Nothing says what these devices are: no GPU target is invented, and the IOMMU state stays unknown.
    expect(r.targets.gpus).toEqual([]);
    expect(r.host.iommu).toBe('unknown');
    expect(errors(r)).toEqual([]);
    expect(r.unparsed.count).toBe(0);
  });

  it('find … reset_method | xargs grep . (lore.kernel.org, "Re: [PATCH v2] PCI: Mark LSI FW643 to avoid bus reset"): every device listed, nothing concluded', () => {
    const r = report(
      RESET_METHOD_GREP,
    );
    expect(r.devices.map((d) => d.bdf)).toEqual(['0000:00:02.0', '0000:00:1c.0', '0000:01:00.0', '0000:02:00.0']);
    // Reset methods say nothing about the IOMMU, drivers or classes.
    expect(r.host.iommu).toBe('unknown');
    expect(r.devices.every((d) => !d.driverKnown && d.class === null)).toBe(true);
    expect(r.findings).toEqual([]);
    expect(r.unparsed.count).toBe(0);
  });

  it('ls-iommu -grk (github.com/HikariKnight/quickpassthrough/issues/22): the chipset group 12 with each member\'s driver', () => {
    const r = report(
      LS_IOMMU_GRK,
    );
    expect(r.host.iommu).toBe('active');
    expect(r.devices.map((d) => [d.bdf, d.driver, d.iommuGroup])).toEqual([
      ['0000:01:00.0', 'xhci_hcd', 12],
      ['0000:01:00.1', 'ahci', 12],
      ['0000:01:00.2', 'pcieport', 12],
      ['0000:02:00.0', 'pcieport', 12],
    ]);
    // The paste was cut before the GPU: no target, so no group verdict either.
    expect(r.targets.gpus).toEqual([]);
    expect(errors(r)).toEqual([]);
    expect(r.unparsed.count).toBe(0);
  });

  it('lsinitrd and lsinitramfs (github.com/pkoutoupis/rapiddisk, misc/rapiddisk-rootdev/README.md "Tips"): the modules each image holds, as filtered listings', () => {
    const r = report(
      LSINITRD_LSINITRAMFS,
    );
    // A filtered listing proves only what it shows: no finding may conclude vfio is missing from either image.
    expect(r.findings.filter((f) => /initramfs/.test(f.id))).toEqual([]);
    expect(r.notes.filter((n) => /initramfs listing/.test(n)).length).toBe(2);
    // Each image is named whole, its `uname -r` substitution included.
    expect(r.notes.join(' ')).toMatch(/of \/boot\/initramfs-`uname -r`\.img holds 2 modules \(a filtered listing.*of \/boot\/initrd\.img-`uname -r` holds 2 modules \(a filtered listing/);
    // Two listing tools of two generators (the README's Fedora and Ubuntu hosts): which one builds this host's image is not said.
    expect(r.host.initramfs.value).toBeNull();
    expect(r.unparsed.sample.map((e) => e.text)).toEqual(['#### Ubuntu']);
  });

  it('lsinitrd alone (the same README\'s dracut half): the listing tool names the generator, as a person reading it would', () => {
    const r = report(
      L(
        '$ sudo lsinitrd /boot/initramfs-`uname -r`.img |grep -i rapidd',
        'rapiddisk',
        '-rwxr-xr-x   2 root     root            0 Jan  3 19:12 usr/lib/dracut/hooks/pre-mount/00-run_rapiddisk.sh',
        '-rwxr-xr-x   1 root     root        40000 Jan  3 19:12 usr/lib/modules/4.18.0-147.8.1.el8_1.x86_64/extra/rapiddisk-cache.ko.xz',
        '-rwxr-xr-x   1 root     root        32008 Jan  3 19:12 usr/lib/modules/4.18.0-147.8.1.el8_1.x86_64/extra/rapiddisk.ko.xz',
      ),
    );
    expect(r.host.initramfs).toMatchObject({ value: 'dracut', candidates: ['dracut'] });
    expect(r.host.initramfs.reason).toMatch(/lsinitrd/);
  });

  it('a libvirt domain log\'s command line (github.com/chironjit/single-gpu-passthrough/issues/3): a q35 OVMF VM, no VM-side fault, nothing about the host invented', () => {
    const r = report(LIBVIRT_LOG);
    expect(errors(r)).toEqual([]);
    expect(ids(r).filter((id) => id.startsWith('vm-'))).toEqual([]);
    expect(r.devices).toEqual([]);
    // Only libvirt's "starting up" banner is left: everything from LC_ALL=C on is the command.
    expect(r.unparsed.count).toBe(1);
  });
});

