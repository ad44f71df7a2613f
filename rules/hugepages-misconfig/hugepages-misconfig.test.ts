// Table-driven tests for hugepages-misconfig (I3): cmdline request vs /proc/meminfo / sysfs, HugeTLB boot messages.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const CMD = (extra: string) => `BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet ${extra}`;

const cases: { name: string; text: string; expect: { problems: Record<string, unknown>[]; vmOnly?: boolean; fix: RegExp } | 'none' | RegExp }[] = [
  { name: '28 × 1 GiB asked, 24 allocated (fixture)', text: fixture('rules/hugepages-misconfig/fires.txt'), expect: { problems: [{ kind: 'failed', got: 24, asked: 28, size: '1.00 GiB' }, { kind: 'vmAlloc', noneAsked: false }], fix: /^hugepages-misconfig\/grub$/ } },
  { name: 'a single HugeTLB failure line (with timestamp)', text: paste('[    0.052214] HugeTLB: allocating 16 of page size 1.00 GiB failed.  Only allocated 3 hugepages.'), expect: { problems: [{ kind: 'failed', got: 3, asked: 16 }], fix: /^hugepages-misconfig\/plan$/ } },
  { name: 'node variant of the failure line', text: paste('[    0.052214] HugeTLB: allocating 8 of page size 1.00 GiB failed node0.  Only allocated 2 hugepages.'), expect: { problems: [{ kind: 'failed', got: 2, asked: 8 }], fix: /^hugepages-misconfig\// } },
  { name: 'unsupported size', text: paste(CMD('hugepagesz=1G hugepages=8'), '[    0.000000] HugeTLB: unsupported hugepagesz=1G'), expect: { problems: [{ kind: 'unsupported', size: '1G' }], fix: /^hugepages-misconfig\/plan$/ } },
  { name: 'meminfo shows fewer pages than asked (2 MiB default)', text: paste(CMD('hugepages=8192'), '$ grep -i huge /proc/meminfo', 'HugePages_Total:    4096', 'Hugepagesize:       2048 kB'), expect: { problems: [{ kind: 'short', asked: 8192, size: '2 MiB', reserved: 4096 }], fix: /^hugepages-misconfig\/plan$/ } },
  { name: 'sysfs count for a non-default size', text: paste(CMD('hugepagesz=1G hugepages=16'), '$ grep . /sys/kernel/mm/hugepages/*/nr_hugepages', '/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages:0', '/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:0'), expect: { problems: [{ kind: 'short', asked: 16, size: '1 GiB', reserved: 0 }], fix: /^hugepages-misconfig\// } },
  // Other layers' words (README: Messages matched).
  { name: 'QEMU via libvirt, in inline code: unable to map backing store … Cannot allocate memory', text: paste('`error: internal error: process exited while connecting to monitor: 2020-09-22T07:50:21.840304Z qemu-kvm: unable to map backing store for guest RAM: Cannot allocate memory`'), expect: { problems: [{ kind: 'vmAlloc', noneAsked: true }], vmOnly: true, fix: /^hugepages-misconfig\/plan$/ } },
  { name: 'QEMU error with the command line: pool asked for but short', text: paste(CMD('hugepages=4096'), 'qemu-system-x86_64: -object memory-backend-file,id=ram-node0,prealloc=yes,mem-path=/dev/hugepages/libvirt/qemu/9-vm01,share=yes,size=8388608000: unable to map backing store for guest RAM: Cannot allocate memory'), expect: { problems: [{ kind: 'vmAlloc', noneAsked: false }], fix: /^hugepages-misconfig\/plan$/ } },
  { name: 'Proxmox: hugepage allocation failed', text: paste('TASK ERROR: hugepage allocation failed at /usr/share/perl5/PVE/QemuServer/Memory.pm line 541.'), expect: { problems: [{ kind: 'vmAlloc', noneAsked: true }], vmOnly: true, fix: /^hugepages-misconfig\/plan$/ } },
  { name: "Proxmox: your system doesn't support hugepages of 1024 MB", text: paste("TASK ERROR: your system doesn't support hugepages of 1024 MB"), expect: { problems: [{ kind: 'noSizeFolder' }], vmOnly: true, fix: /^hugepages-misconfig\/plan$/ } },
  // Must not fire.
  { name: '16 asked, 16 reserved (fixture)', text: fixture('rules/hugepages-misconfig/clean.txt'), expect: 'none' },
  { name: 'no hugepages on the command line', text: paste(CMD('intel_iommu=on')), expect: 'none' },
  { name: 'the registered line alone is normal', text: paste(CMD('hugepagesz=1G hugepages=4'), '[    0.455102] HugeTLB: registered 1.00 GiB page size, pre-allocated 4 pages', '$ cat /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages', '4'), expect: 'none' },
  { name: 'a backing-store error other than ENOMEM is not about the pool', text: paste(CMD('hugepages=16'), 'qemu-system-aarch64: unable to map backing store for guest RAM: Permission denied'), expect: /how many huge pages the kernel reserved is unknown/ },
  // Unable.
  { name: 'asked, but the reserved count is unknown', text: paste(CMD('default_hugepagesz=1G hugepagesz=1G hugepages=16')), expect: /how many huge pages the kernel reserved is unknown/ },
  { name: 'no command line', text: paste('00:02.0 VGA compatible controller [0300]: Intel Corporation UHD Graphics 630 [8086:3e92]'), expect: /no kernel command line/ },
];

describe('hugepages-misconfig', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: 'misconfigured', data: { problems: expected.problems, ...(expected.vmOnly === undefined ? {} : { vmOnly: expected.vmOnly }) } });
    expect(f.fixes[0]!.id).toMatch(expected.fix);
  });

  it('the fixture fix replaces hugepages=28 with what fits', () => {
    const f = runRule(rule, fixture('rules/hugepages-misconfig/fires.txt')).findings[0]!;
    const s = JSON.stringify(f.fixes[0]!.steps);
    expect(s).toContain('"remove":["hugepages=28"]');
    expect(s).toContain('"add":["hugepages=24"]');
  });
});
