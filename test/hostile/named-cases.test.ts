// Named hostile inputs, through the command line in-process and through diagnose: each either gives the same report
// as the clean paste, or ends with exit 2 and one plain line on stderr.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, truncateSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, type CliResult } from '../cli-helpers';
import { fixture, fixturePath } from '../harness';
import { diagnose } from '../../src/index';
import { Report } from '../../src/schema/report';
import { ErrorReport } from '../../src/schema/error-report';
import { MAX_INPUT_BYTES, readFdCapped } from '../../src/cli/input';
import { normalizeBdf } from '../../src/pci/bdf';
import { REAL_PASTES } from './generators';

const SEED = fixture('pastes/seed-identical-3090ti.txt');
const tmp = () => mkdtempSync(join(tmpdir(), 'vfd-hostile-'));

/** Exit 2 with exactly one plain line on stderr, nothing on stdout, no stack. */
function expectOneLineFailure(r: CliResult, msg: RegExp) {
  expect(r.code).toBe(2);
  // With --json a script still gets one error document; otherwise nothing.
  if (r.stdout) expect(ErrorReport.parse(JSON.parse(r.stdout)).error.message).toMatch(msg);
  expect(r.stderr).toMatch(/^vfio-doctor: [^\n]+\n$/);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** What a report says, independent of line numbers and formatting: ids, severities and evidence texts. */
function gist(text: string | Buffer) {
  const r = JSON.parse(typeof text === 'string' ? text : text.toString()) as Report;
  expect(Report.safeParse(r).success).toBe(true);
  return {
    findings: r.findings.map((f) => `${f.severity} ${f.id}`).sort(),
    evidence: r.findings.flatMap((f) => f.evidence.map((e) => `${f.id}: ${e.text}`)).sort(),
    devices: r.devices.map((d) => `${d.bdf} ${d.ids} ${d.driver} ${d.iommuGroup}`),
    iommu: r.host.iommu,
  };
}

async function analyzeJson(stdin: string | Buffer) {
  const r = await cli(['analyze', '-', '--json'], { stdin });
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  return gist(r.stdout);
}

const clean = () => analyzeJson(SEED);

describe('empty and blank input', () => {
  it('empty stdin and an empty file: exit 2 with what to paste', async () => {
    expectOneLineFailure(await cli(['analyze', '-'], { stdin: '' }), /standard input is empty; paste the output of/);
    const f = join(tmp(), 'empty.txt');
    writeFileSync(f, '');
    expectOneLineFailure(await cli(['analyze', f]), /empty\.txt is empty/);
  });
  it('only whitespace (spaces, tabs, CRLF, form feeds, NBSP): exit 2', async () => {
    expectOneLineFailure(await cli(['analyze', '-'], { stdin: ' \t\r\n\n  \r\n\u00a0\n' }), /is empty/);
  });
  it('diagnose on empty and blank text gives a valid report that says what it could not check', () => {
    for (const text of ['', ' ', '\n\n\n', '\r\r', '\t \u00a0']) {
      const r = diagnose([{ source: 'pasted text', text }]);
      expect(Report.safeParse(r).success).toBe(true);
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(r.unableToCheck.length).toBeGreaterThan(0);
    }
  });
});

describe('binary and broken encodings', () => {
  const bytes = (n: number, seed = 7) => {
    const b = Buffer.alloc(n);
    let x = seed;
    for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    return b;
  };
  it('random bytes: exit 2, "looks like binary data"', async () => {
    expectOneLineFailure(await cli(['analyze', '-'], { stdin: bytes(20000) }), /looks like binary data, not text/);
  });
  it('an ELF header and NULs: exit 2', async () => {
    expectOneLineFailure(await cli(['analyze', '-'], { stdin: Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01'), Buffer.alloc(4000)]) }), /binary data/);
  });
  it('diagnose on binary decoded as text does not throw', () => {
    for (let s = 1; s < 20; s++) {
      const r = diagnose([{ source: 'pasted text', text: bytes(5000, s).toString('utf8') }]);
      expect(Report.safeParse(r).success).toBe(true);
    }
  });
  it('UTF-16 LE with BOM gives the same report as UTF-8', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED, 'utf16le')]);
    expect(await analyzeJson(le)).toEqual(await clean());
  });
  it('UTF-16 BE with BOM gives the same report as UTF-8', async () => {
    const be = Buffer.from(SEED, 'utf16le');
    be.swap16();
    expect(await analyzeJson(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual(await clean());
  });
  it('UTF-16 BE cut at an odd byte (a truncated paste) does not crash', async () => {
    const be = Buffer.from(SEED, 'utf16le');
    be.swap16();
    const odd = Buffer.concat([Buffer.from([0xfe, 0xff]), be.subarray(0, be.length - 1)]);
    const r = await cli(['analyze', '-', '--json'], { stdin: odd });
    expect(r.stderr).toBe('');
    expect(gist(r.stdout).findings).toEqual((await clean()).findings);
  });
  it('a UTF-8 BOM is ignored', async () => {
    expect(await analyzeJson(`\ufeff${SEED}`)).toEqual(await clean());
  });
  it('invalid UTF-8 sequences inside the text: same findings, the damaged line only', async () => {
    const at = SEED.indexOf('\n', 100);
    const bad = Buffer.concat([Buffer.from(SEED.slice(0, at)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff, 0xfe]), Buffer.from(SEED.slice(at))]);
    const g = await analyzeJson(bad);
    expect(g.findings).toEqual((await clean()).findings);
    expect(g.devices).toEqual((await clean()).devices);
  });
});

describe('line endings, terminal codes and long lines', () => {
  it('CRLF and lone CR give the same report as LF', async () => {
    const want = await clean();
    expect(await analyzeJson(SEED.replace(/\n/g, '\r\n'))).toEqual(want);
    expect(await analyzeJson(SEED.replace(/\n/g, '\r'))).toEqual(want);
    // mixed in one paste
    let i = 0;
    expect(await analyzeJson(SEED.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]!))).toEqual(want);
  });
  it('ANSI colour and cursor codes (grep --color, a coloured prompt, progress lines) are stripped', async () => {
    const coloured = SEED.split('\n')
      .map((l, i) => (i % 3 === 0 ? `\x1b[2K\x1b[1G${l}` : l.replace(/(vfio-pci|IOMMU|intel_iommu=on)/g, '\x1b[01;31m\x1b[K$1\x1b[m\x1b[K')))
      .join('\n')
      .replace(/user@deskbox:~\$/g, '\x1b[01;32muser@deskbox\x1b[00m:\x1b[01;34m~\x1b[00m$');
    const g = await analyzeJson(coloured);
    const want = await clean();
    expect(g.findings).toEqual(want.findings);
    expect(g.devices).toEqual(want.devices);
    expect(g.evidence.join('\n')).not.toContain('\x1b');
  });
  it('a 5 MB line with no newline: ends quickly with a clear exit 2, and after a real paste it is only unparsed', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    expectOneLineFailure(await cli(['analyze', '-'], { stdin: huge }), /nothing in standard input looks like VFIO diagnostics/);
    const r = await cli(['analyze', '-', '--json'], { stdin: `${SEED}\n${huge}` });
    const g = gist(r.stdout);
    expect(g.findings).toEqual((await clean()).findings);
    expect((JSON.parse(r.stdout) as Report).unparsed.count).toBeGreaterThanOrEqual(1);
    // the text report does not print the 5 MB line
    const t = await cli(['analyze', '-'], { stdin: `${SEED}\n${huge}` });
    expect(t.stdout.length).toBeLessThan(100_000);
  });
  it('a 5 MB single line of cmdline-looking tokens is not taken as a command line', () => {
    const r = diagnose([{ source: 'pasted text', text: 'intel_iommu=on '.repeat(350_000) }]);
    expect(Report.safeParse(r).success).toBe(true);
  });
});

