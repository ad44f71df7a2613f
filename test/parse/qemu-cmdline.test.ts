// QEMU command lines read into the VM model: libvirt's domain log, Proxmox's kvm line, ps and /proc/PID/cmdline.
import { describe, it, expect } from 'vitest';
import { parse, lines } from './helpers';
import { shellWords, optionPairs } from '../../src/vm/qemu-args';
import { nulArgvToLines } from '../../src/parse/qemu-cmdline';
import { LIBVIRT_LOG } from '../samples/real-formats';

describe('QEMU command lines', () => {
  it('a libvirt domain log (chironjit/single-gpu-passthrough#3): name, machine, OVMF from the pflash blockdev, memory, Code 43 flags', () => {
    const f = parse(LIBVIRT_LOG);
    expect(f.vms).toHaveLength(1);
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'qemu', manager: 'libvirt', name: 'win10', uuid: '569940cb-4a37-4b40-a533-2627cd3243f3' });
    expect(vm.machine?.value).toEqual({ type: 'pc-q35-6.1', family: 'q35' });
    expect(vm.firmware?.value).toBe('ovmf');
    expect(vm.firmware?.evidence.text).toContain('OVMF_CODE.fd');
    expect(vm.memoryKiB?.value).toBe(8192 * 1024);
    // memory-backend=pc.ram names a RAM backend, not hugetlbfs.
    expect(vm.hugepages?.value.on).toBe(false);
    expect(vm.kvmHidden?.value).toBe(true);
    expect(vm.hypervVendorId?.value).toBe('6969');
    expect(vm.machine?.evidence.line).toBe(16);
    // The paste was cut before the end of the command (its last line ends in a backslash) but it has -machine and -m.
    expect(vm.complete).toBe(true);
  });

  it('the same log with the backslashes lost (github.com/QaidVoid/Complete-Single-GPU-Passthrough/issues/11): read by its option lines', () => {
    const f = parse(LIBVIRT_LOG.replace(/ \\$/gm, ''));
    expect(f.vms).toHaveLength(1);
    expect(f.vms![0]).toMatchObject({ kind: 'qemu', name: 'win10', complete: true });
    expect(f.vms![0]!.firmware?.value).toBe('ovmf');
  });

  it('vfio-pci as JSON (github.com/Coopydood/ultimate-macOS-KVM/issues/89, virt-manager\'s QEMU 8.2): GPU and audio on two root ports', () => {
    const f = parse(lines(
      '/usr/bin/qemu-system-x86_64 -name guest=mac,debug-threads=on -machine pc-q35-8.2,usb=off -m 8192 \\',
      '-device \'{"driver":"pcie-root-port","port":20,"chassis":5,"id":"pci.5","bus":"pcie.0","addr":"0x2.0x4"}\' \\',
      '-device \'{"driver":"pcie-root-port","port":21,"chassis":6,"id":"pci.6","bus":"pcie.0","addr":"0x2.0x5"}\' \\',
      '-device \'{"driver":"vfio-pci","host":"0000:02:00.0","id":"gpu","bus":"pci.5","addr":"0x0"}\' \\',
      '-device \'{"driver":"vfio-pci","host":"0000:02:00.1","id":"hdmiaudio","bus":"pci.6","addr":"0x0"}\'',
    ));
    const hd = f.vms![0]!.hostdevs;
    expect(hd.map((h) => [h.bdf, h.alias, h.guest?.bus, h.guest?.slot, h.guest?.function])).toEqual([['0000:02:00.0', 'gpu', 5, 0, 0], ['0000:02:00.1', 'hdmiaudio', 6, 0, 0]]);
    expect(hd[1]!.evidence.text).toContain('hdmiaudio');
  });

  // qemu-server's test data uses host addresses no PCI bus has (slot 0x43, 0xf2: a slot is 5 bits); they are made
  // valid here (f0:43 → f0:03, 0f:f2 → 0f:12), the rest is as config_to_command writes it.
  it('Proxmox\'s kvm line (qemu-server test/cfg2cmd/q35-linux-hostpci-multifunction.conf.cmd): -id, one hostpci as a multifunction slot', () => {
    const f = parse(lines(
      '/usr/bin/kvm \\',
      '  -id 8006 \\',
      '  -name vm8006 \\',
      "  -drive 'if=pflash,unit=0,format=raw,readonly,file=/usr/share/pve-edk2-firmware//OVMF_CODE.fd' \\",
      '  -cpu kvm64,+lahf_lm,+sep,+kvm_pv_unhalt,+kvm_pv_eoi,enforce \\',
      '  -m 512 \\',
      "  -device 'vfio-pci,host=0000:f0:03.0,id=hostpci0.0,bus=pci.0,addr=0x10.0,multifunction=on' \\",
      "  -device 'vfio-pci,host=0000:f0:03.1,id=hostpci0.1,bus=pci.0,addr=0x10.1' \\",
      "  -device 'vfio-pci,host=1234:f0:03.1,id=hostpci1,bus=pci.0,addr=0x11' \\",
      "  -machine 'type=q35+pve1'",
    ));
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'qemu', manager: 'proxmox', vmid: '8006', name: 'vm8006', complete: true });
    expect(vm.machine?.value.family).toBe('q35');
    expect(vm.firmware?.value).toBe('ovmf');
    expect(vm.kvmHidden).toBeUndefined();
    expect(vm.hostdevs.map((h) => [h.bdf, h.guest?.slot, h.guest?.function, h.guest?.multifunction])).toEqual([
      ['0000:f0:03.0', 0x10, 0, true],
      ['0000:f0:03.1', 0x10, 1, undefined],
      ['1234:f0:03.1', 0x11, 0, undefined],
    ]);
    expect(f.unparsed.count).toBe(0);
  });

  it('Proxmox i440fx and 1 GiB huge pages (cfg2cmd i440fx-win10-hostpci and memory-hugepages-1g): pc+pve1 is i440fx, the page size from the mount', () => {
    const f = parse(lines(
      "/usr/bin/kvm -id 8006 -name 'simple,debug-threads=on' -m 8192 -object 'memory-backend-file,id=ram-node0,size=4096M,mem-path=/run/hugepages/kvm/1048576kB,share=on,prealloc=yes' -machine 'type=pc+pve1'",
      "/usr/bin/kvm -id 8007 -name 'vm8007,debug-threads=on' -m 512 -device 'vfio-pci,host=0000:0f:12.0,id=hostpci0,bus=pci.0,addr=0x10' -machine 'hpet=off,type=pc-i440fx-5.1+pve0'",
    ));
    expect(f.vms).toHaveLength(2);
    const [a, b] = f.vms!;
    expect(a!.machine?.value).toEqual({ type: 'pc+pve1', family: 'i440fx' });
    expect(a!.hugepages?.value).toEqual({ on: true, pageKiB: 1024 * 1024 });
    expect(a!.firmware?.value).toBe('seabios');
    expect(b!.machine?.value.family).toBe('i440fx');
    expect(b!.hostdevs[0]).toMatchObject({ bdf: '0000:0f:12.0', alias: 'hostpci0' });
    expect(b!.hugepages?.value.on).toBe(false);
  });

  it('ps -ef and ps aux lines: the process columns before the binary; x-vga, romfile, rombar; a grep line is not a VM', () => {
    const f = parse(lines(
      '$ ps -ef | grep qemu',
      'libvirt+    2417       1 99 10:02 ?        00:14:01 /usr/bin/qemu-system-x86_64 -name guest=gaming,debug-threads=on -S -machine pc-i440fx-6.2,usb=off -cpu host -m 16384 -device vfio-pci,host=0000:0a:00.0,id=hostdev0,bus=pci.0,addr=0x6,romfile=/var/lib/libvirt/vbios/gtx1070.rom,rombar=1 -device vfio-pci,host=0000:0a:00.1,id=hostdev1,bus=pci.0,addr=0x7 -set device.hostdev0.x-vga=on',
      'me          9313    8812  0 10:16 pts/1    00:00:00 grep --color=auto qemu',
    ));
    expect(f.vms).toHaveLength(1);
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ kind: 'qemu', manager: 'libvirt', name: 'gaming', complete: true });
    expect(vm.firmware?.value).toBe('seabios');
    expect(vm.hostdevs[0]).toMatchObject({ bdf: '0000:0a:00.0', romFile: '/var/lib/libvirt/vbios/gtx1070.rom', romBar: true });
    expect(vm.hostdevs[0]!.xVga?.value).toBe(true);
    expect(vm.hostdevs.map((h) => h.guest?.slot)).toEqual([6, 7]);
  });

  it('/proc/PID/cmdline: NUL-separated arguments, one with a space, read as words', () => {
    const argv = ['/usr/bin/qemu-system-x86_64', '-name', 'guest=my vm,debug-threads=on', '-machine', 'q35', '-m', '4G', '-mem-path', '/dev/hugepages', '-bios', '/usr/share/ovmf/OVMF.fd', '-device', 'vfio-pci,sysfsdev=/sys/bus/pci/devices/0000:03:00.0'];
    const text = `${argv.join('\0')}\0`;
    expect(shellWords(nulArgvToLines(text))).toEqual(argv);
    const f = parse(text, '/proc/4242/cmdline', 'qemu-cmdline');
    const vm = f.vms![0]!;
    expect(vm).toMatchObject({ name: 'my vm', complete: true });
    expect(vm.memoryKiB?.value).toBe(4 * 1024 * 1024);
    expect(vm.hugepages?.value.on).toBe(true);
    expect(vm.firmware?.value).toBe('ovmf');
    expect(vm.hostdevs[0]!.bdf).toBe('0000:03:00.0');
    // Pasted raw (the NULs kept), it is found without a hint too.
    expect(parse(text).vms?.[0]?.name).toBe('my vm');
  });

  it('QEMU\'s own error lines and libvirt\'s are still errors, not command lines', () => {
    const f = parse(lines(
      '2024-03-02T10:11:13.000000Z qemu-system-x86_64: -device {"driver":"vfio-pci","host":"0000:01:00.0","id":"hostdev0","bus":"pci.4","addr":"0x0"}: vfio 0000:01:00.0: group 1 is not viable',
      'error: internal error: qemu unexpectedly closed the monitor: 2024-03-02T10:11:13.000000Z qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: group 1 is not viable',
      'kvm: -device vfio-pci,host=0000:00:02.0,id=hostpci0,bus=pci.0,addr=0x2,romfile=/usr/share/kvm/igd_rpls.rom: IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer',
    ));
    expect(f.vms ?? []).toHaveLength(0);
    expect(f.qemuErrors.map((e) => e.kind)).toEqual(['group-not-viable', 'group-not-viable']);
  });

  it('keyval options: an implied key, ",," as a comma, bare flags; JSON objects', () => {
    expect([...optionPairs('pc-q35-7.2,usb=off,name=a,,b', 'type')]).toEqual([['type', 'pc-q35-7.2'], ['usb', 'off'], ['name', 'a,b']]);
    expect(optionPairs('host,+kvm_pv_eoi,kvm=off', 'model').get('+kvm_pv_eoi')).toBe('');
    expect(optionPairs('{"driver":"vfio-pci","multifunction":true}', 'driver').get('multifunction')).toBe('true');
  });
});
