// Guest RAM could not be pinned for VFIO (VFIO_IOMMU_MAP_DMA failed with ENOMEM) and nothing shows it was the lock limit.
import { defineRule } from '../../src/engine/rule';
import { zh } from './zh';

const ID = 'guest-ram-pin-failed';
// drivers/vfio/vfio_iommu_type1.c vfio_pin_pages_remote(): the lock limit's own line; when it is there, memlock-limit
// explains the failure.
const RLIMIT = /vfio_pin_pages_remote: RLIMIT_MEMLOCK \(\d+\) exceeded/;
// The error reached us through KubeVirt (virt-handler's SyncVMI event wrapping libvirt's error) or a virt-launcher log.
const KUBEVIRT = /LibvirtError\(|SyncVMI failed|virt-launcher/;

export const messages = {
  pinFailed: ({ kubevirt, kernelLogComplete }: { kubevirt: boolean; kernelLogComplete: boolean }) =>
    [
      'QEMU could not map the guest’s RAM for device DMA: VFIO_IOMMU_MAP_DMA failed with "Cannot allocate memory". Device assignment pins every page of guest RAM in host memory for the whole run (no swapping, no ballooning it back), so the VM did not start.',
      kubevirt
        ? 'In KubeVirt/Harvester the pinned RAM is charged to the VM’s virt-launcher pod: with memory overcommit (Harvester’s overcommit-config, memory 150% by default) the VM requests less memory than its guest RAM, but a VM with a host device needs all of it pinned at start, and pinning fails for larger VMs. Set the memory ratio to 100% (Harvester: Advanced → Settings → overcommit-config), or give such a VM its full guest memory in spec.template.spec.domain.resources.'
        : 'The host, or the cgroup/container QEMU runs in, did not have the free RAM to pin all of the guest’s memory: give the VM less memory or free host RAM (huge pages reserved for the VM also help).',
      kernelLogComplete
        ? 'The kernel log given has no "vfio_pin_pages_remote: RLIMIT_MEMLOCK (…) exceeded" line, so it was not QEMU’s locked-memory limit.'
        : 'If QEMU runs unprivileged, its locked-memory limit (RLIMIT_MEMLOCK) gives the same error: then the kernel logs "vfio_pin_pages_remote: RLIMIT_MEMLOCK (…) exceeded" (sudo dmesg | grep MEMLOCK tells).',
    ].join(' '),
};

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'VFIO could not pin the guest’s RAM (out of memory)',
    severity: 'warning',
    category: 'resources',
    summary: 'Device assignment pins all guest RAM in host memory; QEMU’s VFIO_MAP_DMA failed with "Cannot allocate memory" and nothing shows the locked-memory limit was hit, so the host, or the container/pod QEMU runs in, had too little memory for the guest.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html', 'https://docs.harvesterhci.io/v1.3/vm/resource-overcommit'],
    consequenceOf: ['memlock-limit'],
    keywords: ['cannot allocate memory', 'vfio_map_dma', 'vfio_dma_map', 'pin', 'enomem', 'overcommit', 'pod memory', 'harvester', 'kubevirt'],
    requires: ['qemuLog'],
    reads: { log: [RLIMIT] },
    messages,
    zh,
  },
  check(host) {
    const said = host.facts.qemuErrors.filter((q) => q.kind === 'dma-map-enomem');
    if (said.length === 0) return [];
    // The kernel's lock-limit line, or libvirt refused raising the limit: memlock-limit reports it (with these lines).
    if (host.log(RLIMIT).length > 0 || host.facts.qemuErrors.some((q) => q.kind === 'memlock')) return [];
    const kubevirt = said.some((q) => KUBEVIRT.test(q.evidence.text));
    return [
      {
        messageId: 'pinFailed',
        data: { kubevirt, kernelLogComplete: host.facts.kernelLogComplete },
        evidence: said.slice(0, 3).map((q) => q.evidence),
        fixes: [],
        devices: [...new Set(said.map((q) => q.bdf).filter((b): b is string => !!b))],
      },
    ];
  },
});
