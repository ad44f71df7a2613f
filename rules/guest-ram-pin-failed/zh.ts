// Guest RAM pinning failures, in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'VFIO 无法锁定虚拟机内存（内存不足）',
  summary: '设备直通要把虚拟机的全部内存锁定在宿主机内存中；QEMU 的 VFIO_MAP_DMA 以 "Cannot allocate memory" 失败，又没有迹象表明是触到了锁定内存上限，说明宿主机或 QEMU 所在的容器/pod 内存不够分给虚拟机。',
  messages: {
    pinFailed: ({ kubevirt, kernelLogComplete }: { kubevirt: boolean; kernelLogComplete: boolean }) =>
      [
        'QEMU 无法为设备 DMA 映射虚拟机内存：VFIO_IOMMU_MAP_DMA 以 "Cannot allocate memory" 失败。设备直通会在整个运行期间把虚拟机的每一页内存都锁定在宿主机内存里（不能换出，也不能用 balloon 收回），所以虚拟机没有启动。',
        kubevirt
          ? '在 KubeVirt/Harvester 中，锁定的内存记在虚拟机的 virt-launcher pod 名下：开启内存超分（Harvester 的 overcommit-config，内存默认 150%）时，虚拟机申请的内存少于它的虚拟机内存，而带宿主机设备的虚拟机启动时需要把内存全部锁定，内存较大的虚拟机就会锁定失败。请把内存比例设为 100%（Harvester:Advanced → Settings → overcommit-config），或者在 spec.template.spec.domain.resources 里给这类虚拟机申请完整的内存。'
          : '宿主机，或 QEMU 所在的 cgroup/容器，没有足够的空闲内存来锁定虚拟机的全部内存：请减少虚拟机内存或释放宿主机内存（为虚拟机预留大页也有帮助）。',
        kernelLogComplete
          ? '给出的内核日志里没有 "vfio_pin_pages_remote: RLIMIT_MEMLOCK (…) exceeded" 这一行，所以不是 QEMU 的锁定内存上限造成的。'
          : '如果 QEMU 以非特权用户运行，它的锁定内存上限（RLIMIT_MEMLOCK）也会导致同样的错误：那时内核会记录 "vfio_pin_pages_remote: RLIMIT_MEMLOCK (…) exceeded"（用 sudo dmesg | grep MEMLOCK 查看）。',
      ].join(''),
  },
} satisfies RuleZh<typeof messages>;
