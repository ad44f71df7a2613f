// Privacy: what redaction replaces (and what it must keep), --redact on reports, and proof that nothing leaves the machine.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { redact, namesIn, redactDeep } from '../../src/collect/redact';
import { writeBundle } from '../../src/collect/bundle';
import { collectHost } from '../../src/collect/index';
import { identity } from '../../src/collect/identity';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { diagnose } from '../../src/index';
import { Report } from '../../src/schema/report';
import { cli } from '../cli-helpers';
import { fixture, fixturePath } from '../harness';
import fc from 'fast-check';
import { hostilePaste } from './generators';

const NAMES = { hostnames: ['deskbox', 'DESKTOP-7QK2L9M', 'pve', 'gaming-rig.lan', 'gaming-rig'], users: ['alice', 'bob.smith', 'jdoe'] };

describe('redact: what it replaces', () => {
  const cases: [string, string, RegExp, string][] = [
    ['journal host name', 'Nov 25 09:14:02 deskbox kernel: DMAR: IOMMU enabled', /^Nov 25 09:14:02 HOSTNAME kernel: DMAR: IOMMU enabled$/, 'host name'],
    ['Windows-style host name', 'Nov 25 09:14:02 DESKTOP-7QK2L9M kernel: x', /HOSTNAME kernel/, 'host name'],
    ['FQDN host name', 'Linux gaming-rig.lan 6.8.0-45-generic #45-Ubuntu SMP', /^Linux HOSTNAME 6\.8\.0-45-generic/, 'host name'],
    ['prompt', 'alice@deskbox:~$ lspci -nnk', /^USER@HOSTNAME:~\$ lspci -nnk$/, 'user names'],
    ['home path (Linux)', "cp /home/alice/win11.xml /etc/libvirt/qemu/", /\/home\/USER\/win11\.xml/, 'user names'],
    ['home path (dotted name)', 'qemu: -drive file=/home/bob.smith/vm/win.qcow2', /\/home\/USER\/vm/, 'user names'],
    ['home path of an unknown user', 'cat /home/zoe/notes.txt', /\/home\/USER\/notes/, 'user names in paths'],
    ['home path (macOS)', 'scp /Users/carol/bundle.txt', /\/Users\/USER\/bundle/, 'user names in paths'],
    ['user name alone', 'uid=1000(jdoe) gid=1000(jdoe) groups=1000(jdoe),998(wheel)', /uid=1000\(USER\) gid=1000\(USER\)/, 'user names'],
    ['MAC (lower case)', 'r8169 0000:04:00.0 eth0: RTL8125B, 9c:6b:00:12:34:56, XID 641, IRQ 146', /XX:XX:XX:XX:XX:XX, XID/, 'MAC addresses'],
    ['MAC (upper case)', 'link/ether 9C:6B:00:AB:CD:EF brd ff:ff:ff:ff:ff:ff', /link\/ether XX:XX:XX:XX:XX:XX/, 'MAC addresses'],
    ['disk serial (smartctl)', 'Serial Number:    S4EWNX0R123456', /^Serial Number:\s+REDACTED$/, 'serial numbers'],
    ['DMI serial', 'product_serial=PF2XK9LM', /product_serial=REDACTED/, 'serial numbers'],
    ['board serial', 'board_serial: 210987654321', /board_serial: REDACTED/, 'serial numbers'],
    ['PCIe Device Serial Number', '\tCapabilities: [140 v1] Device Serial Number 00-11-22-ff-ff-33-44-55', /Device Serial Number REDACTED/, 'serial numbers'],
    ['root UUID', 'root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro', /root=UUID=REDACTED/, 'UUIDs'],
    ['PARTUUID', 'root=PARTUUID=0a1b2c3d-02 rw', /PARTUUID=REDACTED rw/, 'UUIDs'],
    ['system UUID (dmidecode)', '\tUUID: 4c4c4544-0042-3510-8052-b4c04f384d32', /UUID: REDACTED-UUID/, 'UUIDs'],
    ['libvirt domain UUID', '<uuid>7a9f3e12-5b6c-4d8e-9f01-23456789abcd</uuid>', /<uuid>REDACTED-UUID<\/uuid>/, 'UUIDs'],
    ['IPv4', 'nfsroot=192.168.1.20:/srv ip=10.0.0.5::10.0.0.1:255.255.255.0', /nfsroot=X\.X\.X\.X:\/srv ip=X\.X\.X\.X::X\.X\.X\.X:X\.X\.X\.X/, 'IP addresses'],
    ['IPv6 link-local with zone', 'inet6 fe80::9e6b:ff:fe12:3456%enp4s0 scope link', /inet6 X:X::X%enp4s0 scope link/, 'IP addresses'],
    ['IPv6 global, compressed', 'Listening on 2001:db8:85a3::8a2e:370:7334 port 5900', /Listening on X:X::X port 5900/, 'IP addresses'],
    ['IPv6 full', 'addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334/64', /addr X:X::X\/64/, 'IP addresses'],
    ['IPv6 in brackets (URL)', 'spice://[2001:db8::42]:5900', /spice:\/\/\[X:X::X\]:5900/, 'IP addresses'],
  ];
  for (const [name, input, want, kind] of cases)
    it(name, () => {
      const r = redact(input, NAMES);
      expect(r.text).toMatch(want);
      expect([...r.kinds].join(', ')).toContain(kind);
    });
});

