// Proxmox VE VM configurations as pasted (`qm config`, /etc/pve/qemu-server/VMID.conf): the assigned devices are intent.
import { describe, expect, it } from 'vitest';
import { parse, lines, unparsedTexts, dev } from './helpers';
import { vmDevicesIn } from '../../src/facts/intent';
import { PVESH_PCI_TABLE } from '../samples/real-formats';

// github.com/gangqizai/igd/issues/27 ("升级至QEMU 9.2.0后直通失败"): the user's 301.conf, verbatim.
const IGD27 = lines(
  '301.conf',
  '```',
  'agent: 1',
  'args: -set device.hostpci0.addr=02.0 -set device.hostpci0.x-igd-gms=0x2 -set device.hostpci0.x-igd-opregion=on',
  'bios: ovmf',
  'boot: order=scsi0;net0',
  'cores: 4',
  'cpu: host',
  'efidisk0: runtime:vm-301-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M',
  'hostpci0: 0000:00:02.0,legacy-igd=1,romfile=igd_rpls.rom',
  'hostpci1: 0000:00:1f.3',
  'machine: pc-i440fx-9.0',
  'memory: 12288',
  'meta: creation-qemu=9.0.2,ctime=1735909362',
  'name: win10-neo',
  'net0: virtio=BC:24:11:A0:31:29,bridge=vmbr0,firewall=1',
  'numa: 0',
  'ostype: win10',
  'scsi0: runtime:vm-301-disk-1,discard=on,iothread=1,size=80G',
  'scsihw: virtio-scsi-single',
  'smbios1: uuid=3c99dc51-8103-4b21-a612-d671e71d2229',
  'sockets: 1',
  'vga: none',
  'vmgenid: c6508028-0f0c-4db5-850e-284b1b1add23',
  '```',
);

describe('Proxmox VM configuration', () => {
  it('a pasted .conf without a prompt: every key is understood, the assigned devices are noted', () => {
    const f = parse(IGD27);
    // Only the file name above the fence is prose.
    expect(unparsedTexts(f)).toEqual(['301.conf']);
    expect(f.notes.join(' ')).toMatch(/assigns hostpci0: 0000:00:02\.0 \(legacy-igd=1\); hostpci1: 0000:00:1f\.3/);
    // The devices are what the VM is meant to get, not facts about the host: no device is invented from them.
    expect(f.pci).toEqual([]);
    expect(vmDevicesIn([{ source: 'pasted text', kind: 'auto', text: IGD27 }]).map((d) => [d.bdf, d.how])).toEqual([
      ['0000:00:02.0', 'proxmox-config'],
      ['0000:00:1f.3', 'proxmox-config'],
    ]);
  });

  // github.com/patmagauran/i915ovmfPkg/issues/33: a config that passes the iGPU through `args` instead of hostpci.
  it('a config whose device is passed in args (i915ovmfPkg#33): understood, and the QEMU -device names the intent', () => {
    const text = lines(
      '```',
      'args: -device vfio-pci,host=00:02.0,addr=0x18,x-igd-opregion=on,romfile=/usr/share/kvm/i915ovmf.rom',
      'balloon: 0',
      'bios: ovmf',
      'boot: order=virtio0',
      'cores: 2',
      'cpu: host',
      'efidisk0: local-lvm:vm-102-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M',
      'machine: q35',
      'memory: 6096',
      'meta: creation-qemu=6.1.0,ctime=1648573703',
      'name: Ubuntu',
      'net0: e1000=76:E6:9A:75:74:3C,bridge=vmbr0,firewall=1',
      'numa: 0',
      'ostype: l26',
      'scsihw: virtio-scsi-pci',
      'smbios1: uuid=eeddb517-51ca-47c3-a54b-7cb78b21825b',
      'sockets: 1',
      'vga: none',
      'virtio0: local-lvm:vm-102-disk-1,size=120G',
      'vmgenid: 0d5b21cb-734d-4361-b510-e7bf981a0295',
      '```',
    );
    const f = parse(text);
    expect(f.unparsed.count).toBe(0);
    expect(vmDevicesIn([{ source: 'pasted text', kind: 'auto', text }]).map((d) => d.bdf)).toEqual(['0000:00:02.0']);
  });

  it('behind a `qm config` prompt: a slot passes every function, a resource mapping is named, an unknown key stays counted', () => {
    const f = parse(lines('root@pve:~# qm config 100', 'cores: 8', 'hostpci0: 0000:01:00,pcie=1,x-vga=1', 'hostpci1: mapping=gpu-audio,pcie=1', 'memory: 16384', 'frobnicate: yes'));
    expect(f.notes.join(' ')).toMatch(/hostpci0: 0000:01:00 \(every function\) \(pcie=1, x-vga=1\); hostpci1: resource mapping "gpu-audio" \(pcie=1\)/);
    expect(unparsedTexts(f)).toEqual(['frobnicate: yes']);
  });

  it('`cat /etc/pve/qemu-server/ID.conf` is a VM configuration, not a generic config file', () => {
    const f = parse(lines('# cat /etc/pve/qemu-server/105.conf', '#Gaming VM', 'cores: 8', 'hostpci0: 0a:00.0;0a:00.1,pcie=1', 'memory: 16384'));
    expect(f.unparsed.count).toBe(0);
    expect(f.notes.join(' ')).toMatch(/hostpci0: 0000:0a:00\.0, 0000:0a:00\.1 \(pcie=1\)/);
  });

  it('generic "key: value" lines without a Proxmox-only key are not taken for a VM configuration', () => {
    const f = parse(lines('cores: 4', 'memory: 8192'));
    expect(f.notes.join(' ')).not.toMatch(/Proxmox/);
    expect(f.unparsed.count).toBe(2);
  });
});

