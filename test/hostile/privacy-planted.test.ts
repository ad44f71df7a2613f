// Planted secrets: one of each kind in a sysroot and in a paste; the bundle and every --redact report hold none.
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { cli } from '../cli-helpers';
import { fixture, fixturePath } from '../harness';
import { PLANTED, PLANTED_PASTE, leaked, plantedSysroot } from './planted';
import { startChat } from '../ui/helpers';
import { collectHost } from '../../src/collect/index';
import { exportText } from '../../src/cli/redaction';
import type { Report } from '../../src/schema/report';
import { diagnose } from '../../src/index';
import type { LoadResult } from '../../src/ui/types';
import { redact, namesIn } from '../../src/collect/redact';
import { identity } from '../../src/collect/identity';
import { sysrootIO } from '../../src/collect/sysroot-io';

describe('planted secrets', () => {
  let root: string;
  beforeAll(() => {
    root = plantedSysroot();
  });

  it(`there are at least 23 kinds, and without redaction the outputs hold them (the test can fail)`, async () => {
    expect(PLANTED.length).toBeGreaterThanOrEqual(23);
    const b = await cli(['collect', '--root', root, '-o', '-', '--no-redact']);
    // Every kind is in the unredacted bundle, or in the paste: the planting reaches where collect reads.
    expect(leaked(b.stdout + PLANTED_PASTE).sort()).toEqual(PLANTED.map((p) => p.kind).sort());
    expect(leaked(b.stdout).length).toBeGreaterThanOrEqual(23);
    expect(leaked(PLANTED_PASTE).length).toBeGreaterThanOrEqual(23);
  });

  it('collect --root: the bundle holds none of them', async () => {
    const b = await cli(['collect', '--root', root, '-o', '-']);
    expect(b.code).toBe(0);
    expect(leaked(b.stdout)).toEqual([]);
    // …and it still analyses to the findings of the sysroot itself.
    const direct = await cli(['--root', root, '--json']);
    const fromBundle = await cli(['analyze', '-', '--json'], { stdin: b.stdout });
    expect((JSON.parse(fromBundle.stdout) as Report).findings.map((f) => f.id)).toEqual((JSON.parse(direct.stdout) as Report).findings.map((f) => f.id));
  });

  for (const fmt of [[], ['--json'], ['--markdown'], ['--all-fixes']]) {
    it(`--root ${fmt.join(' ') || '(text)'} --redact holds none of them`, async () => {
      const r = await cli(['--root', root, ...fmt, '--redact']);
      expect(r.stderr).toBe('');
      expect(leaked(r.stdout)).toEqual([]);
    });
    it(`analyze - ${fmt.join(' ') || '(text)'} --redact of the paste holds none of them`, async () => {
      const plain = await cli(['analyze', '-', ...fmt], { stdin: PLANTED_PASTE });
      expect(leaked(plain.stdout).length).toBeGreaterThan(0);
      const r = await cli(['analyze', '-', ...fmt, '--redact'], { stdin: PLANTED_PASTE });
      expect(r.stderr).toBe('');
      expect(leaked(r.stdout)).toEqual([]);
    });
  }

  it('the chat: `export json|markdown` with --redact holds none of them (same redactor, same names as the CLI)', async () => {
    const sources = await collectHost({ root });
    const inputs: [LoadResult, boolean][] = [
      [{ sources, source: { kind: 'sysroot', path: root }, live: true }, true],
      [{ sources: [{ source: 'pasted text', text: PLANTED_PASTE }], source: { kind: 'bundle', path: 'p.txt' }, live: false }, false],
    ];
    for (const [load, live] of inputs) {
      const c = startChat({
        loader: async () => load,
        exportText: (report, kind, ctx) => exportText(report, kind, ctx, { redact: true, root: live ? root : undefined }),
      });
      await c.waitFor(/fix N|no problems/);
      await c.type('export json a.json\r');
      await c.waitFor('Wrote the JSON');
      await c.type('export markdown a.md\r');
      await c.waitFor('Wrote the Markdown');
      expect(c.written).toHaveLength(2);
      for (const w of c.written) expect(leaked(w.text), w.path).toEqual([]);
      // The export is the --redact report, to the byte.
      const cliJson = live ? await cli(['--root', root, '--json', '--redact']) : await cli(['analyze', '-', '--json', '--redact'], { stdin: PLANTED_PASTE });
      const strip = (s: string) => s.replace(/"generatedAt": "[^"]*"/, '').replace(/"path": "[^"]*"/, '');
      expect(strip(c.written[0]!.text)).toBe(strip(cliJson.stdout));
      c.app.unmount();
    }
  });
});