describe('redact: what it must keep', () => {
  const KEEP = [
    '0000:01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
    '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
    'vfio_pci: add [10de:2204[ffffffff:ffffffff]] class 0x000000/00000000',
    '0000:01:00.0 vendor=10de device=2204 subsystem=1043:87b3 iommu_group=17',
    'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld 2.42) #45-Ubuntu SMP',
    'Linux version 6.8.12-4-pve (build@proxmox) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)',
    'BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on',
    'Linux version 6.11.5-zen1-1-zen, 5.15.0-119-generic, 6.6.65-1-MANJARO, 6.12.7-arch1-1',
    'linux-image-generic 5.15.0.119.119 amd64, nvidia-driver-550 550.120-0ubuntu0.24.04.1',
    'Nov 25 13:03:11 kernel: x',
    '2026-11-25T13:03:11.123456+01:00 kernel: x',
    '[Mon Nov 25 13:03:11 2026] DMAR: IOMMU enabled',
    '[    0.536462] pci 0000:01:00.0: Adding to iommu group 17',
    '00000000-00000fff : Reserved',
    'e0000000-efffffff : PCI Bus 0000:01',
    'Region 0: Memory at fb000000 (32-bit, non-prefetchable) [size=16M]',
    'DMAR: [DMA Read NO_PASID] Request device [01:00.0] fault addr 0xfe000000 [fault reason 0x06] PTE Read access is not set',
    'qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0,x-vga=on: vfio 0000:01:00.0: group 1 is not viable',
    'listening on 127.0.0.1 and ::1 and ::',
    'options vfio-pci ids=10de:2204,10de:1aef disable_vga=1',
    'ID=fedora', 'ID=ubuntu', 'ID_LIKE="rhel centos fedora"',
    'pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.12-4-pve)',
    'vfio-pci 0000:0b:00.0: enabling device (0000 -> 0003)',
    'BAR 1: assigned [mem 0x6000000000-0x67ffffffff 64bit pref]',
    'CONFIG_VFIO_PCI=y',
  ];
  it.each(KEEP)('%s', (line) => {
    expect(redact(line, { hostnames: ['pve', 'fedora', 'ubuntu', 'localhost'], users: ['user', 'kvmuser'] }).text).toBe(line);
  });
  it('reports only kinds it actually replaced', () => {
    expect([...redact('listening on ::1', {}).kinds]).toEqual([]);
  });
  it('default host names that are also distribution ids survive a round trip through a bundle', async () => {
    // Fedora's default host name is "fedora": redacting it would turn ID=fedora into ID=HOSTNAME and lose the distro.
    const sources = [
      { source: '/etc/os-release', kind: 'os-release' as const, text: 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n' },
      { source: '/proc/version', kind: 'uname' as const, text: 'Linux version 6.11.4-301.fc41.x86_64 (mockbuild@fedora) #1 SMP' },
      { source: '/proc/cmdline', kind: 'cmdline' as const, text: 'BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.11.4-301.fc41.x86_64 root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro rhgb quiet' },
    ];
    const bundle = writeBundle(sources, { version: 't', now: new Date(0), redact: true, redactOptions: { hostnames: ['fedora'], users: [] } });
    expect(bundle).toContain('ID=fedora');
    const a = diagnose(sources, { live: true });
    const b = diagnose([{ source: 'pasted text', text: bundle }], { live: true });
    expect(b.host.distro.value).toBe(a.host.distro.value);
    expect(b.host.kernel.value).toBe(a.host.kernel.value);
  });
  it('the host "pve" is redacted as a name but not inside the kernel release 6.8.12-4-pve', () => {
    expect(redact('Linux pve 6.8.12-4-pve #1 SMP; root@pve:~#', { hostnames: ['pve'] }).text).toBe('Linux HOSTNAME 6.8.12-4-pve #1 SMP; root@HOSTNAME:~#');
  });
});

describe('redaction as a property', () => {
  const MAC = fc.tuple(...Array.from({ length: 6 }, () => fc.integer({ min: 0, max: 255 }))).map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));
  const IPV4 = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.'));
  it('on any paste with addresses spliced in: no MAC or IPv4 survives, it is idempotent, and a redacted report still validates', () => {
    fc.assert(
      fc.property(hostilePaste, MAC, IPV4, fc.nat(), (paste, mac, ip, at) => {
        const i = at % (paste.length + 1);
        const text = `${paste.slice(0, i)} eth0 ${mac} inet ${ip} ${paste.slice(i)}`;
        const names = namesIn(text);
        const once = redact(text, names).text;
        expect(once).not.toContain(mac);
        expect(once).not.toMatch(new RegExp(`(?<![\\d.])${ip.replace(/\./g, '\\.')}(?![\\d.])`));
        expect(redact(once, names).text).toBe(once);
        const rep = redactDeep(diagnose([{ source: 'pasted text', text }]), names);
        expect(Report.safeParse(rep).success).toBe(true);
        expect(JSON.stringify(rep)).not.toContain(mac);
      }),
      { numRuns: 60 },
    );
  });
});

