// PCI collection's fast paths (uevent instead of six files, groups from the listing, synchronous sysroot reads, only
// display cards' boot_vga/power_state) give the sysfs section the plain paths give, on every fixture sysroot.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import fc from 'fast-check';
import { parseUevent, parseUeventLines } from '../../src/collect/uevent';
import { collectPci } from '../../src/collect/pci';
import { iommuGroups } from '../../src/collect/system';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { syncTwin, type HostIO } from '../../src/collect/io';
import { fixturePath } from '../harness';

// uevent files as a 6.8 kernel prints them (cat /sys/bus/pci/devices/0000:01:00.0/uevent).
const BOUND_GPU = 'DRIVER=nvidia\nPCI_CLASS=30000\nPCI_ID=10DE:2204\nPCI_SUBSYS_ID=1458:403B\nPCI_SLOT_NAME=0000:01:00.0\nMODALIAS=pci:v000010DEd00002204sv00001458sd0000403Bbc03sc00i00\n';
const UNBOUND_USB = 'PCI_CLASS=C0330\nPCI_ID=1022:15B6\nPCI_SUBSYS_ID=1462:7E12\nPCI_SLOT_NAME=0000:12:00.3\nMODALIAS=pci:v00001022d000015B6sv00001462sd00007E12bc0Csc03i30\n';

describe('parseUevent', () => {
  it('reads IDs, class, subsystem and the bound driver in the attribute files\' form', () => {
    expect(parseUevent(BOUND_GPU)).toEqual({ driver: 'nvidia', class: '030000', vendor: '10de', device: '2204', subVendor: '1458', subDevice: '403b', complete: true });
  });
  it('a whole uevent without DRIVER= is an unbound function; %04X classes are padded to six digits', () => {
    expect(parseUevent(UNBOUND_USB)).toEqual({ class: '0c0330', vendor: '1022', device: '15b6', subVendor: '1462', subDevice: '7e12', complete: true });
    expect(parseUevent('PCI_CLASS=0000\nPCI_ID=1234:1111\nPCI_SUBSYS_ID=1AF4:1100\n').class).toBe('000000');
  });
  it('a file missing pci_uevent\'s lines says nothing about the driver (not "unbound")', () => {
    expect(parseUevent('PCI_CLASS=30000\nPCI_ID=10DE:2204\n').complete).toBe(false);
    expect(parseUevent('DRIVER=nvidia\n').complete).toBe(false);
    expect(parseUevent('').complete).toBe(false);
  });
  it('ignores malformed values instead of inventing IDs', () => {
    expect(parseUevent('PCI_CLASS=zz\nPCI_ID=10DE2204\nPCI_SUBSYS_ID=1458:403B:1\n')).toEqual({ complete: false });
    expect(parseUevent('PCI_CLASS=30000\r\nPCI_ID=10DE:2204\r\nPCI_SUBSYS_ID=1458:403B\r\n').complete).toBe(true);
  });
});

