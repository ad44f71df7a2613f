// Table-driven tests for vm-memory-over-memlock: libvirt's hard limit, and a hand-started QEMU's logged limit.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { ruleCases, hostFrom, paste } from '../../test/harness';
import { runRules } from '../../src/engine/run';
import { domainPaste } from '../../test/vm-pastes';
import type { Vm } from '../../src/schema/vm';

const GiB = 1024 * 1024;
const cases: { name: string; text: string; expect: { severity: string; short: boolean } | 'none' | RegExp }[] = [
  { name: 'hard_limit 4 GiB for 8 GiB of memory', text: domainPaste({ hardLimitKiB: 4 * GiB }), expect: { severity: 'error', short: true } },
  { name: 'hard_limit 8.5 GiB: above memory, below libvirt’s own memory + 1 GiB', text: domainPaste({ hardLimitKiB: 8.5 * GiB }), expect: { severity: 'warning', short: false } },
  { name: 'hard_limit with <locked/>: the hard limit still rules (qemumemlocktest)', text: domainPaste({ hardLimitKiB: 2 * GiB, locked: true }), expect: { severity: 'error', short: true } },
  // Must not fire.
  { name: 'hard_limit 9 GiB', text: domainPaste({ hardLimitKiB: 9 * GiB }), expect: 'none' },
  { name: 'no hard_limit: libvirt sets memory + 1 GiB itself', text: domainPaste(), expect: 'none' },
  { name: 'no hard_limit, even with the kernel line (a libvirt VM)', text: domainPaste() + paste('$ dmesg', '[ 100.1] vfio_pin_pages_remote: RLIMIT_MEMLOCK (65536) exceeded'), expect: 'none' },
];

describe('vm-memory-over-memlock', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe(e.severity);
    expect((r.messages[0]! as { data: { short: boolean } }).data.short).toBe(e.short);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toMatch(/hard_limit/);
  });

  // A QEMU started by hand (the VM model's kinds beyond libvirt and Proxmox): only the kernel's logged limit is known.
  const qemuVm = (memKiB: number): Vm => ({ kind: 'qemu' as Vm['kind'], complete: true, memoryKiB: { value: memKiB, evidence: { source: 'ps', line: 1, text: `-m ${memKiB / 1024}` } }, hostdevs: [{ bdf: '0000:01:00.0', evidence: { source: 'ps', line: 1, text: '-device vfio-pci,host=01:00.0' } }], evidence: { source: 'ps', line: 1, text: 'qemu-system-x86_64' } });
  const run = (vms: Vm[], log: string) => {
    const host = hostFrom(paste('$ dmesg', log));
    host.facts.vms = vms;
    return runRules([rule], host, { live: false }).findings;
  };
  it('a hand-started QEMU with 8 GiB under a 64 MiB limit', () => {
    const f = run([qemuVm(8 * GiB)], '[ 100.1] vfio_pin_pages_remote: RLIMIT_MEMLOCK (67108864) exceeded');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/8 GiB of memory.*only 64 MiB/);
  });
  it('no logged limit, or a Proxmox VM (root QEMU, CAP_IPC_LOCK): nothing', () => {
    expect(run([qemuVm(8 * GiB)], '[ 1.0] pci 0000:01:00.0: [10de:1b81] type 00 class 0x030000')).toEqual([]);
    expect(run([{ ...qemuVm(8 * GiB), manager: 'proxmox' } as Vm], '[ 100.1] vfio_pin_pages_remote: RLIMIT_MEMLOCK (67108864) exceeded')).toEqual([]);
    expect(run([{ ...qemuVm(8 * GiB), kind: 'proxmox' }], '[ 100.1] vfio_pin_pages_remote: RLIMIT_MEMLOCK (67108864) exceeded')).toEqual([]);
  });
});
