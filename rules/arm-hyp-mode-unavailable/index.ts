// Arm hosts: the kernel was entered at EL1, not EL2 (hypervisor mode), so KVM cannot initialise and there is no /dev/kvm.
import { defineRule } from '../../src/engine/rule';
import type { Fix } from '../../src/schema/fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'arm-hyp-mode-unavailable';

// arch/arm64/kvm/arm.c kvm_arm_init() (kvm_arch_init() before 6.3; virt/kvm/arm/arm.c for 32-bit Arm before 5.7):
// kvm_info("HYP mode not available\n") when is_hyp_mode_available() is false; kvm_info() prefixes "kvm [%i]: ".
const HYP = /^kvm \[\d+\]: HYP mode not available/;
// arch/arm64/kernel/smp.c hyp_mode_check(): pr_info("CPU: All CPU(s) started at EL%d\n") (EL1: no hypervisor mode).
const AT_EL1 = /^CPU: All CPU\(s\) started at EL1\b/;
const AT_EL2 = /^CPU: All CPU\(s\) started at EL2\b/;
// The same function when CPUs disagree: pr_warn("CPU: CPUs started in inconsistent modes"); KVM then refuses too.
const MIXED = /^CPU: CPUs started in inconsistent modes/;
// kvm_arm_init(): kvm-arm.mode=none on the command line.
const OFF = /^kvm \[\d+\]: KVM disabled from command line/;

function fix(cmdlineOff: boolean): Fix {
  return {
    id: `${ID}/firmware`,
    title: cmdlineOff ? tr('Remove kvm-arm.mode=none from the kernel command line', '从内核命令行删除 kvm-arm.mode=none') : tr('Boot the kernel at EL2', '让内核在 EL2 启动'),
    variant: tr('firmware / boot loader', '固件 / 引导加载程序'),
    recommended: true,
    needsReboot: true,
    needsInitramfs: false,
    warnings: [],
    steps: cmdlineOff
      ? [{ kind: 'manual', description: tr('Remove kvm-arm.mode=none from the boot loader\'s kernel command line (or set kvm-arm.mode=nvhe / protected).', '从引导加载程序的内核命令行删除 kvm-arm.mode=none（或改为 kvm-arm.mode=nvhe / protected）。') }, { kind: 'reboot', description: tr('Boot with the new command line.', '用新的内核命令行启动。') }]
      : [
          { kind: 'manual', description: tr('KVM on Arm needs the boot firmware to enter Linux at EL2. Use firmware / a boot loader that leaves EL2 to Linux (the board vendor\'s UEFI or U-Boot built to stay at EL2); on Snapdragon laptops the Qualcomm hypervisor (Gunyah/QHEE) keeps EL2 and needs a special boot path; phone boot loaders usually never give EL2 away.', 'Arm 上的 KVM 需要启动固件在 EL2 进入 Linux。请使用把 EL2 留给 Linux 的固件 / 引导加载程序（主板厂商的 UEFI，或编译成停留在 EL2 的 U-Boot）；骁龙笔记本上高通的虚拟化层（Gunyah/QHEE）占着 EL2，需要特殊的启动方式；手机的引导加载程序通常不会交出 EL2。') },
          { kind: 'manual', description: tr('If this host is itself a virtual machine (an Arm cloud instance), KVM needs nested virtualisation from the provider or a bare-metal instance.', '如果这台宿主机本身是虚拟机（Arm 云主机），KVM 需要服务商提供嵌套虚拟化，或者改用裸金属实例。') },
          { kind: 'reboot', description: tr('Boot with the new firmware settings.', '用新的固件设置启动。') },
        ],
  };
}

const noKvm = (why: string) =>
  `${why} KVM on Arm can only initialise when Linux owns EL2, so there is no /dev/kvm: QEMU can only emulate, and no device can be passed to a VM. Rebuilding the kernel with CONFIG_KVM does not change this; the boot path does.`;

export const messages = {
  kvmOff: () => 'KVM is switched off on the kernel command line (kvm-arm.mode=none): the kernel printed "KVM disabled from command line" and there is no /dev/kvm.',
  mixedModes: () => noKvm('The CPUs entered the kernel in different exception levels (a firmware bug), and KVM refuses such a system.'),
  atEl1: () =>
    noKvm('The CPUs entered the kernel at EL1, not EL2 (hypervisor mode): the firmware or boot loader kept EL2 for itself or another hypervisor (e.g. Qualcomm\'s Gunyah), or this host is itself a VM.'),
};

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'Arm: the kernel did not start in hypervisor mode (EL2), so KVM is unavailable',
    severity: 'error',
    category: 'environment',
    summary: 'On Arm, KVM needs the CPUs to enter Linux at EL2; booted at EL1 (firmware, boot loader, another hypervisor, or a VM) KVM does not initialise and there is no /dev/kvm.',
    docs: ['https://docs.kernel.org/arch/arm64/booting.html', 'https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['arm', 'arm64', 'aarch64', 'EL2', 'EL1', 'HYP mode', 'hypervisor mode', 'kvm-arm.mode', 'gunyah', 'raspberry pi', '/dev/kvm'],
    consequenceOf: ['running-inside-vm'],
    requires: ['kernelLog'],
    reads: { log: [HYP, AT_EL1, AT_EL2, MIXED, OFF] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    if (!f.kernelLogSeen) return []; // the engine names the missing kernel log
    const hyp = host.log(HYP);
    const el1 = host.log(AT_EL1);
    const mixed = host.log(MIXED);
    const off = host.log(OFF);
    // A log that also says EL2 is another boot's; the HYP line is the one that decides then.
    if (hyp.length === 0 && mixed.length === 0 && off.length === 0 && (el1.length === 0 || host.log(AT_EL2).length > 0)) return [];
    if (off.length && hyp.length === 0 && el1.length === 0) {
      return [{
        messageId: 'kvmOff',
        evidence: off.slice(0, 1).map((l) => l.evidence),
        fixes: [fix(true)],
      }];
    }
    const mixedOnly = mixed.length > 0 && !hyp.length && !el1.length;
    return [{
      ...(mixedOnly ? { messageId: 'mixedModes' as const } : { messageId: 'atEl1' as const }),
      evidence: [...hyp, ...el1, ...mixed].slice(0, 3).map((l) => l.evidence),
      fixes: [fix(false)],
    }];
  },
});
