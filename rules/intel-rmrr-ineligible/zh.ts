// G1 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

export const zh = {
  title: 'RMRR：固件阻止这个设备被直通（Intel，6.5 及更早的内核）',
  summary: '固件为设备保留了一段内存（DMAR 表中的 RMRR），随时可能对它做 DMA，所以 VT-d 拒绝把设备挂到虚拟机上。',
  messages: {
    ineligible: ({ devices, eperm, release }: { devices: string[]; eperm: boolean; release?: string }) =>
      `${devices.length ? `${devices.join('、')} ` : '该设备'}有一段固件保留的内存区域（RMRR），平台随时可能用它做 DMA，所以 VT-d 拒绝把它放进虚拟机的 IOMMU 域${eperm ? '——QEMU 报出的就是 "Failed to set iommu for container: Operation not permitted"' : '（QEMU 随后报 "Operation not permitted"）'}。只有固件能去掉这个 RMRR。USB 和显卡的 RMRR 内核已经放宽处理，这个不在其列。树外的 "relax RMRR" 补丁（intel_iommu=relax_rmrr）确实存在，但它无视了固件的要求。这种报错措辞来自 6.5 及更早的内核${release !== undefined ? `；这个 ${release} 内核对此改为打印 "Firmware has requested this device have a 1:1 IOMMU mapping"（见 firmware-direct-mapping-required）` : '；6.6 及更新的内核对同一问题打印 "Firmware has requested this device have a 1:1 IOMMU mapping"'}。`,
    onlyQemuLines: () => '没有给出启动虚拟机时的内核日志（sudo dmesg | grep -i rmrr）',
  },
} satisfies RuleZh<typeof messages>;
