// VM definitions collected read-only (sysroot and live through a fake I/O), redacted consistently in a bundle, and read back the same.
import { describe, it, expect } from 'vitest';
import { collectHost } from '../../src/collect/index';
import { logTail } from '../../src/collect/vms';
import { writeBundle } from '../../src/collect/bundle';
import { identity } from '../../src/collect/identity';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { parseSources } from '../../src/facts/from-sources';
import type { HostIO, RunResult } from '../../src/collect/io';
import type { Vm } from '../../src/schema/vm';
import type { RawSource } from '../../src/schema/raw-source';
import { fixturePath } from '../harness';

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '', missing: false, timedOut: false });
const hostText = (s: RawSource[]) => s.find((x) => x.source === 'host')!.text;

/** What a VM says, without where it was read (evidence lines differ between a sysroot and a bundle). */
function model(vm: Vm) {
  const { evidence: _e, ...rest } = vm;
  return JSON.parse(JSON.stringify(rest, (k, v) => (k === 'evidence' ? undefined : v)));
}

async function bundleOf(root: string, redact: boolean) {
  const io = sysrootIO(root);
  const sources = await collectHost({ root, io });
  const text = writeBundle(sources, { version: 'test', now: new Date(0), redact, redactOptions: redact ? await identity(io) : undefined });
  return { sources, text, live: parseSources(sources), again: parseSources([{ source: 'pasted text', text }]) };
}

