// Device names from pci.ids: the index walk over the file names what reading it line by line names.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { pciNames } from '../../src/collect/pci-ids';
import type { HostIO } from '../../src/collect/io';
import { fixturePath } from '../harness';

/** Reading the file line by line, the way the names were always read. */
function byLines(text: string, ids: { vendor: string; device: string }[]): Map<string, string> {
  const wanted = new Map<string, Set<string>>();
  for (const { vendor, device } of ids) wanted.set(vendor, (wanted.get(vendor) ?? new Set()).add(device));
  const out = new Map<string, string>();
  let vendor: string | undefined;
  let vendorName = '';
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('C ')) break;
    if (line[0] !== '\t') {
      vendor = line.slice(0, 4).toLowerCase();
      vendorName = line.slice(6).trim();
      continue;
    }
    if (line[1] === '\t' || !vendor || !wanted.has(vendor)) continue;
    const dev = line.slice(1, 5).toLowerCase();
    if (wanted.get(vendor)!.has(dev)) out.set(`${vendor}:${dev}`, `${vendorName} ${line.slice(7).trim()}`);
  }
  return out;
}

const ioWith = (text: string | Buffer): HostIO => ({ label: 't', readFile: async () => undefined, readBytes: async (p) => (p === '/usr/share/misc/pci.ids' ? Buffer.from(text) : undefined), readDir: async () => undefined, readLink: async () => undefined, stat: async () => undefined, euid: () => undefined });