describe('namesIn and redactDeep', () => {
  it('finds host and user names in prompts, journal lines and uname -a', () => {
    const n = namesIn(['alice@deskbox:~$ lspci', '[bob@fedora-ws ~]$ dmesg', '> root@pve:~# cat /proc/cmdline', 'Nov 25 13:03:11 gaming-rig kernel: DMAR: IOMMU enabled', 'Linux homelab 6.8.0-45-generic #45 SMP'].join('\n'));
    expect(n.users).toEqual(expect.arrayContaining(['alice', 'bob', 'root']));
    expect(n.hostnames).toEqual(expect.arrayContaining(['deskbox', 'fedora-ws', 'pve', 'gaming-rig', 'homelab']));
  });
  it('is linear on hostile input', () => {
    const t0 = performance.now();
    namesIn(`${'a@'.repeat(200_000)}\n${'\n'.repeat(200_000)}${' '.repeat(200_000)}$`);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
  it('redactDeep keeps the report\'s shape: it still validates', () => {
    const r = diagnose([{ source: 'pasted text', text: fixture('pastes/seed-identical-3090ti.txt') }]);
    const kinds = new Set<string>();
    const red = redactDeep(r, { hostnames: ['deskbox'] }, kinds);
    expect(Report.safeParse(red).success).toBe(true);
    expect(JSON.stringify(red)).not.toContain('3f1c2d4e-1111');
    expect(kinds.has('UUIDs')).toBe(true);
  });
});

const SECRETS = ['deskbox', 'alice', '9c:6b:00:12:34:56', '192.168.1.20', 'fe80::9e6b:ff:fe12:3456', 'PF2XK9LM', '3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d'];
const PASTE = [
  'Hi, alice here. My box deskbox has MAC 9c:6b:00:12:34:56 and IP 192.168.1.20 (fe80::9e6b:ff:fe12:3456), serial number: PF2XK9LM',
  'alice@deskbox:~$ cat /proc/cmdline',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef',
  'alice@deskbox:~$ sudo dmesg | grep -i -e iommu -e eth',
  '[    0.081234] DMAR: IOMMU enabled',
  '[    2.100000] r8169 0000:04:00.0 eth0: RTL8125B, 9c:6b:00:12:34:56, XID 641, IRQ 146',
  '[    0.536462] pci 0000:01:00.0: Adding to iommu group 17',
  'alice@deskbox:~$ lspci -nnk',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)',
  '\tKernel driver in use: vfio-pci',
  '05:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)',
  '\tKernel driver in use: vfio-pci',
  'Thanks, alice (/home/alice/vm.xml attached)',
].join('\n');

describe('--redact on reports', () => {
  for (const fmt of [[], ['--json'], ['--markdown']]) {
    it(`analyze ${fmt.join(' ') || '(text)'} --redact: none of the names and addresses remain; without it they do`, async () => {
      const plain = await cli(['analyze', '-', ...fmt], { stdin: PASTE });
      const red = await cli(['analyze', '-', ...fmt, '--redact'], { stdin: PASTE });
      expect(red.code).toBe(plain.code);
      expect(red.stderr).toBe('');
      for (const s of SECRETS) expect(red.stdout, s).not.toContain(s);
      expect(SECRETS.some((s) => plain.stdout.includes(s))).toBe(true);
      expect(red.stdout).toMatch(/Redacted on request \(--redact\)/);
      if (fmt[0] === '--json') {
        const rep = Report.parse(JSON.parse(red.stdout));
        expect(rep.findings.map((f) => f.id)).toEqual((JSON.parse(plain.stdout) as Report).findings.map((f) => f.id));
      }
      // PCI addresses and IDs are what a helper needs: they stay
      expect(red.stdout).toContain('10de:2203');
      expect(red.stdout).toMatch(/01:00\.0/);
    });
  }

  it('--root --redact and collect: the host\'s own names (hostname, /etc/passwd users) are replaced', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vfd-priv-'));
    const w = (p: string, t: string) => {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), t);
    };
    w('etc/hostname', 'deskbox\n');
    w('etc/passwd', 'root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n');
    w('proc/version', 'Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP\n');
    w('proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro nfsroot=192.168.1.20:/srv/alice\n');
    w('var/log/kern.log', 'Nov 25 09:14:02 deskbox kernel: Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro nfsroot=192.168.1.20:/srv/alice intel_iommu=on\nNov 25 09:14:02 deskbox kernel: r8169 0000:04:00.0 eth0: RTL8125B, 9c:6b:00:12:34:56, XID 641\nNov 25 09:14:02 deskbox kernel: DMAR: IOMMU enabled\n');
    for (const fmt of ['--json', '--markdown']) {
      const r = await cli(['--root', root, fmt, '--redact']);
      expect(r.stderr).toBe('');
      for (const s of ['deskbox', '192.168.1.20', '3f1c2d4e-1111', '9c:6b:00:12:34:56', '/srv/alice']) expect(r.stdout, `${fmt} ${s}`).not.toContain(s);
    }
    const plain = await cli(['--root', root, '--json']);
    expect(plain.stdout).toContain('3f1c2d4e-1111');
    // the bundle is redacted by default, and --redact changes nothing there
    const b = await cli(['collect', '--root', root, '-o', '-']);
    const b2 = await cli(['collect', '--root', root, '-o', '-', '--redact']);
    for (const s of ['deskbox', '192.168.1.20', '3f1c2d4e-1111', '9c:6b:00:12:34:56', 'alice']) expect(b.stdout, s).not.toContain(s);
    expect(b2.stdout.replace(/^# vfio-doctor support bundle.*$/m, '')).toBe(b.stdout.replace(/^# vfio-doctor support bundle.*$/m, ''));
    const nr = await cli(['collect', '--root', root, '-o', '-', '--no-redact']);
    expect(nr.stdout).toContain('deskbox');
    // a redacted bundle still gives the same findings as the host itself
    const fromBundle = await cli(['analyze', '-', '--json'], { stdin: b.stdout });
    expect((JSON.parse(fromBundle.stdout) as Report).findings.map((f) => f.id)).toEqual((JSON.parse(plain.stdout) as Report).findings.map((f) => f.id));
  });

  it('the bundle of every fixture sysroot: no host or user name from the sysroot survives', async () => {
    for (const name of readdirSync(fixturePath('sysroots'))) {
      const root = fixturePath(`sysroots/${name}`);
      if (!statSync(root).isDirectory()) continue;
      const io = sysrootIO(root);
      const ids = await identity(io);
      const bundle = writeBundle(await collectHost({ root }), { version: 't', now: new Date(0), redact: true, redactOptions: ids });
      for (const h of ids.hostnames ?? []) if (h.length > 1 && !/^(localhost|fedora|ubuntu|debian|arch|proxmox)$/.test(h)) expect(bundle, `${name}: ${h}`).not.toMatch(new RegExp(`(?<![\\w-])${h.replace(/[.]/g, '\\.')}(?![\\w-])`));
    }
  });
});

