// svm-disabled-by-bios: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases, cpuinfoPaste } from '../../test/harness';

const ID = 'svm-disabled-by-bios';
const FLAGS = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl cpuid pni';
const AMD = (extra: string) => cpuinfoPaste('AuthenticAMD', 'AMD Ryzen 7 5800X 8-Core Processor', extra ? `${FLAGS} ${extra}` : FLAGS);
const INTEL = (extra: string) => cpuinfoPaste('GenuineIntel', 'Intel(R) Core(TM) i5-12600K', extra ? `${FLAGS} ${extra}` : FLAGS);

type Expect = { severity: 'error'; messageId: 'kernelSays' | 'modprobeFails'; data?: { flagsKnown: boolean } }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted line from init_amd(): SVM disabled (by BIOS) in MSR_VM_CR', text: paste('SVM disabled (by BIOS) in MSR_VM_CR'), expect: [{ severity: 'error', messageId: 'kernelSays' }] },
  { name: 'kvm_amd 6.4+ wording with CPU number (journalctl)', text: paste('Aug 25 22:22:40 Desk kernel: kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 17'), expect: [{ severity: 'error', messageId: 'kernelSays' }] },
  { name: 'kvm_amd older wording without CPU number', text: paste('[   18.608374] kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR'), expect: [{ severity: 'error', messageId: 'kernelSays' }] },
  { name: 'old kernels: "kvm: disabled by bios" on a known AMD host', text: paste(...AMD(''), '$ dmesg | grep kvm', '[    5.619025] kvm: disabled by bios'), expect: [{ severity: 'error', messageId: 'kernelSays' }] },
  { name: '"support for \'kvm_amd\' disabled by bios" names the module', text: paste("[    5.6] kvm: support for 'kvm_amd' disabled by bios"), expect: [{ severity: 'error', messageId: 'kernelSays' }] },
  { name: 'failed modprobe kvm_amd and no svm flag on a Ryzen (dmesg not readable)', text: paste(...AMD(''), '$ sudo modprobe kvm_amd', "modprobe: ERROR: could not insert 'kvm_amd': Operation not supported"), expect: [{ severity: 'error', messageId: 'modprobeFails', data: { flagsKnown: true } }] },
  // Must not fire.
  { name: 'failed modprobe kvm_amd inside a VM (nested virtualisation off)', text: paste(...AMD('hypervisor'), '$ sudo modprobe kvm_amd', "modprobe: ERROR: could not insert 'kvm_amd': Operation not supported"), expect: [] },
  { name: 'AMD with svm in the flags', text: paste(...AMD('svm npt lbrv nrip_save')), expect: [] },
  { name: 'an Intel host', text: paste(...INTEL(''), '$ dmesg', '[    0.09] x86/cpu: VMX (outside TXT) disabled by BIOS'), expect: [] },
  { name: '"kvm_amd: SVM not supported by CPU 1" alone may mean no SVM at all (cpu-virt-ext-absent)', text: paste(...AMD(''), '$ dmesg', '[ 17.1] kvm_amd: SVM not supported by CPU 1'), expect: [] },
  { name: '"kvm: disabled by bios" with the vendor unknown is vtx-disabled-by-bios\'s', text: paste('[   14.3] kvm: disabled by bios'), expect: /no boot log or CPU flags/ },
  // Unknown is not false.
  { name: 'only a command line', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0 root=UUID=abc ro quiet'), expect: /no boot log or CPU flags/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      expect(r.messages[i]).toEqual({ messageId: e.messageId, data: e.data });
      expect(r.findings[i]!.fixes.map((x) => x.id)).toEqual([`${ID}/firmware`]);
    });
  });

  it('fixture: the journal paste fires once with the BIOS, kvm_amd and modprobe lines', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings).toHaveLength(1);
    const ev = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(ev).toContain('SVM disabled (by BIOS) in MSR_VM_CR');
    expect(ev).toContain('SVM not supported by CPU 1');
    expect(ev).toContain("could not insert 'kvm_amd'");
    expect(r.findings[0]!.fixes[0]!.steps.some((s) => s.kind === 'verify' && s.argv?.join(' ') === 'grep -c svm /proc/cpuinfo')).toBe(true);
  });

  it('fixture: lscpu with AMD-V and svm is clean', () => {
    const r = runRule(rule, fixture(`rules/${ID}/clean.txt`));
    expect(r.findings).toEqual([]);
    expect(r.unable).toBeUndefined();
  });
});

describe('svm-disabled-by-bios: the message paraphrased in prose (github.com/QaidVoid/Complete-Single-GPU-Passthrough/issues/19)', () => {
  const SAID = '`dmesg` reports that KVM is disabled by my bios, which would make sense, since i recently performed a bios update.';
  it.each<[string, string, [RegExp, RegExp] | 'none']>([
    ['the paraphrase and "AMD CPU" in prose: a warning quoting both', paste(SAID, 'AMD CPU btw.'), [/KVM is disabled by my bios/, /named in prose only/]],
    ['the paraphrase on a host whose cpuinfo says AMD without svm', paste('```', ...AMD(''), '```', SAID), [/KVM is disabled by my bios/, /from \/proc\/cpuinfo/]],
    ['"the kernel says SVM is disabled in the firmware", Ryzen named', paste('The kernel says SVM is disabled in the firmware. Ryzen 5 3600 here.'), [/SVM is disabled in the firmware/, /./]],
    // Must not fire.
    ['the paraphrase with the vendor unknown (vtx-disabled-by-bios or this: cannot tell)', paste(SAID), 'none'],
    ['the paraphrase on an Intel CPU named in prose', paste(SAID, 'Intel CPU btw.'), 'none'],
    ['the paraphrase, but cpuinfo shows svm (it was enabled since)', paste('```', ...AMD('svm'), '```', SAID), 'none'],
    ['a question about the message', paste('Does dmesg say that KVM is disabled by bios? AMD CPU btw.'), 'none'],
    ['a negated paraphrase', paste("dmesg doesn't say that KVM is disabled by bios. AMD CPU btw."), 'none'],
  ])('%s', (_n, text, want) => {
    const r = runRule(rule, text);
    if (want === 'none') return expect(r.findings).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('warning');
    const m = r.messages[0]! as { messageId: string; data: { said: string; vendorReason: string } };
    expect(m.messageId).toBe('paraphrase');
    expect(m.data.said).toMatch(want[0]);
    expect(m.data.vendorReason).toMatch(want[1]);
    expect(r.findings[0]!.evidence[0]!.text).toMatch(/disabled/);
  });
});

describe('svm-disabled-by-bios: kvm-ok', () => {
  it('kvm-ok reads the MSR itself: "INFO: KVM (svm) is disabled by your BIOS" alone is enough', () => {
    const r = runRule(rule, paste('root@host:~# kvm-ok', 'INFO: /dev/kvm does not exist', 'INFO: Your CPU supports KVM extensions', 'INFO: KVM (svm) is disabled by your BIOS', 'HINT: Enter your BIOS setup and enable Virtualization Technology (VT),', '      and then hard poweroff/poweron your system', 'KVM acceleration can NOT be used'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.evidence.map((e) => e.text)).toContain('INFO: KVM (svm) is disabled by your BIOS');
  });
  it('the other vendor\'s kvm-ok line is not ours', () => {
    expect(runRule(rule, paste('INFO: KVM (vmx) is disabled by your BIOS')).findings).toEqual([]);
  });
});
