// What the newer VM rules read beside the definition: ROM file paths, autostart, GPU ROM images, sizes in words.
import type { Host } from '../facts/host';
import type { Vm, VmHostdev } from '../schema/vm';
import type { Evidence } from '../schema/evidence';

/** The file QEMU opens for a hostdev's ROM: Proxmox puts a relative romfile= under /usr/share/kvm (qemu-server PCI.pm). */
export function romPath(vm: Vm, h: VmHostdev): string | undefined {
  if (!h.romFile) return undefined;
  if (vm.kind === 'proxmox' && !h.romFile.startsWith('/')) return `/usr/share/kvm/${h.romFile}`;
  return h.romFile;
}

/**
 * Whether the VM starts with the host: the definition says so (Proxmox onboot), or for libvirt the autostart link
 * /etc/libvirt/qemu/autostart/NAME.xml (virsh autostart creates it) is among the paths the input shows.
 */
export function autostartOf(host: Host, vm: Vm): { value: boolean; evidence?: Evidence } | undefined {
  if (vm.autostart) return vm.autostart;
  if (vm.kind === 'libvirt' && vm.name && host.facts.collected) {
    const link = `/etc/libvirt/qemu/autostart/${vm.name}.xml`;
    return { value: host.facts.paths.includes(link) };
  }
  return undefined;
}

/** rom-parser's reading of a card's ROM (by vendor:device), complete ones only; undefined when none was given. */
export function romImagesOf(host: Host, vendor?: string, device?: string) {
  if (!vendor || !device) return undefined;
  const mine = (host.facts.romImages ?? []).filter((r) => r.complete && r.vendor === vendor && r.device === device);
  return mine.length ? mine : undefined;
}

export const sizeWords = (bytes: number) =>
  bytes >= 2 ** 30 && bytes % 2 ** 30 === 0 ? `${bytes / 2 ** 30} GiB` : bytes >= 2 ** 20 ? `${+(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