describe('parseUevent\'s one-regex path for the kernel\'s layout', () => {
  it('reads the kernel\'s files as the line-by-line reader does', () => {
    for (const t of [BOUND_GPU, UNBOUND_USB, BOUND_GPU.trim(), UNBOUND_USB.trim(), 'PCI_CLASS=0000\nPCI_ID=1234:1111\nPCI_SUBSYS_ID=1AF4:1100']) expect(parseUevent(t)).toEqual(parseUeventLines(t));
  });
  it('gives what the line-by-line reader gives for the kernel\'s layout and any change to it', () => {
    const hex = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9A-Fa-f]{${min},${max}}$`));
    const odd = fc.constantFrom('', ' ', 'g', '\r', ':', '=');
    const field = (v: fc.Arbitrary<string>) => fc.oneof({ arbitrary: v, weight: 8 }, { arbitrary: fc.tuple(v, odd).map(([x, o]) => x + o), weight: 1 });
    const id = fc.tuple(hex(4, 4), hex(4, 4)).map(([a, b]) => `${a}:${b}`);
    const layout = fc.record({
      driver: fc.option(field(fc.constantFrom('nvidia', 'vfio-pci', 'snd_hda_intel', ''))),
      cls: field(hex(1, 7)),
      ids: field(fc.oneof({ arbitrary: id, weight: 8 }, { arbitrary: hex(8, 9), weight: 1 })),
      sub: field(id),
      slot: fc.option(fc.constant('PCI_SLOT_NAME=0000:01:00.0')),
      alias: fc.option(fc.constant('MODALIAS=pci:v000010DEd00002204sv00001458sd0000403Bbc03sc00i00')),
      end: fc.constantFrom('', '\n', '\r\n', '\n\n'),
      // A change a hand-made or damaged file may have: two lines swapped, one repeated, one dropped, a blank inside.
      change: fc.option(fc.tuple(fc.constantFrom('swap', 'repeat', 'drop', 'blank', 'crlf'), fc.nat(), fc.nat()), { freq: 3 }),
    });
    const texts = layout.map(({ driver, cls, ids, sub, slot, alias, end, change }) => {
      const lines = [driver === null ? null : `DRIVER=${driver}`, `PCI_CLASS=${cls}`, `PCI_ID=${ids}`, `PCI_SUBSYS_ID=${sub}`, slot, alias].filter((l): l is string => l !== null);
      if (change) {
        const [what, a, b] = change;
        const i = a % lines.length;
        const j = b % lines.length;
        if (what === 'swap') [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        else if (what === 'repeat') lines.splice(j, 0, lines[i]!);
        else if (what === 'drop') lines.splice(i, 1);
        else if (what === 'blank') lines.splice(i, 0, '');
        else return lines.join('\r\n') + end;
      }
      return lines.join('\n') + end;
    });
    let regexPath = 0;
    fc.assert(
      fc.property(texts, (t) => {
        const got = parseUevent(t);
        expect(got).toEqual(parseUeventLines(t));
        if (got.complete && !t.includes('\r') && !/\n\n./.test(t)) regexPath++;
      }),
      { numRuns: 4000 },
    );
    // The generator reaches the one-regex path often, and the loop's way just as well.
    expect(regexPath).toBeGreaterThan(400);
    expect(regexPath).toBeLessThan(3600);
  });
});

/** The same I/O without the uevent files (an older or hand-made tree). */
const withoutUevent = (io: HostIO): HostIO => ({
  ...io,
  readFile: (p, m) => (p.endsWith('/uevent') ? Promise.resolve(undefined) : io.readFile(p, m)),
});
/** The same I/O answering through promises only (what a live host does). */
const asyncOnly = (io: HostIO): HostIO => ({ ...io, readFile: (p, m) => io.readFile(p, m), readLink: (p) => io.readLink(p) });

describe('collectPci on every fixture sysroot', () => {
  const names = readdirSync(fixturePath('sysroots'));

  it('the fixtures keep both kinds of tree: with uevent files, and one without', async () => {
    const have = await Promise.all(names.map(async (n) => (await sysrootIO(fixturePath(`sysroots/${n}`)).readDir('/sys/devices/pci0000:00/0000:00:00.0'))?.includes('uevent')));
    expect(have).toContain(true);
    expect(have).toContain(false);
  });

  for (const name of names) {
    it(`${name}: uevent, the groups listing and synchronous reads change nothing`, async () => {
      const io = sysrootIO(fixturePath(`sysroots/${name}`));
      expect(syncTwin(io.readFile)).toBeTypeOf('function');
      const groups = (await iommuGroups(io))?.members;
      const fast = await collectPci(io, groups);
      expect(fast?.count).toBeGreaterThan(0);
      expect(await collectPci(withoutUevent(io)), 'separate attribute files').toEqual(fast);
      expect(await collectPci(asyncOnly(io), groups), 'promise-only reads').toEqual(fast);
      expect(await collectPci(io), 'each iommu_group link').toEqual(fast);
    });
  }
});

/** A sysroot with the given files ("-> target" makes a link), under a fresh temporary folder. */
function tree(spec: Record<string, string>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'vfd-pci-')), 'root');
  for (const [p, v] of Object.entries(spec)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    if (v.startsWith('-> ')) symlinkSync(v.slice(3), full);
    else writeFileSync(full, v);
  }
  return root;
}

function fn(bdf: string, attrs: Record<string, string>, links: Record<string, string> = {}): Record<string, string> {
  const dev = `sys/devices/pci0000:00/${bdf}`;
  const out: Record<string, string> = { [`sys/bus/pci/devices/${bdf}`]: `-> ../../../devices/pci0000:00/${bdf}` };
  for (const [k, v] of Object.entries(attrs)) out[`${dev}/${k}`] = v;
  for (const [k, v] of Object.entries(links)) out[`${dev}/${k}`] = `-> ${v}`;
  return out;
}

describe('collectPci: what is read', () => {
  it('a whole uevent replaces the ID, class and driver files; a partial one does not', async () => {
    const root = tree({
      ...fn('0000:01:00.0', { uevent: BOUND_GPU, vendor: '0xffff\n', driver_override: '(null)\n', boot_vga: '1\n' }, { driver: '../../../bus/pci/drivers/vfio-pci' }),
      ...fn('0000:02:00.0', { uevent: 'PCI_CLASS=20000\nPCI_ID=8086:1533\n', subsystem_vendor: '0x8086\n', subsystem_device: '0x0001\n', driver_override: '(null)\n' }, { driver: '../../../bus/pci/drivers/igb' }),
    });
    try {
      const text = (await collectPci(sysrootIO(root)))!.text.split('\n');
      // uevent wins over a contradicting file: every real sysfs has it, and the kernel writes both from one struct.
      expect(text[0]).toBe('0000:01:00.0 vendor=10de device=2204 class=030000 subsystem=1458:403b driver=nvidia driver_override=(null) boot_vga=1');
      expect(text[1]).toBe('0000:02:00.0 vendor=8086 device=1533 class=020000 subsystem=8086:0001 driver=igb driver_override=(null)');
    } finally {
      rmSync(dirname(root), { recursive: true, force: true });
    }
  });

  it('with a whole uevent, the ID, class and subsystem files and the driver link are not read', async () => {
    const io = sysrootIO(fixturePath('sysroots/seed-identical-3090ti'));
    const read: string[] = [];
    const spy: HostIO = { ...io, readFile: (p, m) => (read.push(p), io.readFile(p, m)), readLink: (p) => (read.push(p), io.readLink(p)) };
    await collectPci(spy, (await iommuGroups(io))?.members);
    const perFunction = read.filter((p) => p.startsWith('/sys/devices/')).map((p) => p.slice(p.lastIndexOf('/') + 1));
    expect(perFunction).toContain('uevent');
    expect(perFunction.filter((n) => /^(?:vendor|device|class|subsystem_vendor|subsystem_device|driver|iommu_group)$/.test(n))).toEqual([]);
  });

  it('boot_vga and power_state are read for display functions and the rest of their card only', async () => {
    const root = tree({
      ...fn('0000:01:00.0', { uevent: BOUND_GPU, boot_vga: '0\n', power_state: 'D0\n', reset_method: 'flr bus\n' }),
      ...fn('0000:01:00.1', { uevent: 'DRIVER=snd_hda_intel\nPCI_CLASS=40300\nPCI_ID=10DE:1AEF\nPCI_SUBSYS_ID=1458:403B\n', power_state: 'D3hot\n' }),
      ...fn('0000:02:00.0', { uevent: 'DRIVER=igb\nPCI_CLASS=20000\nPCI_ID=8086:1533\nPCI_SUBSYS_ID=8086:0001\n', power_state: 'D0\n', reset_method: 'flr\n' }),
      ...fn('0000:03:00.0', { vendor: '0x1234\n', device: '0x1111\n', power_state: 'D0\n', boot_vga: '1\n' }),
    });
    try {
      const text = (await collectPci(sysrootIO(root)))!.text.split('\n');
      expect(text[0]).toMatch(/ boot_vga=0 reset_method=flr,bus power_state=D0$/);
      expect(text[1]).toMatch(/ driver=snd_hda_intel power_state=D3hot$/);
      // reset_method is read for every function (--gpu may name any); power_state is nobody's business on a NIC.
      expect(text[2]).toBe('0000:02:00.0 vendor=8086 device=1533 class=020000 subsystem=8086:0001 driver=igb reset_method=flr');
      // Unknown class: unknown is not "not a display", so both are read.
      expect(text[3]).toBe('0000:03:00.0 vendor=1234 device=1111 driver=- boot_vga=1 power_state=D0');
    } finally {
      rmSync(dirname(root), { recursive: true, force: true });
    }
  });

  it('a function missing from the groups listing still gets its group from its own link', async () => {
    const root = tree({
      ...fn('0000:01:00.0', { uevent: BOUND_GPU }, { iommu_group: '../../../kernel/iommu_groups/7' }),
      ...fn('0000:02:00.0', { uevent: UNBOUND_USB }, { iommu_group: '../../../kernel/iommu_groups/9' }),
      'sys/kernel/iommu_groups/7/devices/0000:01:00.0': '-> ../../../../devices/pci0000:00/0000:01:00.0',
    });
    try {
      const io = sysrootIO(root);
      const text = (await collectPci(io, (await iommuGroups(io))!.members))!.text;
      expect(text).toMatch(/^0000:01:00\.0 .* iommu_group=7/m);
      expect(text).toMatch(/^0000:02:00\.0 .* iommu_group=9/m);
    } finally {
      rmSync(dirname(root), { recursive: true, force: true });
    }
  });

  it('a function two group folders list (only a hand-made tree can) is left to its own link', async () => {
    const root = tree({
      ...fn('0000:01:00.0', { uevent: BOUND_GPU }, { iommu_group: '../../../kernel/iommu_groups/7' }),
      'sys/kernel/iommu_groups/7/devices/0000:01:00.0': '-> ../../../../devices/pci0000:00/0000:01:00.0',
      'sys/kernel/iommu_groups/8/devices/0000:01:00.0': '-> ../../../../devices/pci0000:00/0000:01:00.0',
    });
    try {
      const io = sysrootIO(root);
      const groups = await iommuGroups(io);
      expect(groups!.members.has('0000:01:00.0')).toBe(false);
      expect((await collectPci(io, groups!.members))!.text).toMatch(/ iommu_group=7/);
    } finally {
      rmSync(dirname(root), { recursive: true, force: true });
    }
  });
});
