// A3: the firmware left Intel VT-x (VMX) disabled and locked, so KVM cannot load.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'vtx-disabled-by-bios';

// arch/x86/kernel/cpu/feat_ctl.c (pr_fmt "x86/cpu: "): "VMX (%s TXT) disabled by BIOS", outside or inside (tboot).
const FEAT_CTL = /^(?:x86\/cpu: )?VMX \((?:outside|inside) TXT\) disabled by BIOS/;
// arch/x86/kvm/vmx/vmx.c: 6.3 "VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL", 6.4+ "… on CPU %d", older
// "VMX is disabled on CPU %d", newest "VMX not fully enabled on CPU %d.  Check kernel logs and/or BIOS".
const KVM_INTEL = /^kvm_intel: (?:VMX not enabled \(by BIOS\) in MSR_IA32_FEAT_CTL|VMX is disabled on CPU \d+|VMX not fully enabled on CPU \d+)/;
// Old generic KVM core wording (vendor-neutral), and the 5.16-era "support for 'kvm_intel' disabled by bios".
const KVM_GENERIC = /^kvm: (?:disabled by bios|support for 'kvm_intel' disabled by bios)/i;

const enable = (how: string, txt: boolean, vendorUnsure: boolean) =>
  `${how} Enable "Intel Virtualization Technology" (VT-x)${txt ? ' together with TXT' : ''} in the firmware setup${vendorUnsure ? ' (on an AMD CPU the setting is "SVM Mode")' : ''}, then power the machine off completely: the MSR is write-once until a reset. A setting that keeps turning itself off points at a flat CMOS battery.`;

export const messages = {
  kernelSays: ({ txt, vendorUnsure }: { txt: boolean; vendorUnsure: boolean }) =>
    enable(`The kernel says the firmware disabled VT-x${txt ? ' for Intel TXT (tboot) launches' : ''}: it locked MSR_IA32_FEAT_CTL without the VMX-enable bit, so the kernel removed the vmx CPU flag and kvm_intel cannot load (no /dev/kvm, no VMs at all).`, txt, vendorUnsure),
  modprobeFails: ({ vendorUnsure }: { vendorUnsure: boolean }) =>
    enable('modprobe kvm_intel fails with "Operation not supported": on a CPU that has VT-x this means the firmware disabled it (the kernel then also hides the vmx flag). If the CPU has no VT-x at all, see cpu-virt-ext-absent.', false, vendorUnsure),
  // Neither CPU flags nor a whole boot log: a filtered log (dmesg | grep …) may have cut the lines out.
  noBootLog: () => 'no boot log or CPU flags were given (sudo dmesg | grep -i -e vmx -e kvm, and /proc/cpuinfo)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'A3',
    title: 'Intel VT-x is disabled in the firmware',
    severity: 'error',
    category: 'environment',
    summary: 'The firmware left VT-x (VMX) off and locked in MSR_IA32_FEAT_CTL; the kernel hides the vmx flag and kvm_intel refuses to load.',
    docs: ['https://docs.kernel.org/virt/kvm/x86/running-nested-guests.html', 'https://www.linux-kvm.org/page/FAQ'],
    keywords: ['vt-x', 'vmx', 'disabled by bios', 'kvm_intel', 'MSR_IA32_FEAT_CTL', 'virtualization technology', 'Operation not supported'],
    consequenceOf: ['running-inside-vm'],
    // No `requires`: on an AMD host the rule does not apply whatever was given (svm-disabled-by-bios speaks), and the
    // engine's "could not check" from `requires` cannot see that; the rule says itself when it cannot tell.
    // FEAT_CTL's optional "x86/cpu: " prefix and KVM_GENERIC's /i leave the lane no literal: their messages as written.
    reads: { log: ['VMX (outside TXT) disabled by BIOS', 'VMX (inside TXT) disabled by BIOS', KVM_INTEL, '^kvm: disabled by bios', "^kvm: support for 'kvm_intel' disabled by bios"] },
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.cpuVendor === 'amd') return []; // svm-disabled-by-bios speaks for AMD
    const f = host.facts;
    const flags = f.cpu?.flags;
    const feat = host.log(FEAT_CTL);
    const kvm = host.log(KVM_INTEL);
    // "kvm: disabled by bios" does not name the vendor: only ours when the CPU is (or may be) Intel.
    const generic = host.log(KVM_GENERIC).filter((l) => /kvm_intel/.test(l.message) || host.cpuVendor !== 'amd');
    // kvm_intel fails with EOPNOTSUPP both when the CPU lacks VMX and when the firmware locked it off.
    const modprobe = f.buildMessages.filter((b) => (b.tool === 'modprobe' || b.tool === 'systemd-modules-load') && b.module === 'kvm_intel' && /Operation not supported/i.test(b.evidence.text));
    // cpu-checker's kvm-ok reads MSR 0x3a itself (locked, VMX outside SMX clear): "INFO: KVM (vmx) is disabled by your BIOS".
    const kvmOk = f.probes.filter((e) => /^INFO: KVM \(vmx\) is disabled by your BIOS$/.test(e.text));
    const lines: Evidence[] = [...[...feat, ...kvm, ...generic].map((l) => l.evidence), ...kvmOk];
    if (lines.length === 0 && modprobe.length === 0) {
      if (flags && flags.length > 0) return []; // vmx present (or absent for another reason: cpu-virt-ext-absent)
      if (f.kernelLogComplete) return [];
      return ctx.unable('noBootLog');
    }
    // A vmx flag means VMX survived feat_ctl's check, so a failed modprobe alone has another cause.
    if (lines.length === 0 && flags?.includes('vmx')) return [];
    if (lines.length === 0 && host.virtualMachine) return [];
    const flagEv = f.cpu?.evidence.filter((e) => /^flags/i.test(e.text)).slice(0, 1) ?? [];
    const vendorUnsure = host.cpuVendor !== 'intel' && feat.length === 0 && kvm.length === 0;
    const txt = feat.some((l) => /inside TXT/.test(l.message));
    return [
      {
        ...(lines.length ? { messageId: 'kernelSays' as const, data: { txt, vendorUnsure } } : { messageId: 'modprobeFails' as const, data: { vendorUnsure } }),
        evidence: [...lines, ...modprobe.map((b) => b.evidence), ...flagEv],
        fixes: [
          plainFix(`${ID}/firmware`, tr('Enable VT-x in the firmware setup', '在固件设置中开启 VT-x'), tr('firmware setup', '固件设置'), [
              { kind: 'manual', description: tr('Enter the firmware setup (Del/F2 at power-on) and enable "Intel Virtualization Technology" / "VT-x" (often under Advanced > CPU Configuration). Save, then shut down fully and power on again (a warm reboot may keep the old lock).', '进入固件设置（开机时按 Del/F2），开启 "Intel Virtualization Technology" / "VT-x"（通常在 Advanced > CPU Configuration 下）。保存，然后彻底关机再开机（热重启可能保留旧的锁定）。') },
              { kind: 'verify', description: tr('The vmx flag is back', 'vmx 标志恢复了'), argv: ['grep', '-c', 'vmx', '/proc/cpuinfo'] },
              { kind: 'verify', description: tr('kvm_intel loads and /dev/kvm exists', 'kvm_intel 能加载，/dev/kvm 存在'), argv: ['ls', '-l', '/dev/kvm'] },
            ], { needsReboot: true }),
        ],
      },
    ];
  },
});
