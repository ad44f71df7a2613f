// Table-driven tests for vm-hugepages-not-reserved: the VM's huge-page backing against the host's pool.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const meminfo = (total: number, size = 2048) => paste('$ grep -i huge /proc/meminfo', `HugePages_Total:    ${total}`, `HugePages_Free:     ${total}`, `Hugepagesize:       ${size} kB`);
const sysfs = (n1g: number, n2m: number) => paste('$ grep . /sys/kernel/mm/hugepages/*/nr_hugepages', `/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages:${n1g}`, `/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:${n2m}`);
const vm = domainPaste({ hugepages: true }); // 8 GiB guest
const qm = (hp: string) => paste('$ qm config 100', 'boot: order=scsi0', 'hostpci0: 0000:01:00,pcie=1', `hugepages: ${hp}`, 'machine: q35', 'memory: 16384');

const cases: { name: string; text: string; expect: { severity: string; data: object } | 'none' | RegExp }[] = [
  { name: 'libvirt hugepages, none reserved', text: meminfo(0) + vm, expect: { severity: 'error', data: { memoryKiB: 8 * 1024 * 1024, pageKiB: 2048, reserved: 0, need: 4096 } } },
  { name: 'libvirt hugepages, 2048 of 4096 2 MiB pages', text: meminfo(2048) + vm, expect: { severity: 'warning', data: { pageKiB: 2048, reserved: 2048, need: 4096 } } },
  { name: 'Proxmox 1 GiB pages, none reserved (sysfs)', text: sysfs(0, 0) + qm('1024'), expect: { severity: 'error', data: { vm: 'the Proxmox VM', memoryKiB: 16 * 1024 * 1024, pageKiB: 1024 * 1024, reserved: 0, need: 16 } } },
  // Must not fire.
  { name: 'libvirt pool covers the guest', text: meminfo(4096) + vm, expect: 'none' },
  { name: 'no hugepages in the VM', text: meminfo(0) + domainPaste(), expect: 'none' },
  { name: 'Proxmox 2 MiB pages: qemu-server grows the pool itself', text: meminfo(0) + qm('2'), expect: 'none' },
  { name: 'Proxmox 1 GiB pages reserved', text: sysfs(16, 0) + qm('1024'), expect: 'none' },
  // Unable.
  { name: 'pool unknown', text: vm, expect: /huge pages the host reserved is not in the input/ },
];

describe('vm-hugepages-not-reserved', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe(e.severity);
    expect(r.messages[0]).toMatchObject({ messageId: 'short', data: e.data });
    expect(r.findings[0]!.evidence[0]!.text).toMatch(/hugepages/);
  });
});