describe('pciNames', () => {
  const texts: [string, string][] = [];
  for (const n of readdirSync(fixturePath('sysroots'))) {
    const p = fixturePath(`sysroots/${n}/usr/share/misc/pci.ids`);
    if (existsSync(p)) texts.push([n, readFileSync(p, 'utf8')]);
  }
  texts.push([
    'edges',
    '# comment\n10DE  NVIDIA Corporation\n\t2204  GA102 [GeForce RTX 3090]\r\n\t\t1458 403b  Subsystem\n\t22\n\t\n1a03  ASPEED Technology, Inc.\n\t2000  ASPEED Graphics Family\n\t2000  listed twice\nab\n\tabcd  under a short vendor line\nC 03  Display controller\n8086  after the classes\n\t1234  never read',
  ]);
  it('names every wanted device as the line-by-line reading does, on every fixture and on odd files', async () => {
    expect(texts.length).toBeGreaterThan(1);
    for (const [name, text] of texts) {
      const ids = [...text.matchAll(/^\t([0-9a-fA-F]{4})/gm)].map((m) => m[1]!.toLowerCase());
      const vendors = [...text.matchAll(/^([0-9a-zA-Z]{2,4})/gm)].map((m) => m[1]!.toLowerCase());
      const want = vendors.flatMap((vendor) => [...ids, '22', '', '1234'].map((device) => ({ vendor, device })));
      const names = await pciNames(ioWith(text), want);
      expect(names.size, name).toBeGreaterThan(0);
      expect(names, name).toEqual(byLines(text, want));
    }
  });

  // pci.ids has one case (lower): a vendor found so is not looked for in its other spellings (each a scan of the file).
  it('reads a vendor in the case pci.ids writes first; its other spellings only where that finds nothing', async () => {
    const mixed = '10de  NVIDIA Corporation\n\t2204  GA102\n10DE  Upper-case copy\n\t2204  not read\n1A03  ASPEED (upper case only)\n\t2000  Graphics\nC 03  Display controller\n';
    const names = await pciNames(ioWith(mixed), [{ vendor: '10de', device: '2204' }, { vendor: '1a03', device: '2000' }]);
    expect(Object.fromEntries(names)).toEqual({ '10de:2204': 'NVIDIA Corporation GA102', '1a03:2000': 'ASPEED (upper case only) Graphics' });
  });

  it('reads names as their UTF-8 says, wherever a line has bytes that are not ASCII', async () => {
    // Accents in names, right after an ID (where a byte offset is not a character offset), a byte that is no UTF-8,
    // and IDs that are not ASCII (only a hand-made tree has them).
    const bytes = Buffer.concat([
      Buffer.from('1b21  ASMedia Technology Inc.\n\t1242  ASM1142 USB 3.1 Host Controller – rev ü\n\t2142 Ä narrow spacing\n\t3242éab accent in the ID\n\t4242  bad '),
      Buffer.from([0xff, 0xc3]),
      Buffer.from(' bytes\n1b2é  accented vendor\n\t0001  under it\nabcd Ünicode vendor name\n\t0002  Ölfilter\n\té003  accented device\nC 0c  Serial bus controller\n'),
    ]);
    const text = bytes.toString('utf8');
    const ascii = ['1242', '2142', '3242', '4242', '0002'].flatMap((device) => ['1b21', 'abcd'].map((vendor) => ({ vendor, device })));
    const names = await pciNames(ioWith(bytes), ascii);
    expect(names.get('1b21:3242')).toBe('ASMedia Technology Inc. b accent in the ID');
    expect(names.get('abcd:0002')).toBe('nicode vendor name Ölfilter');
    expect(names).toEqual(byLines(text, ascii));
    const odd = [...ascii, { vendor: '1b2é', device: '0001' }, { vendor: 'abcd', device: 'é003' }];
    const oddNames = await pciNames(ioWith(bytes), odd);
    expect(oddNames.get('1b2é:0001')).toBe('accented vendor under it');
    expect(oddNames).toEqual(byLines(text, odd));
  });

  // ASCII IDs are found by two regex runs a vendor block, others by walking it line by line: the same names either way.
  it('finds a block\'s devices by regex as the line-by-line walk does, on any mix of vendor, device, subsystem, comment and blank lines', async () => {
    const vendorLine = fc.constantFrom('10de  NVIDIA Corporation', '10DE  Upper-case vendor', '1a03  ASPEED', 'ab', 'abcd  short', '1234  dotted', 'C 03  Display controller');
    const inBlock = fc.constantFrom(
      '\t2204  GA102', '\t22a4  lower', '\t22A4  upper', '\t22', '\t', '\t2204', '\t2204\r', '\t22\r', '\ta.c  dot', '\tabc', '\t12345  long',
      '\t\t1458 403b  Subsystem', '\t\t2204', '# comment', '#\t2204  commented out', '', '\r', ' 2204  blank first', '\t2204  twice',
    );
    const file = fc.array(fc.tuple(vendorLine, fc.array(inBlock, { maxLength: 8 })), { maxLength: 6 }).map((blocks) => blocks.flatMap(([v, ls]) => [v, ...ls]));
    const device = fc.constantFrom('2204', '22a4', '22A4', '22', '', '1234', 'a.c', 'abc', '12345', '2204\r', '\t145', '\t22');
    const vendor = fc.constantFrom('10de', '10DE', '1a03', 'ab', 'abcd', '1234');
    let found = 0;
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.record({ vendor, device }), { minLength: 1, maxLength: 8 }), async (lines, ids) => {
        const text = lines.join('\n');
        const byRegex = await pciNames(ioWith(text), ids);
        // An ID that is not ASCII sends every vendor through the walk (the file is ASCII: decoded the same).
        const byWalk = await pciNames(ioWith(text), [...ids, { vendor: 'zzz\u00e9', device: '0000' }]);
        expect(byRegex).toEqual(byWalk);
        if (byRegex.size) found++;
      }),
      { numRuns: 2000 },
    );
    // Most files name something: the two ways are compared on names, not only on nothing found.
    expect(found).toBeGreaterThan(200);
  });

  // A hostile or hand-made tree's vendor and device files say anything: an ID longer than four characters can never
  // be named (the match is on four), and its case spellings alone were 2^length: a 30-letter vendor hung the report.
  it('names a host with absurd IDs as fast as any (no spelling of a 60-letter vendor is looked for)', async () => {
    const text = '10de  NVIDIA Corporation\n\t2204  GA102\nC 03  Display controller\n';
    const odd = [{ vendor: 'abcdef'.repeat(10), device: '2204' }, { vendor: '10de', device: 'abcdef'.repeat(10) }, { vendor: 'ab\ncd', device: '2204' }];
    const names = await pciNames(ioWith(text), [...odd, { vendor: '10de', device: '2204' }]);
    expect(Object.fromEntries(names)).toEqual({ '10de:2204': 'NVIDIA Corporation GA102' });
    expect((await pciNames(ioWith(text), odd)).size).toBe(0);
  });

  // Past 64 vendors the scan looks for their first characters and tells them apart by a set; each vendor's names are
  // its own, so a few vendors are named alike among hundreds of others.
  it('finds vendors and devices among hundreds (a tree of odd IDs) as among a few', async () => {
    const lines: string[] = [];
    for (let v = 0; v < 300; v += 3) lines.push(`${v.toString(16).padStart(4, '0')}  Vendor ${v}`, `\t${(v * 7).toString(16).padStart(4, '0')}  Device ${v}`, '\t\t1234 5678  sub');
    lines.push('ABCD  upper case only', '\t00aa  under it', 'C 03  Display controller', '0003  after the classes', '\t0015  never read');
    const text = lines.join('\n');
    const few = ['0003', '0009', '0081', 'abcd', '0002'].flatMap((vendor) => ['0015', '003f', '0387', '00aa', '0000'].map((device) => ({ vendor, device })));
    // And past 64 wanted devices of one vendor, its block's device lines are told apart by a set too.
    const many = [...few, ...Array.from({ length: 400 }, (_, i) => ({ vendor: (i + 1000).toString(16), device: '0000' })), ...Array.from({ length: 100 }, (_, i) => ({ vendor: '0003', device: (i + 0x2000).toString(16) }))];
    const fromFew = await pciNames(ioWith(text), few);
    expect(fromFew.size).toBeGreaterThan(2);
    const fromMany = await pciNames(ioWith(text), many);
    const mine = new Set(few.map((i) => i.vendor));
    expect(new Map([...fromMany].filter(([k]) => mine.has(k.slice(0, k.indexOf(':')))))).toEqual(fromFew);
    expect(fromFew.get('abcd:00aa')).toBe('upper case only under it');
  });

  // Found by review: each of these gave another answer than the walk, or took minutes.
  it('reads odd trees as the walk does: a device ID starting with a tab, a long non-ASCII ID beside, an empty vendor', async () => {
    // A tab-first ID would match a subsystem line ("\t\t1da2 e458 …"); the walk skips those.
    const sub = '1002  AMD\n\t73bf  Navi 21\n\t\t1da2 e458  Sapphire NITRO+\nC 03  Display controller\n';
    expect((await pciNames(ioWith(sub), [{ vendor: '1002', device: '\t1da' }])).size).toBe(0);
    // An ID that is not ASCII (even one too long to be named) makes the file read as UTF-8, where the Kelvin sign lowers
    // to "k": the same names as before.
    const kelvin = '10de  NVIDIA\n\t\u212aabc  Kelvin dev\n';
    expect(Object.fromEntries(await pciNames(ioWith(kelvin), [{ vendor: '10de', device: 'kabc' }, { vendor: '1002', device: '\u00e9'.repeat(5) }]))).toEqual({ '10de:kabc': 'NVIDIA Kelvin dev' });
    // A vendor file of "0x" is an empty vendor: the first four characters of an empty line.
    expect(Object.fromEntries(await pciNames(ioWith('\n\t\n'), [{ vendor: '', device: '' }]))).toEqual({ ':': ' ' });
  });

  it('reads a file repeating one vendor line a million times in linear time (each vendor\'s regex is made once)', async () => {
    const text = 'abcd\n'.repeat(1_000_000);
    const ids = Array.from({ length: 100 }, (_, i) => ({ vendor: 'abcd', device: i.toString(16).padStart(4, '0') }));
    const started = performance.now();
    expect((await pciNames(ioWith(text), ids)).size).toBe(0);
    // Linear: ~1-2 s here without the optimising compiler; one regex made a line took minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('reads nothing when no device has an ID', async () => {
    expect((await pciNames(ioWith('10de  NVIDIA\n\t2204  GA102\n'), [])).size).toBe(0);
  });
});
