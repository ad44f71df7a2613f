// The VM generators: libvirt <hostdev> elements valid by libvirt's own schema (virt-xml-validate), qm set lines in
// qm's syntax, QEMU -device lines; and the `vm` command that prints them for the host's target.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libvirtHostdevs, proxmoxLines, qemuArgs, virtInstallArgs } from '../../src/vm/generate';
import { parseSources } from '../../src/facts/from-sources';
import { cli } from '../cli-helpers';
import { fixturePath } from '../harness';

// virt-xml-validate (libvirt-clients) runs xmllint (libxml2-utils): both must be there.
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const hasValidator = onPath('virt-xml-validate') && onPath('xmllint');
const VALIDATOR = hasValidator ? 'virt-xml-validate' : 'skipped: virt-xml-validate or xmllint is not installed (Debian: apt-get install libvirt-clients libxml2-utils)';

/** A minimal domain around generated hostdevs: virt-xml-validate checks whole documents against domain.rng. */
const domainWith = (hostdevs: string, machine: string) =>
  `<domain type='kvm'>\n  <name>check</name>\n  <memory unit='KiB'>1048576</memory>\n  <os>\n    <type arch='x86_64' machine='${machine}'>hvm</type>\n  </os>\n  <devices>\n${hostdevs}\n  </devices>\n</domain>\n`;

const CARDS: [string, string[]][] = [
  ['GPU + audio', ['0000:01:00.0', '0000:01:00.1']],
  ['Turing: GPU, audio, USB, UCSI', ['0000:0a:00.0', '0000:0a:00.1', '0000:0a:00.2', '0000:0a:00.3']],
  ['one function in domain 0001', ['0001:c1:00.0']],
];

