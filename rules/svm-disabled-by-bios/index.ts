// A4: the firmware disabled AMD SVM (AMD-V) with the SVMDIS bit, so KVM cannot load.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'svm-disabled-by-bios';

// arch/x86/kernel/cpu/amd.c init_amd(): pr_notice_once("SVM disabled (by BIOS) in MSR_VM_CR\n") (and clears the flag);
// arch/x86/kvm/svm/svm.c: "SVM disabled (by BIOS) in MSR_VM_CR" (6.4+: "… on CPU %d") with the kvm_amd: prefix.
const VM_CR = /^(?:kvm_amd: )?SVM disabled \(by BIOS\) in MSR_VM_CR/;
// Old KVM core, vendor-neutral ("kvm: disabled by bios"), and the 5.16-era wording that names the module.
const KVM_GENERIC = /^kvm: (?:disabled by bios|support for 'kvm_amd' disabled by bios)/i;
// Printed by kvm_amd once amd.c has cleared the flag: on its own it also means "no SVM at all" (cpu-virt-ext-absent).
const NOT_SUPPORTED = /^kvm_amd: SVM not supported(?: by CPU \d+)?/;

// A paraphrase of either message: it names KVM/SVM/virtualisation and says the firmware disabled it.
const PARAPHRASE_SUBJECT = /\b(?:kvm|svm|amd-v|virtuali[sz]ation)\b/i;
const PARAPHRASE_BIOS = /\bdisabled (?:by|in) (?:the |my |your )?(?:bios|firmware|uefi)\b/i;

const firmwareFix = () =>
  plainFix(`${ID}/firmware`, tr('Enable SVM Mode in the firmware setup', '在固件设置中开启 SVM Mode'), tr('firmware setup', '固件设置'), [
    { kind: 'manual', description: tr('Enter the firmware setup (Del/F2 at power-on) and set "SVM Mode" (AMD-V, "Virtualization") to Enabled. Save, shut down fully and power on again. If it keeps turning itself off, replace the CMOS battery.', '进入固件设置（开机时按 Del/F2），把 "SVM Mode"（AMD-V、"Virtualization"）设为 Enabled。保存，彻底关机后再开机。如果它总是自己变回关闭，请更换 CMOS 电池。') },
    { kind: 'verify', description: tr('The svm flag is back', 'svm 标志恢复了'), argv: ['grep', '-c', 'svm', '/proc/cpuinfo'] },
    { kind: 'verify', description: tr('kvm_amd loads and /dev/kvm exists', 'kvm_amd 能加载，/dev/kvm 存在'), argv: ['ls', '-l', '/dev/kvm'] },
  ], { needsReboot: true });

