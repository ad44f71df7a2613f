// A VM's vCPU threads trip the host's split lock detection: the kernel slows them down (or kills the VM in fatal mode).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Fix } from '../../src/schema/fix';
import type { Host } from '../../src/facts/host';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'split-lock-mitigation';

// arch/x86/kernel/cpu/bus_lock.c (intel.c before 6.13), pr_fmt "x86/split lock detection: ":
//   split_lock_warn():          "#AC: %s/%d took a split_lock trap at address: 0x%lx" (warn mode, the default)
//   handle_guest_split_lock():  "#AC: %s/%d %s split_lock trap at address: 0x%lx" with "fatal" or "bogus" (SIGBUS)
// A posted patch tags the task as "(guest)" / "(user)" before "took" or "split_lock": read with or without it.
// %s is the task's comm (at most 15 characters, may hold "/": QEMU names vCPU threads "CPU %d/KVM"), so it is bounded.
const TRAP = /^x86\/split lock detection: #AC: (.{1,15})\/(\d+) (?:\((?:guest|user)\) )?(took a|fatal|bogus) (?:\((?:guest|user)\) )?split_lock trap at address: 0x[0-9a-f]+/;
// QEMU's vCPU threads (accel/kvm/kvm-accel-ops.c: "CPU %d/KVM"), QEMU itself, and the patch's "(guest)" tag.
const VCPU = /^CPU \d+\/KVM$|^qemu/;
// The boot line that says what the mode is ("x86/split lock detection: #AC: crashing the kernel on kernel split_locks
// and warning on user-space split_locks" in warn mode): sld_state_show().
const MODE_OFF = /^x86\/split lock detection: disabled$/;

interface Trap { comm: string; pid: string; kind: string; guest: boolean }

function parse(message: string): Trap | undefined {
  const m = TRAP.exec(message);
  if (!m) return undefined;
  return { comm: m[1]!, pid: m[2]!, kind: m[3]!, guest: /\(guest\)/.test(message) || VCPU.test(m[1]!) };
}

function fixes(host: Host, fatal: boolean): Fix[] {
  const title = tr('Switch split lock detection off (split_lock_detect=off)', '关闭 split lock 检测（split_lock_detect=off）');
  const out = cmdlineFixes(host, ID, title, { add: ['split_lock_detect=off'] });
  if (fatal) return out;
  out.push({
    id: `${ID}/sysctl`,
    title: tr('Keep the warning, drop the slowdown (kernel.split_lock_mitigate=0, Linux 6.2+)', '保留警告、去掉减速（kernel.split_lock_mitigate=0,Linux 6.2+）'),
    variant: tr('sysctl (no reboot)', 'sysctl（无需重启）'),
    recommended: false,
    needsReboot: false,
    needsInitramfs: false,
    warnings: [tr('A guest that split-locks often still slows the other cores (the bus lock is real); this only stops the kernel from adding its 10 ms sleep.', '频繁 split lock 的虚拟机仍会拖慢其他核心（总线锁是真实存在的）；这只是让内核不再额外睡眠 10 ms。')],
    steps: [
      { kind: 'command', argv: ['sysctl', '-w', 'kernel.split_lock_mitigate=0'], description: tr('Stop the deliberate slowdown now (until reboot)', '立即停止人为减速（重启前有效）'), root: true },
      { kind: 'manual', description: tr('To keep it: put the line "kernel.split_lock_mitigate = 0" into a file in /etc/sysctl.d/ (e.g. 99-split-lock.conf).', '要永久生效：把 "kernel.split_lock_mitigate = 0" 这一行写进 /etc/sysctl.d/ 下的一个文件（例如 99-split-lock.conf）。') },
      { kind: 'verify', description: tr('The mitigation is off', '缓解措施已关闭'), argv: ['cat', '/proc/sys/kernel/split_lock_mitigate'], expect: '0' },
    ],
  });
  return out;
}

const named = (threads: string[]) => `${threads.slice(0, 3).join(', ')}${threads.length > 3 ? ', …' : ''}`;
export const messages = {
  fatal: ({ threads }: { threads: string[] }) =>
    `The host runs split lock detection in a mode other than warn (split_lock_detect=fatal or ratelimit) and a VM's vCPU (${threads.slice(0, 3).join(', ')}) split-locked: the kernel sent it SIGBUS, which kills QEMU. Guests (Windows above all) do split-locked atomics; in a VM host use split_lock_detect=off (or the default warn mode).`,
  slowed: ({ threads }: { threads: string[] }) =>
    `QEMU's vCPU threads (${named(threads)}) took split lock traps. A split lock is an atomic access across two cache lines that locks the whole memory bus; in its default "warn" mode the kernel logs it and, since Linux 5.19, makes the offending thread sleep 10 ms and run alone each time. For a VM that is a vCPU freezing for milliseconds: stutter in games, audio crackle, high DPC latency in Windows. The warning is rate-limited, so a few lines can stand for many more slowdowns. split_lock_detect=off on the host command line removes both; kernel.split_lock_mitigate=0 (6.2+) keeps the warning and drops the slowdown. On a host that runs untrusted VMs keep the mitigation: it is a defence against a denial of service.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'Split lock detection slows down (or kills) the VM',
    severity: 'warning',
    category: 'resources',
    summary: 'The guest performs split-locked atomic accesses; the host kernel traps each one and, since 5.19, sleeps the vCPU for 10 ms: stutter, audio crackle, high DPC latency (in fatal mode the VM is killed).',
    docs: ['https://pve.proxmox.com/wiki/Split_lock_detection', 'https://docs.kernel.org/admin-guide/kernel-parameters.html', 'https://docs.kernel.org/admin-guide/sysctl/kernel.html'],
    keywords: ['split lock', 'split_lock', 'split_lock_detect', 'split_lock_mitigate', '#AC', 'stutter', 'dpc latency', 'audio crackle', 'lag', 'slow vm'],
    requires: ['kernelLogAfterVm'],
    reads: { log: [TRAP, MODE_OFF] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const traps = host.log(TRAP).map((l) => ({ l, t: parse(l.message)! }));
    const vm = traps.filter((x) => x.t.guest);
    if (vm.length === 0) return [];
    // With split_lock_detect=off there is no trap to take: the lines are from another boot.
    const off = f.cmdline?.params.find((p) => p.key === 'split_lock_detect' && /^off$/i.test(p.value ?? ''));
    if (off || host.log(MODE_OFF).length) return [];
    const fatal = vm.filter((x) => x.t.kind === 'fatal' || x.t.kind === 'bogus');
    const threads = [...new Set(vm.map((x) => `${x.t.comm}/${x.t.pid}`))];
    const out: DraftOf<typeof messages>[] = [];
    if (fatal.length) {
      out.push({
        severity: 'error',
        messageId: 'fatal',
        data: { threads },
        evidence: fatal.slice(0, 3).map((x) => x.l.evidence),
        fixes: fixes(host, true),
      });
      return out;
    }
    out.push({
      messageId: 'slowed',
      data: { threads },
      evidence: vm.slice(0, 3).map((x) => x.l.evidence),
      fixes: fixes(host, false),
    });
    return out;
  },
});
