// A PCIe GPU given to an i440fx (plain PCI) machine, or Proxmox pcie=1 on a machine that is not q35.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { shortBdf } from '../../src/parse/bdf';
import { vmsOf, vmLabel, isGpu } from '../../src/vm/host-view';
import type { Vm } from '../../src/schema/vm';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vm-pcie-on-i440fx';

export const messages = {
  pcieRefused: ({ vm, devices, machine }: { vm: string; devices: string[]; machine?: string }) =>
    `${vm} sets pcie=1 on ${devices.join(', ')} but its machine is ${machine ?? 'not set (the default, i440fx)'}: Proxmox refuses to start it with "q35 machine model is not enabled".`,
  gpuOnPci: ({ vm, devices, machine }: { vm: string; devices: string[]; machine?: string }) =>
    `${vm} passes the GPU ${devices.join(', ')} to an i440fx machine (${machine ?? 'the default'}), which has no PCIe bus: the guest sees the card without its PCIe link, and newer drivers (AMD's especially) misbehave. q35 is the machine for GPU passthrough.`,
};

// No VM definition in the input: nothing to check (no `requires`), as every VM rule.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'PCIe passthrough on the i440fx machine type',
    severity: 'warning',
    category: 'config',
    summary: 'The VM uses the i440fx (PCI-only) machine: Proxmox refuses pcie=1 there, and a GPU works best on q35 (PCIe).',
    docs: ['https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough', 'https://libvirt.org/pci-addresses.html'],
    keywords: ['i440fx', 'q35', 'machine type', 'pcie=1', 'q35 machine model is not enabled', 'pc-i440fx'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vmsOf(host)) {
      const family = familyOf(vm);
      if (family !== 'i440fx') continue;
      const machineEv = vm.machine?.evidence ?? vm.evidence;
      const pcie = vm.hostdevs.filter((h) => h.pcie);
      const machine = vm.machine ? { machine: vm.machine.value.type } : {};
      if (vm.kind === 'proxmox' && pcie.length) {
        out.push({
          severity: 'error',
          messageId: 'pcieRefused',
          data: { vm: vmLabel(vm), devices: pcie.map((h) => shortBdf(h.bdf)), ...machine },
          evidence: [machineEv, ...pcie.map((h) => h.evidence)],
          devices: pcie.map((h) => h.bdf),
          fixes: [fix(vm, tr('qm set VMID -machine q35 (or drop pcie=1 from the hostpci lines)', 'qm set VMID -machine q35（或者从 hostpci 行中去掉 pcie=1）'))],
        });
        continue;
      }
      // A display controller (by the host's class, or x-vga set on it) is a PCIe GPU in practice.
      const gpus = vm.hostdevs.filter((h) => isGpu(host.device(h.bdf)) || h.xVga?.value);
      if (!gpus.length) continue;
      out.push({
        severity: 'warning',
        messageId: 'gpuOnPci',
        data: { vm: vmLabel(vm), devices: gpus.map((h) => shortBdf(h.bdf)), ...machine },
        evidence: [machineEv, ...gpus.map((h) => h.evidence)],
        devices: gpus.map((h) => h.bdf),
        fixes: [
          fix(
            vm,
            vm.kind === 'libvirt'
              ? tr('Create the VM anew with q35 (virt-install --machine q35, or virt-manager\'s Chipset Q35 before the first start): changing the machine of an existing libvirt domain leaves its controllers and addresses for i440fx', '用 q35 重新创建虚拟机（virt-install --machine q35，或在第一次启动前在 virt-manager 中把芯片组设为 Q35）：修改已有 libvirt 域的机型会留下为 i440fx 准备的控制器和地址')
              : tr('qm set VMID -machine q35, and pcie=1 on the GPU\'s hostpci line; Windows may need its drivers re-detected', 'qm set VMID -machine q35，并在显卡的 hostpci 行上加 pcie=1;Windows 可能需要重新识别驱动'),
          ),
        ],
      });
    }
    return out;
  },
});

/** Proxmox's default machine is pc (i440fx) when the config says none; libvirt always writes one. */
function familyOf(vm: Vm): 'q35' | 'i440fx' | 'other' | undefined {
  if (vm.machine) return vm.machine.value.family;
  return vm.kind === 'proxmox' && vm.complete ? 'i440fx' : undefined;
}

function fix(vm: Vm, what: string) {
  return {
    id: `${ID}/q35`,
    title: tr('Use the q35 machine type', '使用 q35 机型'),
    recommended: true,
    needsReboot: false,
    needsInitramfs: false,
    warnings: vm.kind === 'libvirt' ? [tr('The guest sees new hardware: Windows re-detects its devices.', '虚拟机会看到新硬件：Windows 会重新识别设备。')] : [],
    steps: [{ kind: 'manual' as const, description: what }],
  };
}