export const messages = {
  paraphrase: ({ said, vendorReason }: { said: string; vendorReason: string }) =>
    `You say the kernel log reports that ${said} (a paraphrase: the line itself was not pasted), and the CPU is AMD (${vendorReason}). On AMD that message means the firmware disabled SVM (AMD-V): it set SVMDIS in MSR_VM_CR, the kernel hides the svm flag and kvm_amd cannot load, so there is no /dev/kvm. A firmware update often resets the option. Set "SVM Mode" to Enabled in the firmware setup (often under Advanced > CPU Configuration, or the overclocking/"Tweaker" menu on some boards) and power the machine off completely. To confirm, paste sudo dmesg | grep -i -e svm -e kvm (the kernel's line is "SVM disabled (by BIOS) in MSR_VM_CR" or "kvm: disabled by bios").`,
  modprobeFails: ({ flagsKnown }: { flagsKnown: boolean }) =>
    `modprobe kvm_amd fails with "Operation not supported"${flagsKnown ? ' and the CPU flags have no svm' : ''}: on an AMD CPU (all of them since 2006 have AMD-V) this means the firmware disabled SVM — the kernel then hides the flag and kvm_amd cannot load (no /dev/kvm). Set "SVM Mode" to Enabled in the firmware setup (often under Advanced > CPU Configuration, or the overclocking/"Tweaker" menu on some boards) and power the machine off completely. The boot log line "SVM disabled (by BIOS) in MSR_VM_CR" (sudo dmesg) would confirm it.`,
  kernelSays: () =>
    'The firmware disabled AMD-V: it set the SVMDIS bit in MSR_VM_CR, so the kernel removed the svm CPU flag and kvm_amd cannot load ("SVM not supported", modprobe fails; no /dev/kvm). No kernel setting can undo the lock. Set "SVM Mode" to Enabled in the firmware setup (often under Advanced > CPU Configuration, or the overclocking/"Tweaker" menu on some boards) and power the machine off completely.',
  noBootLog: () => 'no boot log or CPU flags were given (sudo dmesg | grep -i -e svm -e kvm, and /proc/cpuinfo)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'A4',
    title: 'AMD SVM (AMD-V) is disabled in the firmware',
    severity: 'error',
    category: 'environment',
    summary: 'The firmware set SVMDIS in MSR_VM_CR: the kernel hides the svm flag and kvm_amd refuses to load.',
    docs: ['https://www.linux-kvm.org/page/FAQ'],
    keywords: ['svm', 'amd-v', 'SVM Mode', 'disabled by bios', 'MSR_VM_CR', 'kvm_amd', 'Invalid argument'],
    consequenceOf: ['running-inside-vm'],
    // No `requires`: on an Intel host the rule does not apply whatever was given (vtx-disabled-by-bios speaks), and the
    // engine's "could not check" from `requires` cannot see that; the rule says itself when it cannot tell.
    // VM_CR's optional prefix and KVM_GENERIC's /i leave the lane no literal: their messages as written.
    reads: { log: ['SVM disabled (by BIOS) in MSR_VM_CR', '^kvm: disabled by bios', "^kvm: support for 'kvm_amd' disabled by bios", NOT_SUPPORTED] },
    messages,
    zh,
  },
  check(host, ctx) {
    if (host.cpuVendor === 'intel') return []; // vtx-disabled-by-bios speaks for Intel
    const f = host.facts;
    const flags = f.cpu?.flags;
    const vmcr = host.log(VM_CR);
    // The generic line is only ours on a (known) AMD CPU, or when it names kvm_amd.
    const generic = host.log(KVM_GENERIC).filter((l) => /kvm_amd/.test(l.message) || host.cpuVendor === 'amd');
    // cpu-checker's kvm-ok reads the SVMDIS bit itself (rdmsr 0xc0010114 bit 4): "INFO: KVM (svm) is disabled by your BIOS".
    const kvmOk = f.probes.filter((e) => /^INFO: KVM \(svm\) is disabled by your BIOS$/.test(e.text));
    const lines: Evidence[] = [...[...vmcr, ...generic].map((l) => l.evidence), ...kvmOk];
    // kvm_amd fails with EOPNOTSUPP when SVM is missing; practically every AMD CPU since 2006 has it, so on bare metal
    // without the svm flag that means the firmware disabled it.
    const modprobe = f.buildMessages.filter((b) => (b.tool === 'modprobe' || b.tool === 'systemd-modules-load') && b.module === 'kvm_amd' && /Operation not supported/i.test(b.evidence.text));
    const guessed = lines.length === 0 && modprobe.length > 0 && !flags?.includes('svm') && host.virtualMachine !== true;
    // The message only paraphrased in prose ("dmesg reports that KVM is disabled by my bios") on a host known, or
    // said, to be AMD: the same fault, stated by the user rather than shown; a warning that quotes the sentence.
    const said = lines.length === 0 && !guessed && host.cpuVendor === 'amd' && !flags?.includes('svm') ? (f.logParaphrases ?? []).filter((p) => PARAPHRASE_SUBJECT.test(p.message) && PARAPHRASE_BIOS.test(p.message)) : [];
    if (said.length) {
      const vendorEv = f.mentions['cpu-amd'] && host.cpuVendorReason.startsWith('named in prose') ? [f.mentions['cpu-amd']] : [];
      return [
        {
          severity: 'warning',
          messageId: 'paraphrase',
          data: { said: said[0]!.message.replace(/^that /i, ''), vendorReason: host.cpuVendorReason },
          evidence: [...said.map((p) => p.evidence), ...vendorEv],
          fixes: [firmwareFix()],
        },
      ];
    }
    if (lines.length === 0 && !guessed) {
      if (flags && flags.length > 0) return [];
      if (f.kernelLogComplete) return [];
      return ctx.unable('noBootLog');
    }
    const support = host.log(NOT_SUPPORTED).map((l) => l.evidence);
    const flagEv = f.cpu?.evidence.filter((e) => /^flags/i.test(e.text)).slice(0, 1) ?? [];
    return [
      {
        ...(guessed ? { messageId: 'modprobeFails' as const, data: { flagsKnown: !!flags } } : { messageId: 'kernelSays' as const }),
        evidence: [...lines, ...support, ...modprobe.map((b) => b.evidence), ...flagEv],
        fixes: [firmwareFix()],
      },
    ];
  },
});
