// cpu-virt-ext-absent: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases, cpuinfoPaste } from '../../test/harness';

const FLAGS_BASE = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl cpuid pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm';
const cpuinfo = (vendor: 'GenuineIntel' | 'AuthenticAMD', model: string, extra: string) => cpuinfoPaste(vendor, model, extra ? `${FLAGS_BASE} ${extra}` : FLAGS_BASE, '6');
const INTEL = (extra: string) => cpuinfo('GenuineIntel', 'Intel(R) Core(TM) i7-9700K CPU @ 3.60GHz', extra);
const AMD = (extra: string) => cpuinfo('AuthenticAMD', 'AMD Ryzen 9 7950X 16-Core Processor', extra);

type Expect = { severity: 'error'; messageId: 'absent' | 'firmware' | 'inVm'; fix?: string }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'Intel CPU without vmx and no BIOS line: CPU lacks it or firmware hides it',
    text: paste(...INTEL('')),
    expect: [{ severity: 'error', messageId: 'absent', fix: 'cpu-virt-ext-absent/firmware' }],
  },
  {
    name: 'VT-x disabled in firmware: "x86/cpu: VMX (outside TXT) disabled by BIOS"',
    text: paste(...INTEL(''), '$ sudo dmesg | grep -i vmx', '[    0.091234] x86/cpu: VMX (outside TXT) disabled by BIOS'),
    expect: [{ severity: 'error', messageId: 'firmware', fix: 'cpu-virt-ext-absent/firmware' }],
  },
  {
    name: 'SVM disabled in firmware (AMD): "SVM disabled (by BIOS) in MSR_VM_CR"',
    text: paste(...AMD(''), '$ sudo dmesg | grep -i svm', '[    0.213456] SVM disabled (by BIOS) in MSR_VM_CR', '[   14.002345] kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 0'),
    expect: [{ severity: 'error', messageId: 'firmware', fix: 'cpu-virt-ext-absent/firmware' }],
  },
  {
    name: 'kvm_intel 6.4+ wording: "VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0"',
    text: paste(...INTEL(''), '$ sudo dmesg | grep kvm', '[   11.873341] kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0'),
    expect: [{ severity: 'error', messageId: 'firmware', fix: 'cpu-virt-ext-absent/firmware' }],
  },
  {
    name: 'inside a VM without nested virtualisation: no firmware fix on the guest',
    text: paste(...INTEL('hypervisor')),
    expect: [{ severity: 'error', messageId: 'inVm' }],
  },
  // Must not fire.
  { name: 'Intel with vmx', text: paste(...INTEL('vmx smx est tm2 ept vpid')), expect: [] },
  { name: 'AMD with svm', text: paste(...AMD('svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch npt lbrv nrip_save')), expect: [] },
  { name: 'a nested guest that does get vmx', text: paste(...INTEL('vmx hypervisor ept vpid')), expect: [] },
  {
    name: 'lscpu with "Virtualization: AMD-V" and svm in Flags',
    text: paste('$ lscpu', 'Vendor ID:                AuthenticAMD', 'Model name:               AMD Ryzen 7 5800X 8-Core Processor', 'Virtualization:           AMD-V', `Flags:                    ${FLAGS_BASE} svm npt`),
    expect: [],
  },
  // Unknown is not false: a BIOS line alone does not give the flags.
  { name: 'no /proc/cpuinfo', text: paste('[    0.091234] x86/cpu: VMX (outside TXT) disabled by BIOS'), expect: /no CPU flags/ },
  { name: 'only a command line', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet intel_iommu=on'), expect: /no CPU flags/ },
];

describe('cpu-virt-ext-absent', () => {
  it('without CPU flags, finding nothing is unknown: the engine names the missing input', () => {
    expect(runRule(rule, paste('[    0.091234] x86/cpu: VMX (outside TXT) disabled by BIOS')).missing).toEqual(['cpuFlags']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toEqual({ messageId: e.messageId, data: undefined });
      expect(f.fixes.map((x) => x.id)).toEqual(e.fix ? [e.fix] : []);
      expect(f.evidence.some((ev) => /^flags/.test(ev.text))).toBe(true);
    });
  });

  it('the firmware fix tells the user to power off fully and verifies the flag', () => {
    const r = runRule(rule, paste(...INTEL(''), '$ sudo dmesg', '[    0.091234] x86/cpu: VMX (outside TXT) disabled by BIOS'));
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.text).join('\n')).toContain('x86/cpu: VMX (outside TXT) disabled by BIOS');
    const fix = f.fixes[0]!;
    expect(fix.recommended).toBe(true);
    expect(fix.needsReboot).toBe(true);
    const manual = fix.steps.find((s) => s.kind === 'manual');
    expect(manual?.description).toMatch(/VT-x/);
    expect(manual?.description).toMatch(/Power the machine off fully/);
    const verify = fix.steps.find((s) => s.kind === 'verify');
    expect(verify && verify.kind === 'verify' && verify.argv).toEqual(['grep', '-cE', 'vmx|svm', '/proc/cpuinfo']);
  });
});

describe('cpu-virt-ext-absent: kvm-ok', () => {
  it("kvm-ok's \"Your CPU does not support KVM extensions\" stands for the missing flag (it greps /proc/cpuinfo)", () => {
    const r = runRule(rule, paste('$ kvm-ok', 'INFO: Your CPU does not support KVM extensions', 'KVM acceleration can NOT be used'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.evidence.map((e) => e.text)).toContain('INFO: Your CPU does not support KVM extensions');
  });
  it('virt-host-validate failing "for hardware virtualization" says the same', () => {
    const line = 'QEMU: Checking for hardware virtualization                                 : FAIL (Only emulated CPUs are available, performance will be significantly limited)';
    const r = runRule(rule, paste('ubuntu@ip-10-0-1-199:~$  virt-host-validate qemu', `  ${line}`));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.evidence.map((e) => e.text)).toContain(line);
  });
  it('kvm-ok saying the CPU supports them proves nothing about the flags line here', () => {
    expect(runRule(rule, paste('INFO: /dev/kvm exists', 'KVM acceleration can be used')).findings).toEqual([]);
  });
});
