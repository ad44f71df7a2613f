// What the VM-side rules share: the VMs in the input, how to name one, and which host devices a hostdev set covers.
import type { Host } from '../facts/host';
import type { PciDevice } from '../schema/facts';
import type { Vm, VmHostdev } from '../schema/vm';
import { slotOf } from '../pci/bdf';
import { tr } from '../i18n/lang';
import { zhSpace } from '../i18n/space';

export const vmsOf = (host: Host): Vm[] => host.facts.vms ?? [];

export function vmLabel(vm: Vm): string {
  const what =
    vm.kind === 'libvirt'
      ? tr('libvirt VM', 'libvirt 虚拟机')
      : vm.kind === 'proxmox'
        ? tr('Proxmox VM', 'Proxmox 虚拟机')
        : vm.manager === 'libvirt'
          ? tr('running libvirt VM', '正在运行的 libvirt 虚拟机')
          : vm.manager === 'proxmox'
            ? tr('running Proxmox VM', '正在运行的 Proxmox 虚拟机')
            : tr('QEMU VM', 'QEMU 虚拟机');
  return vm.name ? `${what} "${vm.name}"` : tr(`the ${what}`, zhSpace(`该${what}`));
}

/** Host addresses a hostdev passes: Proxmox's slot form (01:00, no function) passes every function the host has. */
export function coveredBy(host: Host, h: VmHostdev): string[] {
  if (!h.allFunctions) return [h.bdf];
  const slot = slotOf(h.bdf);
  const fns = host.facts.pci.filter((d) => slotOf(d.bdf) === slot).map((d) => d.bdf);
  return fns.length ? fns : [h.bdf];
}

export function coveredSet(host: Host, vm: Vm): Set<string> {
  return new Set(vm.hostdevs.flatMap((h) => coveredBy(host, h)));
}

/** PCI bridges (class 06 04) may share a group without being passed: vfio's group viability exempts them. */
export const isBridge = (d: PciDevice | undefined) => !!d?.classCode?.startsWith('0604');

/** A display controller (class 03): a GPU. */
export const isGpu = (d: PciDevice | undefined) => !!d?.classCode?.startsWith('03');
