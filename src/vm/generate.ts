// Generates what to add to a VM for a card: libvirt <hostdev> elements, a Proxmox `qm set` line, QEMU -device options.
import { slotOf } from '../pci/bdf';

export type VmFormat = 'libvirt' | 'proxmox' | 'qemu' | 'virt-install';
export const VM_FORMATS: readonly VmFormat[] = ['libvirt', 'proxmox', 'qemu', 'virt-install'];

export interface GenerateInput {
  /** Host functions to pass (full BDFs), the card's function 0 first. */
  bdfs: string[];
  /** Guest bus and slot for the card's functions (one slot, multifunction); default bus 0x00 slot 0x10. */
  guest?: { bus: number; slot: number };
  /** Proxmox VM id when known. */
  vmid?: string;
}

const hex = (n: number, w: number) => `0x${n.toString(16).padStart(w, '0')}`;
const parts = (bdf: string) => {
  const [d, b, sf] = bdf.split(':');
  const [s, f] = sf!.split('.');
  return { domain: d!, bus: b!, slot: s!, fn: Number(f) };
};

/**
 * libvirt docs/formatdomain.rst "Host device assignment": <hostdev mode='subsystem' type='pci' managed='yes'> with
 * <source><address domain bus slot function/></source>; the guest <address type='pci' …> puts every function on one
 * guest slot, and multifunction='on' on function 0 (formatdomain "Device Addresses": multifunction defaults to off).
 */
export function libvirtHostdevs(input: GenerateInput): string {
  const g = input.guest ?? { bus: 0, slot: 0x10 };
  const sorted = sortFns(input.bdfs);
  const multi = sorted.length > 1;
  return sorted
    .map((bdf) => {
      const p = parts(bdf);
      const mf = multi && p.fn === 0 ? " multifunction='on'" : '';
      return [
        "<hostdev mode='subsystem' type='pci' managed='yes'>",
        '  <source>',
        `    <address domain='0x${p.domain}' bus='0x${p.bus}' slot='0x${p.slot}' function='0x${p.fn}'/>`,
        '  </source>',
        `  <address type='pci' domain='0x0000' bus='${hex(g.bus, 2)}' slot='${hex(g.slot, 2)}' function='0x${p.fn}'${mf}/>`,
        '</hostdev>',
      ].join('\n');
    })
    .join('\n');
}

/**
 * Proxmox `qm set VMID -hostpciN …` (qemu-server PVE/QemuServer/PCI.pm $hostpci_fmt): a slot without a function
 * ("0000:01:00") passes every function as one multifunction device; pcie=1 needs machine q35 (parse_hostpci_devices dies
 * "q35 machine model is not enabled" otherwise).
 */
export function proxmoxLines(input: GenerateInput): string[] {
  const id = input.vmid ?? 'VMID';
  const slots = [...new Set(sortFns(input.bdfs).map(slotOf))];
  return [`qm set ${id} -machine q35`, ...slots.map((s, i) => `qm set ${id} -hostpci${i} ${s},pcie=1`)];
}

/**
 * QEMU (q35): a pcie-root-port, and hw/vfio/pci.c's vfio-pci device per function with host=, on that port's bus at
 * addr=00.N, multifunction=on on function 0 (hw/pci/pci.c's "multifunction" property).
 */
export function qemuArgs(input: GenerateInput): string[] {
  const sorted = sortFns(input.bdfs);
  const multi = sorted.length > 1;
  return [
    '-machine q35',
    '-device pcie-root-port,id=vfio-rp0,chassis=10,bus=pcie.0',
    ...sorted.map((bdf) => {
      const fn = parts(bdf).fn;
      return `-device vfio-pci,host=${bdf},bus=vfio-rp0,addr=00.${fn}${multi && fn === 0 ? ',multifunction=on' : ''}`;
    }),
  ];
}

/**
 * virt-install `--hostdev` options, one per function (virt-manager virtinst/cli.py: --hostdev takes a host PCI address
 * and the device address sub-options address.type/domain/bus/slot/function/multifunction), on one guest slot.
 */
export function virtInstallArgs(input: GenerateInput): string[] {
  const g = input.guest ?? { bus: 0, slot: 0x10 };
  const sorted = sortFns(input.bdfs);
  const multi = sorted.length > 1;
  return sorted.map((bdf) => {
    const fn = parts(bdf).fn;
    return `--hostdev ${bdf},address.type=pci,address.domain=0x0000,address.bus=${hex(g.bus, 2)},address.slot=${hex(g.slot, 2)},address.function=0x${fn}${multi && fn === 0 ? ',address.multifunction=on' : ''}`;
  });
}

/** Function 0 first (it must carry multifunction), then by address. */
function sortFns(bdfs: string[]): string[] {
  return [...new Set(bdfs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function generate(format: VmFormat, input: GenerateInput): string {
  if (format === 'libvirt') return libvirtHostdevs(input);
  if (format === 'proxmox') return proxmoxLines(input).join('\n');
  if (format === 'virt-install') return virtInstallArgs(input).join(' \\\n  ');
  return qemuArgs(input).join(' \\\n  ');
}
