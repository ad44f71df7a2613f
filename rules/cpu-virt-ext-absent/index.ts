// A2: no vmx/svm flag: the CPU (or, in a VM, the hypervisor) does not offer hardware virtualisation.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'cpu-virt-ext-absent';

// The kernel's words when firmware turned VT-x / SVM off (arch/x86/kernel/cpu/feat_ctl.c, arch/x86/kvm/svm/svm.c).
const BIOS = /VMX \(outside TXT\) disabled by BIOS|VMX not enabled \(by BIOS\)|SVM disabled \(by BIOS\)|kvm: disabled by bios/i;

export const messages = {
  inVm: () =>
    'The CPU flags have neither vmx nor svm: the hypervisor running this VM does not pass hardware virtualisation through (nested virtualisation is off). That only matters for nested setups; real passthrough is set up on the physical host.',
  firmware: () =>
    'The CPU flags have neither vmx nor svm because the firmware disabled hardware virtualisation (the kernel clears the flag then). Enable "Intel Virtualization Technology (VT-x)" or "SVM Mode" in the firmware setup; a full power-off may be needed.',
  absent: () =>
    'The CPU flags have neither vmx (Intel VT-x) nor svm (AMD-V). Either the CPU lacks them or the firmware disabled them (the kernel then hides the flag). Enable VT-x / SVM Mode in the firmware setup and check the CPU model.',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'A2',
    title: 'The CPU shows no VT-x / AMD-V',
    severity: 'error',
    category: 'environment',
    summary: 'Without the vmx (Intel) or svm (AMD) CPU flag KVM cannot run VMs at all.',
    docs: ['https://www.linux-kvm.org/page/FAQ'],
    keywords: ['vmx', 'svm', 'vt-x', 'amd-v', 'virtualization', 'cpu flags'],
    consequenceOf: ['running-inside-vm', 'vtx-disabled-by-bios', 'svm-disabled-by-bios'],
    // kvm-ok's or virt-host-validate's verdict stands for the flags, but only the flags show their presence.
    requires: ['cpuFlags'],
    reads: { log: ['VMX (outside TXT) disabled by BIOS', 'VMX not enabled (by BIOS)', 'SVM disabled (by BIOS)', 'kvm: disabled by bios'] },
    messages,
    zh,
  },
  check(host) {
    const flags = host.facts.cpu?.flags;
    // cpu-checker's kvm-ok greps the flags line of /proc/cpuinfo for vmx|svm and says so when neither is there.
    // libvirt's virt-host-validate (virt-host-validate-qemu.c virHostValidateQEMU) fails "for hardware virtualization"
    // when the flags have neither svm nor vmx: "Only emulated CPUs are available, …".
    const kvmOk = host.facts.probes.filter((e) => /^INFO: Your CPU does not support KVM extensions$|^\s*QEMU: Checking for hardware virtualization\s*: FAIL\b/.test(e.text));
    if ((!flags || flags.length === 0) && kvmOk.length === 0) return []; // the engine names the missing CPU flags
    if (flags?.includes('vmx') || flags?.includes('svm')) return [];
    // Firmware-disabled VT-x/SVM also clears the flag; the BIOS rules say that more precisely.
    const bios = host.log(BIOS);
    const vm = host.virtualMachine === true;
    const cpuEv = host.facts.cpu?.evidence.filter((e) => /flags/i.test(e.text)).slice(0, 1) ?? [];
    return [
      {
        ...(vm ? { messageId: 'inVm' as const } : bios.length ? { messageId: 'firmware' as const } : { messageId: 'absent' as const }),
        evidence: [...cpuEv, ...kvmOk.slice(0, 1), ...bios.map((l) => l.evidence)],
        fixes: vm
          ? []
          : [
              plainFix(`${ID}/firmware`, tr('Enable hardware virtualisation in the firmware', '在固件中开启硬件虚拟化'), tr('firmware setup', '固件设置'), [
                  { kind: 'manual', description: tr('In the firmware setup enable "Intel Virtualization Technology (VT-x)" (Intel) or "SVM Mode" (AMD). Power the machine off fully afterwards: the setting is locked until a reset.', '在固件设置里开启 "Intel Virtualization Technology (VT-x)"（Intel）或 "SVM Mode"（AMD）。之后把机器彻底断电一次：在机器完全重置之前，这个设置是锁定的。') },
                  { kind: 'verify', description: tr('The flag is back', 'CPU 标志重新出现'), argv: ['grep', '-cE', 'vmx|svm', '/proc/cpuinfo'] },
                ], { needsReboot: true }),
            ],
      },
    ];
  },
});