describe('redaction keeps what the rules need', () => {
  const pastes = readdirSync(fixturePath('pastes')).filter((f) => /\.txt$/.test(f) && !/golden/.test(f));
  it.each(pastes)('%s: the same findings, evidence sources and fix ids with --redact', async (name) => {
    const text = fixture(`pastes/${name}`);
    const plain = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: text })).stdout) as Report;
    const red = JSON.parse((await cli(['analyze', '-', '--json', '--redact'], { stdin: text })).stdout) as Report;
    const shape = (r: Report) => r.findings.map((f) => ({ id: f.id, severity: f.severity, devices: f.devices, fixes: f.fixes.map((x) => x.id) }));
    expect(shape(red)).toEqual(shape(plain));
    expect(red.host.kernel).toEqual(plain.host.kernel);
    expect(red.targets.gpus).toEqual(plain.targets.gpus);
    expect(red.devices.map((d) => [d.bdf, d.ids, d.driver, d.iommuGroup])).toEqual(plain.devices.map((d) => [d.bdf, d.ids, d.driver, d.iommuGroup]));
  });
  it.each(pastes)('%s: a redacted paste analyses to the same findings as the paste', async (name) => {
    const text = fixture(`pastes/${name}`);
    const plain = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: text })).stdout) as Report;
    const again = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: redact(text, namesIn(text)).text })).stdout) as Report;
    expect(again.findings.map((f) => f.id)).toEqual(plain.findings.map((f) => f.id));
  });
});

