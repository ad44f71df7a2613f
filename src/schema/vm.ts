// The VM model: what a libvirt domain XML or a Proxmox VM config says about a VM's passthrough setup; absent = unknown.
import { z } from 'zod';
import { Evidence } from './evidence';

/** A value read from the definition, with the line that says it. */
const Said = <T extends z.ZodTypeAny>(t: T) => z.object({ value: t, evidence: Evidence });

/** Where the guest sees a device (libvirt's <address type='pci'> inside <hostdev>). */
export const GuestAddress = z.object({
  domain: z.number().int(),
  bus: z.number().int(),
  slot: z.number().int(),
  function: z.number().int(),
  /** undefined: the attribute was not written (libvirt's default is off). */
  multifunction: z.boolean().optional(),
  /** The bus by name when a QEMU command line placed the device (bus=ich9-pcie-port-1); `bus` is then a stable stand-in. */
  busName: z.string().optional(),
  evidence: Evidence,
});
export type GuestAddress = z.infer<typeof GuestAddress>;

export const VmHostdev = z.object({
  /** The host device, full address with domain and function (0000:01:00.0). */
  bdf: z.string(),
  /** Proxmox "hostpci0: 01:00" (no function): every function of the card is passed as one multifunction device. */
  allFunctions: z.boolean().optional(),
  /** libvirt managed='yes' (libvirt detaches the device from its host driver); undefined for Proxmox (always managed). */
  managed: z.boolean().optional(),
  guest: GuestAddress.optional(),
  /** Proxmox pcie=1: placed on a PCIe root port (needs q35). */
  pcie: z.boolean().optional(),
  /** x-vga=on through Proxmox x-vga=1, libvirt's qemu:commandline (-set device.hostdevN.x-vga=on) or qemu:override. */
  xVga: Said(z.boolean()).optional(),
  romFile: z.string().optional(),
  /** ROM BAR visible to the guest; false for rom bar='off' / rombar=0. */
  romBar: z.boolean().optional(),
  /** libvirt's alias (hostdev0) when written, for matching -set device.ALIAS options. */
  alias: z.string().optional(),
  evidence: Evidence,
});
export type VmHostdev = z.infer<typeof VmHostdev>;

export const Vm = z.object({
  /** Where it was read: a libvirt domain, a Proxmox config, or a running QEMU's command line (ps, /proc, domain log). */
  kind: z.enum(['libvirt', 'proxmox', 'qemu']),
  /** libvirt <name>; Proxmox "name:" (the VM id is not in `qm config` output); QEMU's -name. */
  name: z.string().optional(),
  /** Proxmox VM id when the input names it (the config file's name, `qm config ID`, a running kvm's -id); fixes then give runnable qm lines. */
  vmid: z.string().optional(),
  /** For kind 'qemu': who started the process, told by its command line (libvirt's -name guest=, Proxmox's -id). */
  manager: z.enum(['libvirt', 'proxmox']).optional(),
  /** libvirt <uuid>, Proxmox smbios1 uuid=, QEMU -uuid: names the VM across sections once names are redacted. */
  uuid: z.string().optional(),
  /** Proxmox "vga:" (none, std, qxl, virtio…): the emulated display next to the passed GPU. */
  vga: Said(z.string()).optional(),
  /** Proxmox "args:" (extra QEMU arguments), as written. */
  extraArgs: Said(z.string()).optional(),
  /** Whole definition seen (a full <domain> or config), so a missing element means its default; false for a snippet. */
  complete: z.boolean(),
  /** The machine type as written; family derived (pc / pc-i440fx-* → i440fx, q35 / pc-q35-* → q35). */
  machine: Said(z.object({ type: z.string(), family: z.enum(['q35', 'i440fx', 'other']) })).optional(),
  /** UEFI (OVMF) or legacy BIOS (SeaBIOS). */
  firmware: Said(z.enum(['ovmf', 'seabios'])).optional(),
  memoryKiB: Said(z.number()).optional(),
  /** Guest memory backed by huge pages; the page size in KiB when one is named. */
  hugepages: Said(z.object({ on: z.boolean(), pageKiB: z.number().optional() })).optional(),
  /** libvirt <memtune><hard_limit>: libvirt then uses it as the QEMU process's memory-lock limit (qemuDomainGetMemLockLimitBytes). */
  hardLimitKiB: Said(z.number()).optional(),
  /** libvirt <memoryBacking><locked/>: the lock limit is then unlimited unless a hard_limit is set. */
  memoryLocked: z.boolean().optional(),
  /** Started with the host: libvirt's autostart link, Proxmox onboot: 1. undefined: not known. */
  autostart: Said(z.boolean()).optional(),
  /** libvirt <shmem name=…> (ivshmem): Looking Glass uses one named looking-glass; size in bytes when written. */
  shmems: z.array(z.object({ name: z.string(), sizeBytes: z.number().optional(), evidence: Evidence })).optional(),
  kvmHidden: Said(z.boolean()).optional(),
  hypervVendorId: Said(z.string()).optional(),
  hostdevs: z.array(VmHostdev),
  evidence: Evidence,
});
export type Vm = z.infer<typeof Vm>;
