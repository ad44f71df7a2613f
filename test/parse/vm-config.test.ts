// The VM side's inputs: libvirt domain XML and Proxmox VM configs read into one VM model (src/schema/vm.ts).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, lines } from './helpers';

const fx = (p: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url)), 'utf8');

describe('libvirt domain XML', () => {
  it('reads a pasted `virsh dumpxml` whole: machine, firmware, memory, hugepages, hostdevs, Code 43 features', () => {
    const f = parse(`$ virsh dumpxml win10\n${fx('vm/win10-split-slots.xml')}`);
    expect(f.vms).toHaveLength(1);
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'libvirt', name: 'win10', complete: true });
    expect(vm.machine?.value).toEqual({ type: 'pc-i440fx-7.2', family: 'i440fx' });
    expect(vm.machine?.evidence.text).toContain("machine='pc-i440fx-7.2'");
    expect(vm.firmware?.value).toBe('ovmf');
    expect(vm.memoryKiB?.value).toBe(16 * 1024 * 1024);
    expect(vm.hugepages?.value.on).toBe(true);
    expect(vm.kvmHidden?.value).toBe(true);
    expect(vm.hypervVendorId?.value).toBe('whatever');
    expect(vm.hostdevs.map((h) => h.bdf)).toEqual(['0000:01:00.0', '0000:01:00.1']);
    expect(vm.hostdevs.map((h) => h.guest && [h.guest.slot, h.guest.function, h.guest.multifunction])).toEqual([[5, 0, undefined], [6, 0, undefined]]);
    expect(vm.hostdevs[0]!.evidence.text).toBe("<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>");
    expect(vm.hostdevs[1]!.guest!.evidence.text).toContain("slot='0x06'");
    expect(vm.hostdevs[0]!.xVga?.value).toBe(true);
    expect(vm.hostdevs[1]!.xVga).toBeUndefined();
    expect(f.unparsed.count).toBe(0);
  });

  it('defaults of a whole domain: no loader is SeaBIOS, no memoryBacking is no huge pages, managed absent is no', () => {
    const f = parse(lines(
      "<domain type='kvm'>", '  <name>vm1</name>', "  <memory unit='GiB'>8</memory>", '  <os>', "    <type arch='x86_64' machine='q35'>hvm</type>", '  </os>', '  <devices>',
      "    <hostdev mode='subsystem' type='pci'>", '      <source>', "        <address domain='0x0000' bus='0x0b' slot='0x00' function='0x0'/>", '      </source>', '    </hostdev>',
      '  </devices>', '</domain>',
    ));
    const vm = f.vms![0]!;
    expect(vm.machine?.value.family).toBe('q35');
    expect(vm.firmware?.value).toBe('seabios');
    expect(vm.memoryKiB?.value).toBe(8 * 1024 * 1024);
    expect(vm.hugepages?.value.on).toBe(false);
    expect(vm.hostdevs[0]).toMatchObject({ bdf: '0000:0b:00.0', managed: false });
    expect(vm.hostdevs[0]!.guest).toBeUndefined();
  });

  it('<os firmware="efi"> is OVMF; a page size is read; qemu:override x-vga', () => {
    const f = parse(lines(
      "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>", "  <memory unit='KiB'>4194304</memory>", '  <memoryBacking>', '    <hugepages>', "      <page size='1' unit='G'/>", '    </hugepages>', '  </memoryBacking>',
      "  <os firmware='efi'>", "    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>", '  </os>', '  <devices>',
      "    <hostdev mode='subsystem' type='pci' managed='yes'>", '      <source>', "        <address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>", '      </source>', "      <alias name='ua-gpu'/>", '    </hostdev>', '  </devices>',
      '  <qemu:override>', "    <qemu:device alias='ua-gpu'>", '      <qemu:frontend>', "        <qemu:property name='x-vga' type='bool' value='true'/>", '      </qemu:frontend>', '    </qemu:device>', '  </qemu:override>', '</domain>',
    ));
    const vm = f.vms![0]!;
    expect(vm.firmware?.value).toBe('ovmf');
    expect(vm.hugepages?.value).toEqual({ on: true, pageKiB: 1024 * 1024 });
    expect(vm.hostdevs[0]!.xVga?.value).toBe(true);
    expect(vm.hostdevs[0]!.xVga?.evidence.text).toContain('x-vga');
  });

  it('a <hostdev> snippet alone is a VM of unknown machine and firmware (not complete)', () => {
    const f = parse(lines("<hostdev mode='subsystem' type='pci' managed='yes'>", '  <source>', "    <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>", '  </source>', '</hostdev>'));
    expect(f.vms![0]).toMatchObject({ complete: false, hostdevs: [{ bdf: '0000:01:00.1' }] });
    expect(f.vms![0]!.machine).toBeUndefined();
    expect(f.vms![0]!.firmware).toBeUndefined();
  });

  it('a truncated paste keeps what it has, and is not complete', () => {
    const f = parse(lines("<domain type='kvm'>", '  <name>cut</name>', '  <os>', "    <type arch='x86_64' machine='pc-q35-6.2'>hvm</type>", '  </os>', '  <devices>', "    <hostdev mode='subsystem' type='pci' managed='yes'>", '      <source>', "        <address domain='0x0000' bus='0x2d' slot='0x00' function='0x0'/>"));
    expect(f.vms![0]).toMatchObject({ name: 'cut', complete: false });
    expect(f.vms![0]!.hostdevs[0]!.bdf).toBe('0000:2d:00.0');
    expect(f.vms![0]!.firmware).toBeUndefined();
  });

  it('from a bundle or sysroot path /etc/libvirt/qemu/NAME.xml', () => {
    const f = parse(`=== /etc/libvirt/qemu/win10.xml ===\n${fx('vm/win10-split-slots.xml')}`);
    expect(f.vms?.[0]?.hostdevs[0]?.evidence.source).toBe('/etc/libvirt/qemu/win10.xml');
  });

  it('garbage that looks like XML does not throw and is not a VM', () => {
    for (const t of ["<domain type='kvm'>\n<<<>>>\n</hostdev>", "<hostdev type='pci'>\n<source><address bus='zz'/></source>\n</hostdev>", "<domain type='kvm'>\n".repeat(500)]) {
      const f = parse(t);
      expect(f.vms?.every((v) => v.hostdevs.every((h) => /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(h.bdf))) ?? true).toBe(true);
    }
  });
});

