// split-lock-mitigation: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'split-lock-mitigation';
const VCPU = '[ 1832.412001] x86/split lock detection: #AC: CPU 0/KVM/88279 took a split_lock trap at address: 0xfffff80104613be8';
const JOURNAL = 'Apr 15 09:20:19 myhost kernel: x86/split lock detection: #AC: CPU 0/KVM/5677 took a split_lock trap at address: 0x56339a9888c3';
const QEMU = 'x86/split lock detection: #AC: qemu-system-x86/4185 took a split_lock trap at address: 0x699e4dc1';
const FATAL = '[  212.03] x86/split lock detection: #AC: CPU 1/KVM/4410 fatal split_lock trap at address: 0xfffff8047a1c2d10';
const TAGGED = '[ 99.5] x86/split lock detection: #AC: CPU 12/KVM/3001 (guest) took a split_lock trap at address: 0x7efb5050';
const STEAM = '[ 4000.1] x86/split lock detection: #AC: CHTTPClientThre/90929 took a split_lock trap at address: 0xf098fc4f';
const BOOT_WARN = '[    0.000000] x86/split lock detection: #AC: crashing the kernel on kernel split_locks and warning on user-space split_locks';

type Expect = { severity: 'error' | 'warning'; threads: string[]; fixes: string[]; notFixes?: string[] }[];
const cases: { name: string; text: string; expect: Expect | 'none' | RegExp }[] = [
  { name: 'a vCPU thread in dmesg', text: paste(BOOT_WARN, VCPU), expect: [{ severity: 'warning', threads: ['CPU 0/KVM/88279'], fixes: ['grub', 'sysctl'] }] },
  { name: 'the journal form (Proxmox wiki line)', text: paste(JOURNAL), expect: [{ severity: 'warning', threads: ['CPU 0/KVM/5677'], fixes: ['sysctl'] }] },
  { name: 'QEMU\'s main thread, pasted without a stamp', text: paste(QEMU), expect: [{ severity: 'warning', threads: ['qemu-system-x86/4185'], fixes: ['sysctl'] }] },
  { name: 'the (guest) tag of the patched wording', text: paste(TAGGED), expect: [{ severity: 'warning', threads: ['CPU 12/KVM/3001'], fixes: ['sysctl'] }] },
  { name: 'fatal mode killed the VM', text: paste(FATAL), expect: [{ severity: 'error', threads: ['CPU 1/KVM/4410'], fixes: ['grub'], notFixes: ['sysctl'] }] },
  { name: 'several vCPU threads are named once each, at most three', text: paste(VCPU, VCPU.replace('CPU 0/KVM/88279', 'CPU 1/KVM/88280'), VCPU.replace('CPU 0/KVM/88279', 'CPU 2/KVM/88281'), VCPU.replace('CPU 0/KVM/88279', 'CPU 3/KVM/88282'), VCPU), expect: [{ severity: 'warning', threads: ['CPU 0/KVM/88279', 'CPU 1/KVM/88280', 'CPU 2/KVM/88281', 'CPU 3/KVM/88282'], fixes: ['grub'] }] },
  // Must not fire.
  { name: 'a desktop program\'s trap is not a VM problem', text: paste(BOOT_WARN, STEAM), expect: 'none' },
  { name: 'split_lock_detect=off on the command line: the traps are from another boot', text: paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz-6.8.0 root=UUID=abc ro split_lock_detect=off', '$ journalctl -k | grep split', JOURNAL), expect: 'none' },
  { name: 'the boot log says detection is disabled', text: paste('[    0.000000] x86/split lock detection: disabled', VCPU), expect: 'none' },
  { name: 'only the boot mode line', text: paste(BOOT_WARN), expect: 'none' },
  { name: 'a long comm-like run does not match (bounded name)', text: paste(`[ 1.0] x86/split lock detection: #AC: ${'CPU 0/KVM/'.repeat(5)}1 took a split_lock trap at address: 0x1`), expect: 'none' },
  // Unknown is not false.
  { name: 'only lspci', text: paste('01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)'), expect: /no kernel log/ },
];

describe(ID, () => {
  it('names at most three threads, then an ellipsis', () => {
    expect(rule.meta.messages!.slowed!({ threads: ['a/1', 'b/2', 'c/3', 'd/4'] } as never)).toContain('(a/1, b/2, c/3, …)');
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toEqual({ messageId: e.severity === 'error' ? 'fatal' : 'slowed', data: { threads: e.threads } });
      const ids = f.fixes.map((x) => x.id.replace(`${ID}/`, ''));
      for (const x of e.fixes) expect(ids).toContain(x);
      for (const x of e.notFixes ?? []) expect(ids).not.toContain(x);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.evidence.length).toBeLessThanOrEqual(3);
    });
  });

  it('the command-line fix is the recommended one and adds split_lock_detect=off', () => {
    const f = runRule(rule, paste(VCPU)).findings[0]!;
    const rec = f.fixes.find((x) => x.recommended)!;
    expect(rec.id).not.toBe(`${ID}/sysctl`);
    const edit = rec.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.op?.type === 'cmdline' && edit.op.add).toEqual(['split_lock_detect=off']);
  });

  it('the sysctl variant changes the running kernel only through sysctl, never writes a file itself', () => {
    const s = runRule(rule, paste(VCPU)).findings[0]!.fixes.find((x) => x.id === `${ID}/sysctl`)!;
    expect(s.needsReboot).toBe(false);
    expect(s.steps.some((x) => x.kind === 'edit')).toBe(false);
    expect(s.steps.find((x) => x.kind === 'command')).toMatchObject({ argv: ['sysctl', '-w', 'kernel.split_lock_mitigate=0'] });
  });

  it('a long line of slashes and digits is read in linear time', () => {
    const line = `x86/split lock detection: #AC: ${'1/'.repeat(50_000)}x`;
    const t = Date.now();
    expect(runRule(rule, paste(`[ 1.0] ${line}`)).findings).toEqual([]);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('fixture: the Proxmox journal fires once with the vCPU lines', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(r.findings[0]!.evidence.map((e) => e.text).join('\n')).toContain('CPU 3/KVM/5680');
  });

  it('fixture: the host with split_lock_detect=off is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
