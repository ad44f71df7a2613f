// The support bundle: header, sections, log reduction, redaction of what users do not mean to share.
import { describe, it, expect } from 'vitest';
import { writeBundle, reduceKernelLog } from '../../src/collect/bundle';
import { redact } from '../../src/collect/redact';
import { collectHost } from '../../src/collect/index';
import { identity } from '../../src/collect/identity';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { fixturePath } from '../harness';
import { sniff } from '../../src/parse/detect';

describe('redact', () => {
  const cases: [string, string, string, string][] = [
    ['host name in journal lines', 'Nov 25 09:14:02 deskbox kernel: DMAR: IOMMU enabled', 'Nov 25 09:14:02 HOSTNAME kernel: DMAR: IOMMU enabled', 'host name'],
    ['user names in home paths', 'options from /home/alice/vfio.conf', 'options from /home/USER/vfio.conf', 'user names'],
    ['MAC addresses', 'r8169 0000:04:00.0: MAC address 9c:6b:00:12:34:56', 'r8169 0000:04:00.0: MAC address XX:XX:XX:XX:XX:XX', 'MAC addresses'],
    ['UUIDs', 'root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro', 'root=UUID=REDACTED-UUID ro', 'UUIDs'],
    ['short volume ids', 'resume=UUID=ABCD-1234 quiet', 'resume=UUID=REDACTED quiet', 'UUIDs'],
    ['serial numbers', 'Serial Number: PF2XK9LM', 'Serial Number: REDACTED', 'serial numbers'],
    ['IPv4 addresses', 'nfsroot=192.168.1.20:/srv', 'nfsroot=X.X.X.X:/srv', 'IP addresses'],
  ];
  for (const [name, input, output, kind] of cases)
    it(name, () => {
      const r = redact(input, { hostnames: ['deskbox'], users: ['alice'] });
      expect(r.text).toBe(output);
      expect([...r.kinds]).toContain(kind);
    });

  it('keeps PCI addresses, IDs and kernel versions intact', () => {
    const line = '0000:01:00.0 vendor=10de device=2203 [10de:2203] Linux version 6.8.0-45-generic 127.0.0.1';
    expect(redact(line, { hostnames: ['pve'], users: ['bob'] }).text).toBe(line);
  });
});

describe('reduceKernelLog', () => {
  it('keeps IOMMU/VFIO/GPU lines with one line of context and drops the rest', () => {
    const log = ['[0.0] Linux version 6.8.0', '[0.1] random: crng init done', '[0.2] usb 1-1: new device', '[0.3] audit: type=2000', '[0.4] DMAR: IOMMU enabled', '[0.5] EXT4-fs mounted'].join('\n');
    const r = reduceKernelLog(log);
    expect(r.text.split('\n')).toEqual(['[0.0] Linux version 6.8.0', '[0.1] random: crng init done', '[0.3] audit: type=2000', '[0.4] DMAR: IOMMU enabled', '[0.5] EXT4-fs mounted']);
    expect(r.total).toBe(6);
  });
});

describe('writeBundle', () => {
  it('writes a header, one marked section per source and a closing line on how to share it', async () => {
    const root = fixturePath('sysroots/seed-identical-3090ti');
    const io = sysrootIO(root);
    const sources = await collectHost({ root, io });
    const text = writeBundle(sources, { version: '9.9.9', now: new Date('2026-01-02T03:04:05Z'), redact: true, redactOptions: await identity(io) });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('# vfio-doctor support bundle v1 · vfio-doctor 9.9.9 · 2026-01-02T03:04:05.000Z');
    expect(lines[1]).toMatch(/^# redacted: .*host name/);
    expect(lines.at(-1)).toMatch(/^# end of bundle .*vfio-doctor analyze/);
    for (const s of ['host', '/proc/cmdline', '/sys/bus/pci/devices', '/sys/kernel/iommu_groups', '/var/log/kern.log', '/etc/default/grub']) expect(lines).toContain(`=== ${s} ===`);
    expect(text).not.toMatch(/deskbox/);
    expect(text).not.toMatch(/3f1c2d4e-1111/);
  });

  it('can leave the data as it is with --no-redact', () => {
    const text = writeBundle([{ source: '/proc/cmdline', kind: 'cmdline', text: 'root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d' }], { version: 't', now: new Date(0), redact: false });
    expect(text).toContain('3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d');
    expect(text).toContain('# redacted: nothing');
  });

  it('keeps a file line that looks like a section marker or a prompt from splitting the section', () => {
    const body = ['=== not a marker ===', '  === /proc/cmdline ===', '> root@pve:~# cat /proc/cmdline', '# lspci -nnk shows the card', '```', 'options vfio-pci ids=10de:2204'].join('\n');
    const text = writeBundle([{ source: '/etc/modprobe.d/odd.conf', kind: 'modprobe', text: body }], { version: 't', now: new Date(0), redact: false });
    expect(text).toContain('\n\\=== not a marker ===\n');
    expect(text).toContain('\n## lspci -nnk shows the card\n');
    // Read back, every line of the file is still the file's: no section was started by its content.
    const blocks = sniff(text, 'pasted text').blocks;
    expect(new Set(blocks.map((b) => b.source))).toEqual(new Set(['/etc/modprobe.d/odd.conf']));
    expect(blocks.flatMap((b) => b.lines.map((l) => l.text))).toContain('options vfio-pci ids=10de:2204');
  });
});