describe('Proxmox VM config into the same model', () => {
  it('qm config: machine, bios, memory, hugepages, hostpci with its options; snapshots are not the VM', () => {
    const f = parse(lines(
      '$ qm config 101', 'agent: 1', 'bios: ovmf', 'boot: order=scsi0', 'cores: 8', 'cpu: host,hidden=1,hv-vendor-id=proxmox', 'hostpci0: 0000:01:00,pcie=1,x-vga=1', 'hostpci1: 02:00.0;02:00.1,rombar=0',
      'hugepages: 1024', 'machine: pc-q35-8.1', 'memory: 16384', 'name: win11', 'ostype: win11', '', '[before-gpu]', 'machine: pc-i440fx-8.1', 'hostpci0: 0000:05:00.0',
    ));
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'proxmox', name: 'win11', complete: true });
    expect(vm.machine?.value.family).toBe('q35');
    expect(vm.firmware?.value).toBe('ovmf');
    expect(vm.memoryKiB?.value).toBe(16384 * 1024);
    expect(vm.hugepages?.value).toEqual({ on: true, pageKiB: 1024 * 1024 });
    expect(vm.kvmHidden?.value).toBe(true);
    expect(vm.hypervVendorId?.value).toBe('proxmox');
    expect(vm.hostdevs.map((h) => [h.bdf, h.allFunctions, h.pcie, h.xVga?.value, h.romBar])).toEqual([
      ['0000:01:00.0', true, true, true, undefined],
      ['0000:02:00.0', undefined, undefined, undefined, false],
      ['0000:02:00.1', undefined, undefined, undefined, false],
    ]);
  });

  it('a grep of hostpci lines is not the whole config: machine stays unknown', () => {
    const f = parse(lines('$ grep hostpci /etc/pve/qemu-server/100.conf', 'hostpci0: 0000:0a:00.0,pcie=1'));
    expect(f.vms![0]!.complete).toBe(false);
    expect(f.vms![0]!.machine).toBeUndefined();
  });

  it('qemu-server\'s own test config (test/cfg2cmd/q35-linux-hostpci.conf): the VMID from the path, smbios1 uuid, rombar=0; slots no PCI bus has are no device', () => {
    const f = parse(lines(
      '# TEST: Config with q35, NUMA, hostpci passthrough, EFI & Linux', 'bios: ovmf', 'bootdisk: scsi0', 'cores: 1', 'efidisk0: local:100/vm-100-disk-1.qcow2,size=128K',
      'hostpci0: 00:ff.1', 'hostpci1: d0:13.0,pcie=1', 'hostpci2: 00:f4.0', 'hostpci3: d0:15.1,pcie=1', 'hostpci4: d0:17.0,pcie=1,rombar=0', 'hostpci7: d0:15.1,pcie=1',
      'machine: q35', 'memory: 512', 'net0: virtio=2E:01:68:F9:9C:87,bridge=vmbr0', 'numa: 1', 'ostype: l26', 'scsihw: virtio-scsi-pci',
      'smbios1: uuid=3dd750ce-d910-44d0-9493-525c0be4e687', 'sockets: 2', 'vmgenid: 54d1c06c-8f5b-440f-b5b2-6eab1380e13d',
    ), '/etc/pve/qemu-server/8006.conf', 'pve-vm-config');
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'proxmox', vmid: '8006', uuid: '3dd750ce-d910-44d0-9493-525c0be4e687', complete: true });
    // 00:ff.1 and 00:f4.0 name slots above 0x1f: qemu-server's test mocks lspci; on a host they match nothing.
    expect(vm.hostdevs.map((h) => [h.bdf, h.pcie, h.romBar])).toEqual([
      ['0000:d0:13.0', true, undefined],
      ['0000:d0:15.1', true, undefined],
      ['0000:d0:17.0', true, false],
      ['0000:d0:15.1', true, undefined],
    ]);
  });

  it('booleans as Proxmox reads them, a relative romfile under /usr/share/kvm, vga, onboot, args; x-vga makes qemu-server hide KVM', () => {
    const f = parse(lines(
      '$ qm config 101',
      // A user's config (github.com/johnpion/admin-sky-blog, Proxmox/gpu_passthrow.md) and a Chinese guide's x-vga=on.
      'hostpci0: 0000:82:00.0,rombar=0,x-vga=1', 'hostpci1: 01:00.0,pcie=1,x-vga=on,romfile=vbios.bin', 'hostpci2: 03:00.0,romfile=/root/gpu.rom',
      'args: -cpu host,kvm=off,hv_vendor_id=whatever', 'boot: order=scsi0', 'machine: pc-q35-8.1+pve0', 'memory: 8192', 'onboot: 1', 'vga: none',
    ));
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ vmid: '101', complete: true });
    expect(vm.machine?.value.family).toBe('q35');
    expect(vm.hostdevs.map((h) => [h.xVga?.value, h.romBar, h.romFile])).toEqual([
      [true, false, undefined],
      [true, undefined, '/usr/share/kvm/vbios.bin'],
      [undefined, undefined, '/root/gpu.rom'],
    ]);
    expect(vm.vga?.value).toBe('none');
    expect(vm.autostart?.value).toBe(true);
    expect(vm.extraArgs?.value).toBe('-cpu host,kvm=off,hv_vendor_id=whatever');
    expect(vm.kvmHidden?.value).toBe(true);
    expect(vm.kvmHidden?.evidence.text).toContain('kvm=off');
    expect(vm.hypervVendorId?.value).toBe('whatever');
    const xvgaOnly = parse(lines('$ qm config 102', 'boot: order=scsi0', 'hostpci0: 01:00,x-vga=1', 'memory: 4096')).vms![0]!;
    expect(xvgaOnly.kvmHidden?.value).toBe(true);
    expect(xvgaOnly.kvmHidden?.evidence.text).toBe('hostpci0: 01:00,x-vga=1');
  });
});

