// vtx-disabled-by-bios: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases, cpuinfoPaste } from '../../test/harness';

const ID = 'vtx-disabled-by-bios';
const FLAGS = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx pdpe1gb rdtscp lm constant_tsc pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm';
const INTEL = (extra: string) => cpuinfoPaste('GenuineIntel', 'Intel(R) Core(TM) i7-9700K CPU @ 3.60GHz', extra ? `${FLAGS} ${extra}` : FLAGS);
const AMD = (extra: string) => cpuinfoPaste('AuthenticAMD', 'AMD Ryzen 9 7950X 16-Core Processor', extra ? `${FLAGS} ${extra}` : FLAGS);

type Expect = { severity: 'error'; messageId: 'kernelSays' | 'modprobeFails'; data: { txt?: boolean; vendorUnsure?: boolean } }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted line: x86/cpu: VMX (outside TXT) disabled by BIOS', text: paste('x86/cpu: VMX (outside TXT) disabled by BIOS'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: false, vendorUnsure: false } }] },
  { name: 'kvm_intel 6.4+ wording with CPU number', text: paste('[  808.026917] kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: false, vendorUnsure: false } }] },
  { name: 'kvm_intel 6.3 wording without CPU number', text: paste('[   11.873341] kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: false, vendorUnsure: false } }] },
  { name: 'pre-6.3 kvm_intel wording "VMX is disabled on CPU 3"', text: paste('[   12.001] kvm_intel: VMX is disabled on CPU 3'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: false } }] },
  { name: 'old kernels: "kvm: disabled by bios" on an Intel host', text: paste(...INTEL(''), '$ dmesg | grep kvm', '[   14.309286] kvm: disabled by bios'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: false } }] },
  { name: '"kvm: disabled by bios" with the vendor unknown names both settings', text: paste('[   14.309286] kvm: disabled by bios'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: false, vendorUnsure: true } }] },
  { name: 'TXT (tboot) variant', text: paste('[    0.091] x86/cpu: VMX (inside TXT) disabled by BIOS'), expect: [{ severity: 'error', messageId: 'kernelSays', data: { txt: true } }] },
  { name: 'failed modprobe alone (no vmx flag known)', text: paste('$ sudo modprobe kvm_intel', "modprobe: ERROR: could not insert 'kvm_intel': Operation not supported"), expect: [{ severity: 'error', messageId: 'modprobeFails', data: { vendorUnsure: true } }] },
  // Must not fire.
  { name: 'Intel with vmx in the flags', text: paste(...INTEL('vmx smx est ept vpid')), expect: [] },
  { name: 'an AMD host (svm-disabled-by-bios speaks)', text: paste(...AMD(''), '$ dmesg', '[    0.213456] SVM disabled (by BIOS) in MSR_VM_CR'), expect: [] },
  { name: '"kvm: disabled by bios" on a known AMD host is not ours', text: paste(...AMD(''), '$ dmesg', '[   14.309286] kvm: disabled by bios'), expect: [] },
  { name: '"VMX not supported by CPU" means the CPU lacks it, not the firmware', text: paste(...INTEL(''), '$ dmesg', '[   11.8] kvm_intel: VMX not supported by CPU 0'), expect: [] },
  { name: 'a failed modprobe with vmx present has another cause', text: paste(...INTEL('vmx ept'), '$ sudo modprobe kvm_intel', "modprobe: ERROR: could not insert 'kvm_intel': Operation not supported"), expect: [] },
  { name: 'a whole boot log without the lines', text: paste('[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP', '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=abc ro quiet', '[    0.512345] DMAR: Intel(R) Virtualization Technology for Directed I/O'), expect: [] },
  // Unknown is not false.
  { name: 'only lspci', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /no boot log or CPU flags/ },
  { name: 'a filtered log about something else', text: paste('$ sudo dmesg | grep vfio', '[    3.2] vfio-pci 0000:01:00.0: vgaarb: deactivate vga console'), expect: /no boot log or CPU flags/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      expect(r.messages[i]).toMatchObject({ messageId: e.messageId, data: e.data });
      expect(r.findings[i]!.fixes.map((x) => x.id)).toEqual([`${ID}/firmware`]);
      expect(r.findings[i]!.evidence.length).toBeGreaterThan(0);
    });
  });

  it('fixture: the forum paste fires once with all three lines as evidence', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings).toHaveLength(1);
    const ev = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(ev).toContain('VMX (outside TXT) disabled by BIOS');
    expect(ev).toContain('MSR_IA32_FEAT_CTL');
    expect(ev).toContain("could not insert 'kvm_intel'");
    const steps = r.findings[0]!.fixes[0]!.steps;
    expect(steps.some((s) => s.kind === 'verify' && s.argv?.join(' ') === 'grep -c vmx /proc/cpuinfo')).toBe(true);
  });

  it('fixture: a working Intel host is clean', () => {
    const r = runRule(rule, fixture(`rules/${ID}/clean.txt`));
    expect(r.findings).toEqual([]);
    expect(r.unable).toBeUndefined();
  });

  it('is a consequence of running inside a VM', () => {
    expect(rule.meta.consequenceOf).toContain('running-inside-vm');
  });
});

describe('vtx-disabled-by-bios: kvm-ok', () => {
  it('kvm-ok reads the MSR itself: "INFO: KVM (vmx) is disabled by your BIOS" alone is enough', () => {
    const r = runRule(rule, paste('root@host:~# kvm-ok', 'INFO: /dev/kvm does not exist', 'INFO: Your CPU supports KVM extensions', 'INFO: KVM (vmx) is disabled by your BIOS', 'HINT: Enter your BIOS setup and enable Virtualization Technology (VT),', '      and then hard poweroff/poweron your system', 'KVM acceleration can NOT be used'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.evidence.map((e) => e.text)).toContain('INFO: KVM (vmx) is disabled by your BIOS');
  });
  it('the other vendor\'s kvm-ok line is not ours', () => {
    expect(runRule(rule, paste('INFO: KVM (svm) is disabled by your BIOS')).findings).toEqual([]);
  });
});