describe('pvesh get /nodes/NODE/hardware/pci', () => {
  // pve.proxmox.com/wiki/PCI(e)_Passthrough, "Verify IOMMU isolation": the table as the wiki shows it (rows cut at
  // the terminal's width, "┬..." where the columns go on).
  const WIKI = PVESH_PCI_TABLE;

  it('reads class, ids, name and group of each row; with an empty class blacklist the groups are whole', () => {
    const f = parse(WIKI);
    expect(dev(f, '0000:00:17.0')).toMatchObject({ classCode: '010601', vendor: '8086', device: 'a282', name: '200 Series PCH SATA controller [AHCI mode]', iommuGroup: 5 });
    expect(dev(f, '0000:02:00.0')).toMatchObject({ classCode: '010802', vendor: '144d', device: 'a808', iommuGroup: 12 });
    expect(f.groups).toEqual({ '5': ['0000:00:17.0'], '12': ['0000:02:00.0'] });
    expect(f.groupsComplete).toBe(true);
    expect(f.unparsed.count).toBe(0);
  });

  it('without the prompt (the default class blacklist hides bridges): rows still read, the groups not taken as whole', () => {
    const f = parse(WIKI.split('\n').slice(1).join('\n'));
    expect(dev(f, '0000:02:00.0').iommuGroup).toBe(12);
    expect(f.groupsComplete).toBe(false);
  });

  it('the wider table (mdev and subsystem columns) and a card alone in its group', () => {
    const f = parse(
      lines(
        '│ class    │ device │ id           │ iommugroup │ vendor │ device_name                                          │ mdev │ subsystem_device │ subsystem_device_name       ',
        '│ 0x030000 │ 0x743f │ 0000:03:00.0 │         18 │ 0x1002 │ Navi 24 [Radeon RX 6400/6500 XT/6500M]               │      │ 0x6405           │                             ',
      ),
    );
    expect(dev(f, '0000:03:00.0')).toMatchObject({ classCode: '030000', vendor: '1002', device: '743f', subDevice: '6405', iommuGroup: 18 });
  });

  it('every device with group -1: Proxmox says no IOMMU is detected, and so do the facts', () => {
    const f = parse(
      lines(
        '│ class    │ device │ id           │ iommugroup │ vendor │ device_name │',
        '│ 0x030000 │ 0x2484 │ 0000:01:00.0 │         -1 │ 0x10de │ GA104 [GeForce RTX 3070] │',
        '│ 0x040300 │ 0x228b │ 0000:01:00.1 │         -1 │ 0x10de │ GA104 High Definition Audio Controller │',
      ),
    );
    expect(f.groups).toEqual({});
    expect(dev(f, '0000:01:00.0').iommuGroup).toBeUndefined();
    expect(f.notes.join(' ')).toMatch(/No IOMMU detected/);
  });
});
