// A1: the tool runs inside a virtual machine or container: what it sees is virtual hardware, not the host.
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { zh } from './zh';

const ID = 'running-inside-vm';
const CONTAINERS = new Set(['lxc', 'lxc-libvirt', 'docker', 'podman', 'openvz', 'systemd-nspawn', 'rkt', 'wsl', 'proot', 'pouch']);

const HV = /^Hypervisor detected: (\S+)/;

type Inside = { kind: string; container: boolean; outerVm?: string; product?: string; iommu: 'emulated' | 'none' };

export const messages = {
  inside: ({ kind, container, outerVm, product, iommu }: Inside) =>
    `vfio-doctor is running inside ${
      container ? `a container or compatibility layer (${kind})${outerVm ? `, itself on a virtual machine (${outerVm})` : ''}` : `a virtual machine (${kind}${product ? `, "${product}"` : ''})`
    }. The CPU flags, IOMMU groups, /dev/kvm and GPUs it sees are those of the virtual hardware, and a fix applied here would not change the physical host.${
      container ? '' : iommu === 'emulated' ? ' The IOMMU groups here belong to an emulated vIOMMU.' : ' That is why there is no IOMMU here.'
    } Run vfio-doctor on the bare-metal host that owns the GPU (or collect a bundle there and analyse it anywhere). Nested passthrough is possible only with nested virtualisation on the outer host and a vIOMMU in this guest (QEMU: -device intel-iommu,intremap=on,caching-mode=on). To see what the tool does meanwhile: vfio-doctor --demo.`,
  // No input kind says it alone: CPU flags, systemd-detect-virt, DMI and the boot log each may.
  undetermined: () => 'no CPU flags, systemd-detect-virt or DMI information was given',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'A1',
    title: 'This is a virtual machine, not the physical host',
    severity: 'error',
    category: 'environment',
    summary: 'IOMMU groups, /dev/kvm and GPUs seen here are virtual; passthrough is set up on the bare-metal host.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['virtual machine', 'vm', 'nested', 'hypervisor', 'qemu', 'kvm guest', 'wsl', 'container', 'lxc', 'cloud'],
    reads: { log: [HV] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const ev: Evidence[] = [...f.virt.evidence];
    const hv = f.cpu?.flags?.includes('hypervisor');
    if (hv) ev.push(...(f.cpu?.evidence.filter((e) => /flags/i.test(e.text)).slice(0, 1) ?? []));
    const logHv = host.log(HV);
    ev.push(...logHv.map((l) => l.evidence));
    // WSL is recognised from the kernel release (/proc/version); cite that line.
    if (/microsoft-standard-WSL/i.test(f.kernelRelease?.value ?? '') && f.kernelRelease) ev.push(f.kernelRelease.evidence);
    if (host.virtualMachine === undefined) return ctx.unable('undetermined');
    if (!host.virtualMachine) return [];
    const kind = f.virt.detectVirt && f.virt.detectVirt !== 'none' ? f.virt.detectVirt : logHv[0] ? HV.exec(logHv[0].message)![1]! : f.virt.dmiVendor ?? 'a hypervisor';
    const container = CONTAINERS.has(kind.toLowerCase());
    const underVm = hv || logHv.length > 0 || /^(QEMU|Microsoft Corporation|VMware, Inc\.|Xen)$/i.test(f.virt.dmiVendor ?? '');
    const vmKind = logHv[0] ? HV.exec(logHv[0].message)![1]! : f.virt.dmiVendor ?? 'a hypervisor';
    return [
      {
        messageId: 'inside',
        data: { kind, container, outerVm: container && underVm ? vmKind : undefined, product: container ? undefined : f.virt.dmiProduct, iommu: host.iommu.state === 'active' ? ('emulated' as const) : ('none' as const) },
        evidence: ev.length ? ev : host.iommu.evidence,
        fixes: [],
      },
    ];
  },
});