describe('nothing leaves the machine', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));
  const files = (dir: string, ext: RegExp): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && ext.test(e.name))
      .map((e) => join(e.parentPath, e.name));
  const NET_MODULES = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns|dns\/promises|undici|ws|axios|node-fetch|got)['"]/;
  const NET_GLOBALS = /\b(?:fetch|XMLHttpRequest|WebSocket|EventSource)\s*\(|new\s+(?:WebSocket|XMLHttpRequest|EventSource)\b|navigator\.sendBeacon/;

  it('the source (src/, rules/) imports no network module and calls no fetch', () => {
    const offenders: string[] = [];
    for (const f of [...files('src', /\.tsx?$/), ...files('rules', /\.ts$/)]) {
      const t = readFileSync(f, 'utf8');
      if (NET_MODULES.test(t) || NET_GLOBALS.test(t)) offenders.push(relative(ROOT, f));
    }
    expect(offenders).toEqual([]);
  });

  it('package.json has no runtime dependency that speaks the network', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {}).filter((d) => /^(?:axios|node-fetch|got|undici|ws|request|superagent)$/.test(d))).toEqual([]);
  });

  const CLI = join(ROOT, 'dist/cli.cjs');
  it('the built bundle: network code appears only in the dev-only ink devtools chunk; nothing calls fetch()', () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does it first)');
    const hits: string[] = [];
    for (const f of files('dist', /\.js$/)) {
      const t = readFileSync(f, 'utf8');
      const mods = /require\(["'](?:node:)?(?:http|https|http2|net|tls|dgram|dns)["']\)|m\(["'](?:http|https|net|tls)["']\)|from["'](?:node:)?(?:http|https|http2|net|tls|dgram|dns)["']/.test(t);
      const fetches = /\bfetch\(/.test(t);
      if (!mods && !fetches) continue;
      const name = relative(join(ROOT, 'dist'), f);
      // ink's devtools (ws): only imported when DEV=true, and react-devtools-core is stubbed at build time.
      if (/^chunks\/devtools-/.test(name) && !fetches) continue;
      // yoga-layout's emscripten loader fetched its own inlined wasm; the build turns those branches into dead code
      // (scripts/build.mjs, yoga-without-fetch), so a fetch( here means that patch no longer applies.
      hits.push(name);
    }
    expect(hits).toEqual([]);
    expect(readFileSync(CLI, 'utf8')).not.toMatch(/\bfetch\(|require\(["'](?:node:)?(?:http|https|net|tls|dgram)["']\)/);
  });

  it('the built CLI runs every non-interactive mode with all network APIs made to throw', () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does it first)');
    const preload = fileURLToPath(new URL('./no-network.mjs', import.meta.url));
    const seed = fixturePath('pastes/seed-identical-3090ti.txt');
    const root = fixturePath('sysroots/seed-identical-3090ti');
    const out = mkdtempSync(join(tmpdir(), 'vfd-nonet-'));
    const runs: string[][] = [
      ['analyze', seed, '--json'],
      ['analyze', seed, '--markdown', '--redact'],
      ['analyze', seed],
      ['--root', root, '--json'],
      ['collect', '--root', root, '-o', join(out, 'b.txt')],
      ['analyze', join(out, 'b.txt'), '--json'],
      ['--demo', '--json'],
      ['rules', '--json'],
      ['schema'],
      ['fix', 'identical-gpus-id-collision/override-initramfs-tools', '--root', root],
      ['--json'], // the live host: reads /sys and /proc, runs dmesg / journalctl / systemd-detect-virt
    ];
    for (const argv of runs) {
      const r = spawnSync(process.execPath, ['--import', preload, CLI, ...argv], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000, input: '' });
      expect(r.stderr, argv.join(' ')).not.toContain('NETWORK-ACCESS');
      expect([0, 1], `${argv.join(' ')}: ${r.stderr}`).toContain(r.status);
    }
    // the preload does block: a probe that tries to connect is caught
    const probe = spawnSync(process.execPath, ['--import', preload, '-e', "import('node:net').then((n) => n.connect(80, 'example.invalid'))"], { encoding: 'utf8' });
    expect(probe.stderr).toContain('NETWORK-ACCESS: net.connect');
    expect(spawnSync(process.execPath, ['--import', preload, '-e', "fetch('http://x')"], { encoding: 'utf8' }).stderr).toContain('NETWORK-ACCESS: fetch');
  }, 120_000);
});