describe('one VM once', () => {
  it('a Proxmox config and the ps line of its running kvm (same VMID) are one VM: the config', () => {
    const f = parse(lines(
      '$ qm config 100', 'boot: order=scsi0', 'hostpci0: 0000:01:00,pcie=1', 'machine: q35', 'memory: 8192', 'name: win',
      '$ ps -ef | grep kvm',
      "root  1234  1 30 09:00 ?  00:10:00 /usr/bin/kvm -id 100 -name win,debug-threads=on -m 8192 -device vfio-pci,host=0000:01:00.0,id=hostpci0.0,bus=ich9-pcie-port-1,addr=0x0.0,multifunction=on -machine type=q35+pve0",
    ));
    expect(f.vms!.map((v) => v.kind)).toEqual(['proxmox']);
  });

  it('a libvirt domain and its log\'s command line (same name) are one VM; another running QEMU stays', () => {
    const f = parse(lines(
      '$ virsh dumpxml win10', "<domain type='kvm'>", '  <name>win10</name>', "  <memory unit='KiB'>8388608</memory>", '  <os>', "    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>", '  </os>', '  <devices>', '  </devices>', '</domain>',
      '$ ps aux | grep qemu',
      'libvirt+ 2417 99.0 26.1 9000000 8400000 ? Sl 10:02 14:01 /usr/bin/qemu-system-x86_64 -name guest=win10,debug-threads=on -machine pc-q35-8.2 -m 8192',
      'libvirt+ 2500 10.0 6.1 3000000 2100000 ? Sl 10:05 01:01 /usr/bin/qemu-system-x86_64 -name guest=nas,debug-threads=on -machine pc-q35-8.2 -m 2048',
    ));
    expect(f.vms!.map((v) => `${v.kind}:${v.name}`)).toEqual(['libvirt:win10', 'qemu:nas']);
  });
});

