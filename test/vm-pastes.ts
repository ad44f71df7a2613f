// Host and VM pastes the VM-side rule tests share: a GTX 1070 host (group 1: root port, VGA, audio) and VM definitions.
import { paste } from './harness';

/** The host: its groups and drivers; `audioDriver` is what holds 01:00.1. */
export const hostPaste = (audioDriver = 'vfio-pci', extra: string[] = []) =>
  paste(
    '$ ./iommu.sh',
    'IOMMU Group 1:',
    '\t00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)',
    '\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)',
    '\t01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
    ...extra,
    '$ lspci -nnk -s 01:00',
    '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)',
    '\tKernel driver in use: vfio-pci',
    '01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
    `\tKernel driver in use: ${audioDriver}`,
  );

export interface DomainOpts {
  machine?: string;
  firmware?: 'ovmf' | 'seabios';
  hugepages?: boolean;
  /** [host bdf "01:00.0", guest slot, guest function, multifunction] */
  hostdevs?: [string, number, number, boolean?][];
  xvgaAlias?: string;
  name?: string;
  memoryKiB?: number;
  /** managed='no' on every hostdev. */
  unmanaged?: boolean;
  /** <rom file=…/> on the first hostdev. */
  rom?: string;
  /** <features><kvm><hidden state='on'/> and <hyperv><vendor_id …/>. */
  hidden?: boolean;
  vendorId?: string;
  hardLimitKiB?: number;
  locked?: boolean;
  /** <shmem name='looking-glass'> size in MiB. */
  shmemMiB?: number;
}

/** A `virsh dumpxml` paste of a whole domain. */
export function domainPaste(o: DomainOpts = {}): string {
  const hd = (o.hostdevs ?? [['01:00.0', 5, 0, true], ['01:00.1', 5, 1]]).flatMap(([bdf, slot, fn, mf], i) => {
    const [bus, sf] = bdf.split(':');
    const [s, f] = sf!.split('.');
    return [
      `    <hostdev mode='subsystem' type='pci' managed='${o.unmanaged ? 'no' : 'yes'}'>`,
      '      <source>',
      `        <address domain='0x0000' bus='0x${bus}' slot='0x${s}' function='0x${f}'/>`,
      '      </source>',
      ...(o.rom && i === 0 ? [`      <rom file='${o.rom}'/>`] : []),
      `      <alias name='hostdev${i}'/>`,
      `      <address type='pci' domain='0x0000' bus='0x00' slot='0x${slot.toString(16).padStart(2, '0')}' function='0x${fn}'${mf ? " multifunction='on'" : ''}/>`,
      '    </hostdev>',
    ];
  });
  return paste(
    '$ virsh dumpxml win10',
    "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>",
    `  <name>${o.name ?? 'win10'}</name>`,
    `  <memory unit='KiB'>${o.memoryKiB ?? 8388608}</memory>`,
    ...(o.hugepages || o.locked ? ['  <memoryBacking>', ...(o.hugepages ? ['    <hugepages/>'] : []), ...(o.locked ? ['    <locked/>'] : []), '  </memoryBacking>'] : []),
    ...(o.hardLimitKiB ? ['  <memtune>', `    <hard_limit unit='KiB'>${o.hardLimitKiB}</hard_limit>`, '  </memtune>'] : []),
    '  <os>',
    `    <type arch='x86_64' machine='${o.machine ?? 'pc-q35-8.2'}'>hvm</type>`,
    ...(o.firmware === 'seabios' ? [] : ["    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"]),
    '  </os>',
    ...(o.hidden || o.vendorId
      ? ['  <features>', ...(o.vendorId ? ["    <hyperv mode='custom'>", `      <vendor_id state='on' value='${o.vendorId}'/>`, '    </hyperv>'] : []), ...(o.hidden ? ['    <kvm>', "      <hidden state='on'/>", '    </kvm>'] : []), '  </features>']
      : []),
    '  <devices>',
    ...hd,
    ...(o.shmemMiB ? ["    <shmem name='looking-glass'>", "      <model type='ivshmem-plain'/>", `      <size unit='M'>${o.shmemMiB}</size>`, '    </shmem>'] : []),
    '  </devices>',
    ...(o.xvgaAlias ? ['  <qemu:commandline>', "    <qemu:arg value='-set'/>", `    <qemu:arg value='device.${o.xvgaAlias}.x-vga=on'/>`, '  </qemu:commandline>'] : []),
    '</domain>',
  );
}