describe('libvirt <hostdev> generator', () => {
  it.each(CARDS)('%s: every function on one guest slot, multifunction on function 0 only when several', (_n, bdfs) => {
    const xml = libvirtHostdevs({ bdfs, guest: { bus: 6, slot: 0 } });
    // Read back with the tool's own parser: the same host addresses, one guest slot, function numbers kept.
    const vm = parseSources([{ source: 'gen', kind: 'libvirt-domain-xml', text: domainWith(xml, 'q35') }]).vms![0]!;
    expect(vm.hostdevs.map((h) => h.bdf)).toEqual(bdfs);
    expect(new Set(vm.hostdevs.map((h) => `${h.guest!.bus}:${h.guest!.slot}`))).toEqual(new Set(['6:0']));
    expect(vm.hostdevs.map((h) => h.guest!.function)).toEqual(bdfs.map((b) => Number(b.slice(-1))));
    expect(vm.hostdevs.map((h) => h.guest!.multifunction === true)).toEqual(bdfs.map((b, i) => bdfs.length > 1 && i === 0));
    expect(vm.hostdevs.every((h) => h.managed)).toBe(true);
  });

  it.skipIf(!hasValidator).each(CARDS)(`%s: passes ${VALIDATOR}`, (_n, bdfs) => {
    const dir = mkdtempSync(join(tmpdir(), 'vfio-doctor-vm-'));
    try {
      for (const machine of ['pc-q35-8.2', 'pc-i440fx-8.2']) {
        const f = join(dir, `${machine}.xml`);
        writeFileSync(f, domainWith(libvirtHostdevs({ bdfs }), machine));
        const r = spawnSync('virt-xml-validate', [f, 'domain'], { encoding: 'utf8' });
        expect(`${r.stdout}${r.stderr}`, machine).toMatch(/ validates$/m);
        expect(r.status).toBe(0);
      }
      // The validator is not a rubber stamp: a hostdev without its source fails.
      const bad = join(dir, 'bad.xml');
      writeFileSync(bad, domainWith("<hostdev mode='subsystem' type='pci'><address type='pci' bus='0x00' slot='0x10' function='0x0'/></hostdev>", 'q35'));
      expect(spawnSync('virt-xml-validate', [bad, 'domain']).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(!hasValidator)(`libvirt schema validation: ${VALIDATOR}`, () => {
    expect(hasValidator).toBe(false);
  });
});

describe('Proxmox and QEMU lines', () => {
  // qm's syntax (qemu-server PVE/QemuServer/PCI.pm $hostpci_fmt): hostpciN: [host=]ID[;ID…][,pcie=<0|1>][,x-vga=<0|1>]…
  const QM = /^qm set (?:VMID|\d+) -(?:machine q35|hostpci\d+ (?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}(?:\.[0-7])?(?:;(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}(?:\.[0-7])?)*(?:,(?:pcie|x-vga|rombar)=[01])*)$/;
  it.each(CARDS)('%s: qm set lines in qm syntax, one hostpci per card (all functions)', (_n, bdfs) => {
    const l = proxmoxLines({ bdfs, vmid: '101' });
    for (const x of l) expect(x).toMatch(QM);
    expect(l.filter((x) => x.includes('-hostpci'))).toEqual([`qm set 101 -hostpci0 ${bdfs[0]!.slice(0, -2)},pcie=1`]);
    // Read back by the Proxmox parser: every function of the slot.
    const vm = parseSources([{ source: 'qm config 101', kind: 'pve-vm-config', text: `boot: order=scsi0\n${l[1]!.replace(/^qm set 101 -(hostpci0) /, '$1: ')}\nmachine: q35\n` }]).vms![0]!;
    expect(vm.hostdevs[0]).toMatchObject({ bdf: bdfs[0], allFunctions: true, pcie: true });
  });

  it('QEMU: a root port and one vfio-pci per function at addr 00.N, multifunction on 00.0', () => {
    const a = qemuArgs({ bdfs: ['0000:01:00.1', '0000:01:00.0'] });
    expect(a).toEqual([
      '-machine q35',
      '-device pcie-root-port,id=vfio-rp0,chassis=10,bus=pcie.0',
      '-device vfio-pci,host=0000:01:00.0,bus=vfio-rp0,addr=00.0,multifunction=on',
      '-device vfio-pci,host=0000:01:00.1,bus=vfio-rp0,addr=00.1',
    ]);
  });

  it('virt-install: one --hostdev per function on one guest slot, address.multifunction=on on function 0 only', () => {
    expect(virtInstallArgs({ bdfs: ['0000:01:00.1', '0000:01:00.0'], guest: { bus: 0, slot: 5 } })).toEqual([
      '--hostdev 0000:01:00.0,address.type=pci,address.domain=0x0000,address.bus=0x00,address.slot=0x05,address.function=0x0,address.multifunction=on',
      '--hostdev 0000:01:00.1,address.type=pci,address.domain=0x0000,address.bus=0x00,address.slot=0x05,address.function=0x1',
    ]);
    expect(virtInstallArgs({ bdfs: ['0001:c1:00.0'] })).toEqual(['--hostdev 0001:c1:00.0,address.type=pci,address.domain=0x0000,address.bus=0x00,address.slot=0x10,address.function=0x0']);
  });
});

describe('vfio-doctor vm', () => {
  const fires = fixturePath('rules/vm-hostdev-group-incomplete/fires.txt');
  it('libvirt from a paste: the whole card on the guest slot the VM already uses', async () => {
    const r = await cli(['vm', 'libvirt', fires]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("<address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>");
    expect(r.stdout).toContain("slot='0x05' function='0x0' multifunction='on'/>");
    expect(r.stdout).not.toContain('qm set');
  });
  it('every format with --json', async () => {
    const r = await cli(['vm', fires, '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.devices).toEqual(['0000:01:00.0', '0000:01:00.1']);
    expect(j.proxmox).toContain('qm set VMID -hostpci0 0000:01:00,pcie=1');
    expect(j.qemu).toContain('-device vfio-pci,host=0000:01:00.1');
    expect(j.libvirt).toContain('<hostdev');
    expect(j['virt-install']).toContain('--hostdev 0000:01:00.1,address.type=pci');
  });
  it('no target: a one-line error, exit 2', async () => {
    const r = await cli(['vm', 'qemu', '-'], { stdin: 'BOOT_IMAGE=/vmlinuz-6.8.0 root=/dev/sda1 ro quiet\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vfio-doctor: no passthrough target .*--gpu BDF\n$/);
  });
  it('an unknown format with a file: a one-line error', async () => {
    const r = await cli(['vm', 'xen', fires]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown VM format "xen"');
  });
});
