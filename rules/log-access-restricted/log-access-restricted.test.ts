// log-access-restricted: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste } from '../../test/harness';

const NOTE = 'could not read the kernel log: dmesg: read kernel buffer failed: Operation not permitted; No journal files were opened due to insufficient permissions.. Run as root (sudo) or join the systemd-journal group.';
const PCI = ['=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=2206 class=030000 driver=nvidia boot_vga=0 iommu_group=14', '0000:01:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=14'];

// The note quoted (a substring of data.note; undefined: none) and whether dmesg_restrict was read as 1.
type Expect = { severity: 'info'; note?: string; restricted: boolean }[];

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'collected as a user on a dmesg_restrict=1 host, journal not readable',
    text: paste('=== host ===', 'dmesg_restrict=1', 'euid=1000', 'unavailable=kernel-log', `note=${NOTE}`, 'dev_kvm=present', ...PCI),
    expect: [{ severity: 'info', note: 'read kernel buffer failed: Operation not permitted', restricted: true }],
  },
  {
    name: 'collected from a sysroot without /var/log: no note about dmesg_restrict',
    text: paste('=== host ===', 'unavailable=kernel-log', 'note=the sysroot has no /var/log/kern.log or /var/log/dmesg', ...PCI),
    expect: [{ severity: 'info', restricted: false }],
  },
  {
    name: 'pasted: dmesg as a user on a dmesg_restrict=1 host (Debian, Ubuntu)',
    text: paste('$ dmesg | grep -i -e DMAR -e IOMMU', 'dmesg: read kernel buffer failed: Operation not permitted', '$ cat /proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet intel_iommu=on'),
    expect: [{ severity: 'info', note: 'dmesg: read kernel buffer failed: Operation not permitted', restricted: false }],
  },
  {
    name: 'pasted: journalctl -k as a user outside systemd-journal/adm/wheel',
    text: paste('$ journalctl -k -b', 'No journal files were opened due to insufficient permissions.'),
    expect: [{ severity: 'info', note: 'No journal files were opened due to insufficient permissions.', restricted: false }],
  },
  // Must not fire.
  {
    name: 'collected with the kernel log (dmesg_restrict=1 but run as root)',
    text: paste('=== host ===', 'dmesg_restrict=1', 'euid=0', ...PCI, '=== dmesg ===', '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024', '[    0.512880] DMAR: Intel(R) Virtualization Technology for Directed I/O'),
    expect: [],
  },
  { name: 'a paste with a kernel log', text: paste('$ sudo dmesg | grep -i iommu', '[    0.436512] iommu: Default domain type: Translated'), expect: [] },
  { name: 'a paste without any log says nothing about log access', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet intel_iommu=on'), expect: [] },
];

describe('log-access-restricted', () => {
  for (const c of cases)
    it(c.name, () => {
      const r = runRule(rule, c.text);
      expect(r.unable).toBeUndefined();
      expect(r.findings.map((f) => f.severity)).toEqual(c.expect.map((e) => e.severity));
      c.expect.forEach((e, i) => {
        const f = r.findings[i]!;
        expect(f.rootCause).toBeUndefined();
        const said = r.messages[i] as { messageId: string; data: { note?: string; restricted: boolean } };
        expect(said.messageId).toBe('unreadable');
        expect(said.data.restricted).toBe(e.restricted);
        if (e.note) expect(said.data.note).toContain(e.note);
        else expect(said.data.note).toBeUndefined();
        // Collected: the dmesg_restrict setting; pasted: the error line itself.
        expect(f.evidence.some((ev) => ev.source === '/proc/sys/kernel/dmesg_restrict' || /read kernel buffer failed|insufficient permissions/.test(ev.text))).toBe(true);
        expect(f.fixes.map((x) => x.id)).toEqual(['log-access-restricted/sudo']);
        const manual = f.fixes[0]!.steps.find((s) => s.kind === 'manual');
        expect(manual?.description).toContain('sudo usermod -aG systemd-journal $USER');
      });
    });

  it('quotes the pasted error', () => {
    const r = runRule(rule, paste('$ dmesg', 'dmesg: read kernel buffer failed: Operation not permitted'));
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.text)).toContain('dmesg: read kernel buffer failed: Operation not permitted');
  });

  it('evidence shows dmesg_restrict as read (1), or "(not readable)" when unknown', () => {
    const known = runRule(rule, paste('=== host ===', 'dmesg_restrict=1', 'unavailable=kernel-log', `note=${NOTE}`));
    expect(known.findings[0]!.evidence[0]!.text).toBe('1');
    const unknown = runRule(rule, paste('=== host ===', 'unavailable=kernel-log', `note=${NOTE}`));
    expect(unknown.findings[0]!.evidence[0]!.text).toBe('(not readable)');
  });
});