describe('a forum page', () => {
  it('outputs inside prose, markdown quotes, fences and indented code blocks give the paste\'s findings', async () => {
    const quoted = SEED.split('\n').map((l) => `> ${l}`).join('\n');
    const page = [
      'Re: [SOLVED?] GPU passthrough — both 3090 Ti grabbed by vfio-pci',
      '',
      'Posted by **someone** » Tue Nov 25, 2026 1:03 pm',
      '',
      'Quote from the first post:',
      '',
      quoted,
      '',
      'I think the problem is the ids. Here is my setup again in a code block:',
      '',
      '```text',
      'user@deskbox:~$ cat /proc/cmdline',
      'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef',
      '```',
      '',
      'Thanks in advance! :) Edit: typo. Reply · Quote · Report',
    ].join('\n');
    const g = await analyzeJson(page);
    const want = await clean();
    expect(g.findings).toEqual(want.findings);
    expect(g.devices).toEqual(want.devices);
  });
});

describe('the same output pasted twice', () => {
  it.each(REAL_PASTES.map((p, i) => [i, p] as const))('fixture paste #%i: same findings, no duplicated evidence or devices', (_i, paste) => {
    const once = diagnose([{ source: 'pasted text', text: paste }]);
    const twice = diagnose([{ source: 'pasted text', text: `${paste}\n${paste}` }]);
    expect(twice.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(once.findings.map((f) => `${f.severity} ${f.id}`));
    for (const f of twice.findings) {
      const keys = f.evidence.map((e) => `${e.source}\u0000${e.text}`);
      expect(new Set(keys).size, `${f.id} repeats evidence: ${keys.join(' | ')}`).toBe(keys.length);
    }
    expect(twice.devices.map((d) => d.bdf)).toEqual(once.devices.map((d) => d.bdf));
    expect(twice.notes.filter((n) => /different kernel command lines/.test(n))).toEqual([]);
  });
});

describe('contradicting outputs', () => {
  const A = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=/dev/sda2 ro quiet intel_iommu=on iommu=pt';
  const B = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=/dev/sda2 ro quiet';
  it('two different /proc/cmdline lines: the report says so and names both lines', async () => {
    const paste = `$ cat /proc/cmdline\n${A}\n\nafter the reboot:\n\n$ cat /proc/cmdline\n${B}\n`;
    const r = await cli(['analyze', '-', '--json'], { stdin: paste });
    const rep = JSON.parse(r.stdout) as Report;
    const note = rep.notes.find((n) => /2 different kernel command lines/.test(n));
    expect(note).toBeDefined();
    expect(note).toContain(A);
    expect(note).toContain(B);
    // Each is numbered within its own `cat /proc/cmdline` output (evidence names the source it counts in).
    expect(note).toMatch(/\(\/proc\/cmdline, line 1\)/);
    // and the text and markdown reports show it
    expect((await cli(['analyze', '-'], { stdin: paste })).stdout).toContain('different kernel command lines');
    expect((await cli(['analyze', '-', '--markdown'], { stdin: paste })).stdout).toContain('different kernel command lines');
  });
  it('/proc/cmdline against the kernel log\'s "Command line:" of another boot', () => {
    const r = diagnose([{ source: 'pasted text', text: `$ cat /proc/cmdline\n${A}\n$ sudo dmesg\n[    0.000000] Command line: ${B}\n[    0.100000] DMAR: IOMMU enabled\n` }]);
    const note = r.notes.find((n) => /different kernel command lines/.test(n));
    expect(note).toContain(A);
    expect(note).toContain(B);
  });
  it('the same command line twice (with different spacing) is not a contradiction', () => {
    const r = diagnose([{ source: 'pasted text', text: `$ cat /proc/cmdline\n${A}\n$ dmesg | grep Command\n[    0.000000] Command line: ${A.replace(/ /g, '  ')}\n` }]);
    expect(r.notes.join('\n')).not.toMatch(/different kernel command lines/);
  });
  it('a journal of many boots: the note names a few and counts the rest, without growing without bound', () => {
    const log = Array.from({ length: 50 }, (_, i) => `Nov ${10 + (i % 18)} 13:03:11 deskbox kernel: Command line: ${B} boot=${i}`).join('\n');
    const r = diagnose([{ source: 'pasted text', text: log }]);
    const note = r.notes.find((n) => /50 different kernel command lines/.test(n))!;
    expect(note).toMatch(/and 46 more/);
    expect(note.length).toBeLessThan(3000);
  });
});

describe('absurd numbers', () => {
  const ABSURD = [
    '$ for g in /sys/kernel/iommu_groups/*; do …; done',
    'IOMMU Group 99999999999999999999 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [10de:2204] (rev a1)',
    'IOMMU Group 1 0000:zz:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [10de:2204] (rev a1)',
    'IOMMU Group 2 0000:01:00.9 Audio device [0403]: NVIDIA Corporation [10de:1aef] (rev a1)',
    'IOMMU Group -1 0000:02:00.0 Audio device [0403]: NVIDIA Corporation [10de:1aef] (rev a1)',
    'IOMMU Group 3 0000:01:32.0 Audio device [0403]: NVIDIA Corporation [10de:1aef] (rev a1)',
    '/sys/kernel/iommu_groups/99999999999999999999/devices/0000:03:00.0',
    '$ dmesg',
    '[    0.536462] pci 0000:04:00.0: Adding to iommu group 99999999999999999999',
    '[    0.536462] pci 0000:05:3f.0: Adding to iommu group 4',
    '[99999999999999999999.000000] DMAR: IOMMU enabled',
    '=== /sys/bus/pci/devices ===',
    '0000:06:00.0 vendor=10de device=2204 class=030000 iommu_group=99999999999999999999 driver=vfio-pci',
    '0000:07:00.0 vendor=10de device=2204 class=030000 iommu_group=1e400 driver=vfio-pci',
    '=== lspci -v ===',
    '08:00.0 VGA compatible controller: NVIDIA Corporation GA102 (rev a1)',
    '\tFlags: bus master, fast devsel, latency 0, IRQ 16, IOMMU group 99999999999999999999',
  ].join('\n');

  it('group 99999999999999999999 and out-of-range addresses never become groups or devices', async () => {
    const r = await cli(['analyze', '-', '--json'], { stdin: ABSURD });
    expect(r.stderr).toBe('');
    const rep = Report.parse(JSON.parse(r.stdout));
    for (const g of Object.keys(rep.groups ?? {})) expect(Number.isSafeInteger(Number(g)), `group ${g}`).toBe(true);
    for (const d of rep.devices) {
      expect(d.bdf).toMatch(/^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/);
      expect(Number(d.bdf.slice(8, 10).replace(/^/, '0x'))).toBeLessThanOrEqual(0x1f);
      if (d.iommuGroup !== null) expect(Number.isSafeInteger(d.iommuGroup)).toBe(true);
    }
    const bdfs = rep.devices.map((d) => d.bdf);
    expect(bdfs).not.toContain('0000:01:32.0');
    expect(bdfs).not.toContain('0000:05:3f.0');
    expect(JSON.stringify(rep)).not.toMatch(/1e\+?20|100000000000000000000/);
  });
  it('normalizeBdf refuses what no PCI bus can hold', () => {
    expect(normalizeBdf('0000:zz:00.0')).toBeUndefined();
    expect(normalizeBdf('0000:01:00.9')).toBeUndefined();
    expect(normalizeBdf('0000:01:20.0')).toBeUndefined();
    expect(normalizeBdf('10000:01:00.0')).toBeUndefined();
    expect(normalizeBdf('0000:ff:1f.7')).toBe('0000:ff:1f.7');
  });
  it('--gpu with an absurd address is a usage error or ignored, never a crash', async () => {
    for (const gpu of ['0000:zz:00.0', '0000:01:00.9', '99999999999999999999', '../../etc/passwd', '']) {
      const r = await cli(['analyze', '-', '--gpu', gpu, '--json'], { stdin: SEED });
      expect([0, 1, 2], `--gpu ${gpu}: ${r.stderr}`).toContain(r.code);
      if (r.code === 2) expect(r.stderr).toMatch(/^vfio-doctor: [^\n]+\n$/);
      else expect(Report.safeParse(JSON.parse(r.stdout)).success).toBe(true);
    }
  });
});

describe('inputs over the size cap (256 MB): one line, exit 2, never read into memory', () => {
  it('a file larger than the cap is refused from its size alone', async () => {
    const f = join(tmp(), 'journal.txt');
    closeSync(openSync(f, 'w'));
    truncateSync(f, MAX_INPUT_BYTES + 1); // sparse: nothing is written or read
    const r = await cli(['analyze', f]);
    expectOneLineFailure(r, /journal\.txt is 256 MB; vfio-doctor analyses at most 256 MB/);
    expect(r.stderr).toMatch(/journalctl -k -b/);
  });
  it('standard input larger than the cap is refused', async () => {
    expectOneLineFailure(await cli(['analyze', '-'], { stdin: Buffer.allocUnsafe(MAX_INPUT_BYTES + 1) }), /standard input is larger than 256 MB|standard input is 256 MB/);
  });
  it('--bundle goes through the same cap', async () => {
    const f = join(tmp(), 'big-bundle.txt');
    closeSync(openSync(f, 'w'));
    truncateSync(f, MAX_INPUT_BYTES + 4096);
    expectOneLineFailure(await cli(['--bundle', f, '--json']), /analyses at most 256 MB/);
  });
  it('readFdCapped stops one byte past the cap, whatever the source holds', () => {
    const f = join(tmp(), 'ten.txt');
    writeFileSync(f, '0123456789');
    const fd = openSync(f, 'r');
    try {
      expect(readFdCapped(fd, 4).toString()).toBe('01234');
    } finally {
      closeSync(fd);
    }
    const fd2 = openSync(f, 'r');
    try {
      expect(readFdCapped(fd2, 100).toString()).toBe('0123456789');
    } finally {
      closeSync(fd2);
    }
  });
  it('an endless device (/dev/zero) is read only up to the cap, then refused', async () => {
    expectOneLineFailure(await cli(['analyze', '/dev/zero']), /\/dev\/zero is larger than 256 MB/);
  });
  it('just under the cap is analysed (documented in the README)', () => {
    expect(readFileSync(fixturePath('../README.md'), 'utf8')).toMatch(/256 MB/);
  });
});