describe('redact: each kind on a real-shaped line', () => {
  const NAMES = { hostnames: ['deskbox', 'deskbox.example.lan'], users: ['alice', 'carol'], ssids: ['HomeNet-5G'], machineIds: ['4f8e2a1b9c3d4e5f6a7b8c9d0e1f2a3b'] };
  const cases: [string, string, string][] = [
    ['host name in any case', 'Nov 25 09:14:02 DESKBOX kernel: x', 'Nov 25 09:14:02 HOSTNAME kernel: x'],
    ['FQDN before the short name', 'Linux deskbox.example.lan 6.8.0-45-generic', 'Linux HOSTNAME 6.8.0-45-generic'],
    ['an FQDN the host files do not list', 'ping deskbox.home.arpa', 'ping HOSTNAME'],
    ['host name in a file name keeps the extension', '=== /etc/modprobe.d/Deskbox.conf ===', '=== /etc/modprobe.d/HOSTNAME.conf ==='],
    ['any syslog host field', 'Nov 25 09:14:03 oldbox sudo[12]: x', 'Nov 25 09:14:03 HOSTNAME sudo[12]: x'],
    ['ISO journal host field', '2026-11-25T09:14:03+0100 other-host kernel: x', '2026-11-25T09:14:03+0100 HOSTNAME kernel: x'],
    ['cloud host name', 'Nov 25 09:14:03 ip-10-0-1-23.ec2.internal kernel: x', 'Nov 25 09:14:03 HOSTNAME kernel: x'],
    ['GCE host name', 'instance-1.c.my-project.internal', 'HOSTNAME'],
    ['user in a file name', '/etc/modprobe.d/alice-vfio.conf', '/etc/modprobe.d/USER-vfio.conf'],
    ['user in a sentence, capitalised', 'Thanks, Alice.', 'Thanks, USER.'],
    ['user in /run/media and /media', '/run/media/erin/STICK /media/frank/DISK', '/run/media/USER/STICK /media/USER/DISK'],
    ['e-mail address', 'from <dave.jones@mail.example.org>', 'from <EMAIL>'],
    ['MAC with hyphens', 'MAC 9c-6b-00-12-34-57,', 'MAC XX-XX-XX-XX-XX-XX,'],
    ['MAC with Cisco dots', 'hw 9c6b.0012.3458', 'hw XXXX.XXXX.XXXX'],
    ['bare MAC after a word saying so', 'mac address 9c6b00123459', 'mac address XXXXXXXXXXXX'],
    ['MAC in enx/wlx names', 'enx9c6b0012345a wlx0013ef7a8b9c', 'enxXXXXXXXXXXXX wlxXXXXXXXXXXXX'],
    ['MAC of 8 bytes', 'guid 00:11:22:33:44:55:66:77', 'guid XX:XX:XX:XX:XX:XX'],
    ['disk by-id name', '/dev/disk/by-id/ata-Samsung_SSD_870_EVO_1TB_S6PTNX0R123456-part2', '/dev/disk/by-id/ata-REDACTED-part2'],
    ['nvme eui and wwn', 'nvme-eui.0025385b71b0e1a2 wwn-0x5002538e40a1b2c3', 'nvme-REDACTED wwn-REDACTED'],
    ['serial X', 'Samsung SSD 980 PRO serial S5GXNX0T654321', 'Samsung SSD 980 PRO serial REDACTED'],
    ['udev serial', 'E: ID_SERIAL_SHORT=S6PTNX0R123456', 'E: ID_SERIAL_SHORT=REDACTED'],
    ['libvirt serial', '<serial>ABC123</serial>', '<serial>REDACTED</serial>'],
    ['machine id, known', 'systemd.machine_id=4f8e2a1b9c3d4e5f6a7b8c9d0e1f2a3b', 'systemd.machine_id=MACHINE-ID'],
    ['machine id, as a boot entry name', '/boot/loader/entries/0123456789abcdef0123456789abcdef-6.8.0.conf', '/boot/loader/entries/MACHINE-ID-6.8.0.conf'],
    ['SSID, known', "starting connection 'HomeNet-5G' (uuid)", "starting connection 'REDACTED' (uuid)"],
    ['SSID forms', "SSID: Netgear42 / SSID 'CafeGuest' / ssid=\"Home\"", "SSID: REDACTED / SSID 'REDACTED' / ssid=\"REDACTED\""],
    ['NetworkManager connection file', 'HomeNet-2.nmconnection', 'SSID.nmconnection'],
    ['cloud instance id', 'instance i-0abc123def4567890 up', 'instance i-REDACTED up'],
    ['cloud account id', 'arn:aws:iam::123456789012:instance-profile/gpu', 'arn:aws:iam::REDACTED:instance-profile/gpu'],
  ];
  it.each(cases)('%s', (_name, input, want) => {
    const once = redact(input, NAMES).text;
    expect(once).toBe(want);
    expect(redact(once, NAMES).text).toBe(once);
  });

  const KEEP = [
    'Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1',
    'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP',
    'usb-storage 2-1:1.0: USB Mass Storage device detected',
    'nvme-core, nvme_core.default_ps_max_latency_us=0, scsi_mod',
    'vfio-pci 0000:0b:00.0: vgaarb: changed VGA decodes: olddecodes=io+mem,decodes=io+mem:owns=none',
    'pci 0000:00:01.0: PCI bridge to [bus 01]; [10de:2204] iommu group 17; 6.8.12-4-pve',
    'Nov 25 13:03:11 kernel: x',
    'ACPI: DMAR 0x0000000066A9B000 000088 (v02 INTEL  EDK2     00000002      01000013)',
    'Loaded X.509 cert \'Build time autogenerated kernel key: 14df34d1a87cf37625abec039ef2bf521249b969\'',
    'options nvidia NVreg_PreserveVideoMemoryAllocations=1 /media/cdrom',
    '=== /etc/modprobe.d/vfio.conf ===',
  ];
  it.each(KEEP)('keeps: %s', (line) => {
    expect(redact(line, { hostnames: ['pve', 'deskbox'], users: ['nvidia', 'media', 'storage', 'alice'] }).text).toBe(line);
  });

  it('namesIn learns users from home and media folders and hosts from journal lines and hostnamectl', () => {
    const n = namesIn(['ls /home/carol/vm', 'mount /run/media/erin/STICK /media/cdrom', 'Nov 25 09:14:03 oldbox sudo[1]: x', '   Static hostname: tower', 'uid=1001(zoe) gid=1001(zoe)'].join('\n'));
    expect(n.users).toEqual(expect.arrayContaining(['carol', 'erin', 'zoe']));
    expect(n.users).not.toContain('cdrom');
    expect(n.hostnames).toEqual(expect.arrayContaining(['oldbox', 'tower']));
  });

  it('identity reads host names from /etc/hosts, users from home folders, the machine id and Wi-Fi networks', async () => {
    const root = plantedSysroot();
    const id = await identity(sysrootIO(root));
    expect(id.hostnames).toEqual(expect.arrayContaining(['deskbox', 'deskbox.example.lan']));
    expect(id.users).toEqual(expect.arrayContaining(['alice', 'carol']));
    expect(id.machineIds).toEqual(['4f8e2a1b9c3d4e5f6a7b8c9d0e1f2a3b']);
    expect(id.ssids).toContain('HomeNet-5G');
  });

  it('stays linear on shapes aimed at its patterns', () => {
    const shapes = ['mac' + ' '.repeat(200_000), 'ssid' + ' \t'.repeat(100_000), 'a.'.repeat(200_000) + '@', 'x@' + 'a.'.repeat(200_000) + '_', 'serial ' + 'a1-'.repeat(100_000), 'ata-' + 'a_'.repeat(200_000), `Nov 25 09:14:03 ${'h'.repeat(200_000)}`, '0'.repeat(400_000)];
    const t0 = performance.now();
    for (const s of shapes) redact(s, { hostnames: ['deskbox'], users: ['alice'], ssids: ['HomeNet'] });
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('every string of a report goes through redaction, in every format', () => {
  it('a report whose every string is the planted paste prints none of it with --redact', async () => {
    const { formatReport, redactReport } = await import('../../src/cli/redaction');
    const { renderText } = await import('../../src/render/text');
    const { redactor } = await import('../../src/collect/redact');
    const base = diagnose([{ source: 'pasted text', text: fixture('pastes/seed-identical-3090ti.txt') }]);
    // Every string field (titles, messages, evidence, device names, paths, diffs, argv, notes…) holds every secret.
    const fill = (v: unknown): unknown => (typeof v === 'string' ? `${v} ${PLANTED_PASTE}` : Array.isArray(v) ? v.map(fill) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v);
    const hostile = fill(base) as Report;
    expect(leaked(renderText(hostile)).length).toBe(PLANTED.length);
    const names = namesIn(PLANTED_PASTE);
    for (const kind of ['json', 'markdown'] as const) expect(leaked(formatReport(hostile, kind, names)), kind).toEqual([]);
    expect(leaked(redactor(names)(renderText(redactReport(hostile, names), { allFixes: true })).text)).toEqual([]);
  });
});