describe('VM inputs in a loose paste, without prompts or markers, between other outputs', () => {
  it('lspci, a domain XML, a Proxmox config and a QEMU command line pasted one after another: each read as its own kind', () => {
    const f = parse(lines(
      'here is my setup:',
      '03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c3)',
      '\tKernel driver in use: vfio-pci',
      '',
      "<domain type='kvm'>", '  <name>win10</name>', "  <memory unit='KiB'>8388608</memory>", '  <os>', "    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>", '  </os>', '  <devices>',
      "    <hostdev mode='subsystem' type='pci' managed='yes'>", '      <source>', "        <address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>", '      </source>', '    </hostdev>', '  </devices>', '</domain>',
      'and the proxmox box:',
      'agent: 1', 'bios: ovmf', 'boot: order=scsi0', 'hostpci0: 0000:03:00,pcie=1', 'machine: q35', 'memory: 8192', 'name: gamer',
      '',
      "/usr/bin/kvm -id 101 -name 'other,debug-threads=on' -m 4096 -machine 'type=q35+pve1' -device 'vfio-pci,host=0000:04:00.0,id=hostpci0,bus=ich9-pcie-port-1,addr=0x0'",
      '[    1.234567] vfio-pci 0000:03:00.0: vgaarb: changed VGA decodes: olddecodes=io+mem,decodes=io+mem:owns=none',
    ));
    expect(f.vms!.map((v) => `${v.kind}:${v.name}:${v.machine?.value.family}`)).toEqual(['libvirt:win10:i440fx', 'proxmox:gamer:q35', 'qemu:other:q35']);
    expect(f.pci.find((d) => d.bdf === '0000:03:00.0')?.driver).toBe('vfio-pci');
    expect(f.vms![2]!.hostdevs[0]).toMatchObject({ bdf: '0000:04:00.0', pcie: true });
    expect(f.kernelLog.length).toBeGreaterThan(0);
  });

  it('a QEMU command line quoted in prose or a QEMU error is not a VM; a ps line in a marked section is', () => {
    expect(parse(lines('I run qemu-system-x86_64 with -device vfio-pci but it hangs.')).vms).toBeUndefined();
    const f = parse(lines('=== ps -ef ===', 'root 4410 1 12 09:11 ? 00:04:10 qemu-system-x86_64 -enable-kvm -M q35 -m 8G -device vfio-pci,host=01:00.0,multifunction=on,x-vga=on -device vfio-pci,host=01:00.1'));
    expect(f.vms![0]!.hostdevs.map((h) => h.bdf)).toEqual(['0000:01:00.0', '0000:01:00.1']);
    expect(f.vms![0]!.hostdevs[0]!.xVga?.value).toBe(true);
  });
});


describe('real domain XML', () => {
  // A user's working passthrough, "Device Audio & Video PCIE passthrough" (github.com/AshleyYakeley/NixVirt/issues/76,
  // double-quoted as virt-manager's XML editor shows it); the excerpt ends inside the second guest <address>, completed
  // here with slot 0x00 function 0x0 as virt-manager places a device on its own root port.
  const NIXVIRT_76 = lines(
    '<hostdev mode="subsystem" type="pci" managed="yes">', '  <driver name="vfio"/>', '  <source>', '    <address domain="0x0000" bus="0x0c" slot="0x00" function="0x0"/>', '  </source>',
    '  <alias name="hostdev0"/>', '  <address type="pci" domain="0x0000" bus="0x02" slot="0x00" function="0x0"/>', '</hostdev>',
    '<hostdev mode="subsystem" type="pci" managed="yes">', '  <driver name="vfio"/>', '  <source>', '    <address domain="0x0000" bus="0x0c" slot="0x00" function="0x1"/>', '  </source>',
    '  <alias name="hostdev1"/>', '  <address type="pci" domain="0x0000" bus="0x05" slot="0x00" function="0x0"/>', '</hostdev>',
  );

  it('NixVirt#76: the GPU and its audio function on two guest buses, read from double-quoted attributes', () => {
    const f = parse(NIXVIRT_76);
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'libvirt', complete: false });
    expect(vm.hostdevs.map((h) => [h.bdf, h.managed, h.alias, h.guest?.bus, h.guest?.slot, h.guest?.function])).toEqual([
      ['0000:0c:00.0', true, 'hostdev0', 2, 0, 0],
      ['0000:0c:00.1', true, 'hostdev1', 5, 0, 0],
    ]);
    expect(f.unparsed.count).toBe(0);
  });
});