describe('VM collection from a sysroot', () => {
  it('libvirt: the domain file, the log tail and the autostart link; the log\'s command line is the same VM, counted once', async () => {
    const { sources, live } = await bundleOf(fixturePath('sysroots/libvirt-vm-split-slots'), false);
    expect(sources.filter((s) => /libvirt/.test(s.source)).map((s) => `${s.kind} ${s.source}`)).toEqual(['libvirt-domain-xml /etc/libvirt/qemu/win10.xml', 'qemu /var/log/libvirt/qemu/win10.log']);
    expect(hostText(sources)).toContain('libvirt_autostart=win10');
    expect(live.vms).toHaveLength(1);
    const vm = live.vms![0]!;
    expect(vm).toMatchObject({ kind: 'libvirt', name: 'win10', complete: true });
    expect(vm.autostart?.value).toBe(true);
    expect(vm.hostdevs.map((h) => [h.bdf, h.guest?.bus])).toEqual([['0000:03:00.0', 5], ['0000:03:00.1', 6]]);
    expect(live.unparsed.count).toBe(0);
  });

  it('Proxmox: /etc/pve/qemu-server/ID.conf with its VMID', async () => {
    const { live } = await bundleOf(fixturePath('sysroots/proxmox-vm-pcie-on-i440fx'), false);
    expect(live.vms!.map((v) => [v.kind, v.vmid, v.name, v.autostart?.value, v.machine])).toEqual([['proxmox', '100', 'win11', true, undefined]]);
  });

  it('no libvirt and no Proxmox: nothing, no error (a live host gets a note, below)', async () => {
    const sources = await collectHost({ root: fixturePath('sysroots/healthy-rx6800') });
    expect(hostText(sources)).not.toContain('VM definition');
    expect(parseSources(sources).vms).toBeUndefined();
  });

  for (const name of ['libvirt-vm-split-slots', 'libvirt-vm-healthy', 'proxmox-vm-pcie-on-i440fx', 'proxmox-vm-healthy']) {
    it(`${name}: collect → bundle → analyze gives the same VM model (without redaction, and redacted but for the names)`, async () => {
      const root = fixturePath(`sysroots/${name}`);
      const plain = await bundleOf(root, false);
      expect(plain.again.vms!.map(model)).toEqual(plain.live.vms!.map(model));
      const red = await bundleOf(root, true);
      const names = new Map(red.live.vms!.map((v, i) => [v.name, red.again.vms![i]?.name]));
      // Each VM's name is replaced by one label everywhere; the UUID is redacted; the rest of the model is unchanged.
      expect([...names.values()].every((n) => /^VM-\d+$/.test(n ?? ''))).toBe(true);
      const strip = (v: Vm) => ({ ...model(v), name: undefined, uuid: undefined });
      expect(red.again.vms!.map(strip)).toEqual(red.live.vms!.map(strip));
    });
  }

  it('a redacted bundle names no VM, no UUID and no MAC, and keeps the sections readable', async () => {
    const { text } = await bundleOf(fixturePath('sysroots/libvirt-vm-split-slots'), true);
    expect(text).not.toMatch(/win10/i);
    expect(text).not.toContain('a7da7fa9-531b-4a45-94cf-a1428603d5ab');
    expect(text).not.toContain('52:54:00:9f:9c:89');
    expect(text).toContain('=== /etc/libvirt/qemu/VM-1.xml ===');
    expect(text).toContain('HOME=/var/lib/libvirt/qemu/domain-1-VM-1 \\');
    expect(text).toContain('libvirt_autostart=VM-1');
    expect(text).toMatch(/# redacted: .*VM names/);
  });
});

describe('VM collection on a live host (fake I/O)', () => {
  function live(answers: Record<string, RunResult>, virsh = true, sockets = true): HostIO & { calls: string[] } {
    const base = sysrootIO(fixturePath('sysroots/libvirt-vm-split-slots'));
    const calls: string[] = [];
    return {
      ...base,
      calls,
      label: 'fake host',
      euid: () => 0,
      stat: async (p: string) => (p === '/usr/bin/virsh' ? (virsh ? { isDir: false, isFile: true, mtimeMs: 0 } : undefined) : base.stat(p)),
      // A running (or socket-activated) system libvirt.
      readDir: async (p: string) => (p === '/run/libvirt' ? (sockets ? ['libvirt-sock', 'libvirt-sock-ro', 'virtlogd-sock'] : ['virtlogd-sock']) : base.readDir(p)),
      async run(argv: string[]) {
        calls.push(argv.join(' '));
        const key = argv.slice(4).join(' ');
        return answers[key] ?? answers[argv[0]!] ?? { exitCode: undefined, stdout: '', stderr: '', missing: true, timedOut: false };
      },
    };
  }

  it('asks libvirtd read-only (virsh -r list --all, dumpxml) and reads no /etc/libvirt/qemu copy', async () => {
    const xml = (await sysrootIO(fixturePath('sysroots/libvirt-vm-healthy')).readFile('/etc/libvirt/qemu/win10.xml'))!;
    const io = live({ 'list --all --name': ok('win10\nnas\n'), 'list --all --autostart --name': ok('nas\n'), 'dumpxml win10': ok(xml), 'dumpxml nas': { ...ok(''), exitCode: 1, stderr: 'error: failed to get domain' } });
    const sources = await collectHost({ io });
    expect(io.calls.filter((c) => c.includes('virsh'))).toEqual([
      '/usr/bin/virsh -r -c qemu:///system list --all --name',
      '/usr/bin/virsh -r -c qemu:///system list --all --autostart --name',
      '/usr/bin/virsh -r -c qemu:///system dumpxml win10',
      '/usr/bin/virsh -r -c qemu:///system dumpxml nas',
    ]);
    expect(sources.filter((s) => s.kind === 'libvirt-domain-xml').map((s) => s.source)).toEqual(['virsh dumpxml win10']);
    expect(hostText(sources)).toContain('libvirt_autostart=nas');
    expect(hostText(sources)).toContain('note=virsh dumpxml nas failed: error: failed to get domain');
    const f = parseSources(sources);
    expect(f.vms!.map((v) => [v.kind, v.name, v.autostart])).toEqual([['libvirt', 'win10', undefined]]);
  });

  it('no libvirt, no Proxmox on a live host: a note that the VM side was not checked, no error', async () => {
    const base = sysrootIO(fixturePath('sysroots/healthy-rx6800'));
    const io: HostIO = { ...base, label: 'fake host', euid: () => 0, run: async () => ({ exitCode: undefined, stdout: '', stderr: '', missing: true, timedOut: false }) };
    const sources = await collectHost({ io });
    expect(hostText(sources)).toContain('note=no VM definition found (no libvirt domain, no Proxmox VM config): the VM side was not checked');
    expect(parseSources(sources).vms).toBeUndefined();
  });

  it('with virsh but no libvirt socket (no daemon): the files, no virsh run', async () => {
    const io = live({}, true, false);
    const sources = await collectHost({ io });
    expect(io.calls.some((c) => c.includes('virsh'))).toBe(false);
    expect(sources.some((s) => s.kind === 'libvirt-domain-xml' && s.source.startsWith('/etc/libvirt/qemu/'))).toBe(true);
  });

  it('without virsh: the definitions libvirt keeps in /etc/libvirt/qemu, no command run for them', async () => {
    const io = live({}, false);
    const sources = await collectHost({ io });
    expect(io.calls.some((c) => c.includes('virsh'))).toBe(false);
    expect(sources.map((s) => s.source)).toContain('/etc/libvirt/qemu/win10.xml');
  });

  it('a definition root cannot read is a note that says so', async () => {
    const base = live({}, false);
    const io: HostIO = {
      ...base,
      readFile: async (p: string, max?: number) => {
        if (p.startsWith('/etc/libvirt/qemu/')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return base.readFile(p, max);
      },
    };
    const sources = await collectHost({ io });
    expect(hostText(sources)).toContain('note=could not read /etc/libvirt/qemu/win10.xml (permission denied: run as root to read VM definitions)');
  });

  it('a running QEMU is read from /proc/PID/cmdline, its NUL-separated argv as quoted words', async () => {
    const base = live({}, false);
    const argv = ['/usr/bin/qemu-system-x86_64', '-name', 'guest=scratch vm', '-machine', 'q35', '-m', '2048', '-device', 'vfio-pci,host=0000:03:00.0'];
    const io: HostIO = {
      ...base,
      readDir: async (p: string) => (p === '/proc' ? ['1', '4242', 'self'] : base.readDir(p)),
      readFile: async (p: string, max?: number) => (p === '/proc/4242/comm' ? 'qemu-system-x86\n' : p === '/proc/4242/cmdline' ? `${argv.join('\0')}\0` : p === '/proc/1/comm' ? 'systemd\n' : base.readFile(p, max)),
    };
    const sources = await collectHost({ io });
    const src = sources.find((s) => s.source === '/proc/4242/cmdline')!;
    expect(src.kind).toBe('qemu-cmdline');
    expect(src.text).toContain("-name 'guest=scratch vm'");
    expect(parseSources(sources).vms!.map((v) => [v.kind, v.name])).toEqual([['libvirt', 'win10'], ['qemu', 'scratch vm']]);
  });
});

describe('logTail', () => {
  it('keeps the last start of a domain log', () => {
    const log = ['2026-01-01 10:00:00.000+0000: starting up libvirt version: 9.0.0', 'old', '2026-01-02 10:00:00.000+0000: starting up libvirt version: 9.0.0', 'LC_ALL=C \\', 'new'].join('\n');
    expect(logTail(log).split('\n')).toEqual(['2026-01-02 10:00:00.000+0000: starting up libvirt version: 9.0.0', 'LC_ALL=C \\', 'new']);
    expect(logTail('a\nb\n')).toBe('a\nb');
  });
});

describe('VM names in a paste, for --redact', () => {
  it('a domain\'s <name>, Proxmox name:, libvirt\'s -name guest=; not a node device\'s name; one label per VM everywhere', async () => {
    const { namesIn, redact } = await import('../../src/collect/redact');
    const text = ["<domain type='kvm'>", '  <name>gamebox</name>', '</domain>', 'name: work-vm', '-name guest=gamebox,debug-threads=on \\', '<device>', '  <name>pci_0000_01_00_0</name>', '</device>'].join('\n');
    const names = namesIn(text);
    expect(names.vmNames?.sort()).toEqual(['gamebox', 'work-vm']);
    const out = redact(`${text}\nHOME=/var/lib/libvirt/qemu/domain-3-gamebox\n/var/lib/libvirt/qemu/nvram/gamebox_VARS.fd`, names).text;
    expect(out).not.toMatch(/gamebox|work-vm/);
    expect(out).toContain('<name>VM-1</name>');
    expect(out).toContain('name: VM-2');
    expect(out).toContain('-name guest=VM-1,debug-threads=on');
    expect(out).toContain('domain-3-VM-1');
    expect(out).toContain('nvram/VM-1_VARS.fd');
    expect(out).toContain('<name>pci_0000_01_00_0</name>');
  });
});
