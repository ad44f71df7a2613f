// The command line as users meet it: commands, formats, exit codes and one-line errors.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli-helpers';
import { fixturePath } from './harness';
import { Report } from '../src/schema/report';
import { ErrorReport, JsonDocument } from '../src/schema/error-report';
import { RULES } from '../rules/index';

const seed = fixturePath('pastes/seed-identical-3090ti.txt');
const tmp = () => mkdtempSync(join(tmpdir(), 'vfd-cli-'));

describe('analyze', () => {
  it('prints findings with evidence and a fix, exit 1 on an error finding', async () => {
    const r = await cli(['analyze', seed]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ ERROR Identical cards share a vendor:device ID [identical-gpus-id-collision]');
    expect(r.stdout).toContain('Evidence:');
    // The short report names the fix and the command that shows its plan; --verbose prints the plan itself.
    expect(r.stdout).toContain(`$ vfio-doctor fix identical-gpus-id-collision/override-initramfs-tools --bundle ${seed}`);
    expect(r.stdout).not.toContain('$ sudo update-initramfs -u -k all');
    expect(r.stderr).toBe('');
    const v = await cli(['analyze', seed, '--verbose']);
    expect(v.stdout).toContain('/etc/initramfs-tools/scripts/init-top/00-vfio-override');
    expect(v.stdout).toContain('$ sudo update-initramfs -u -k all');
  });

  it('--json prints a report that validates against the schema', async () => {
    const r = await cli(['analyze', seed, '--json']);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.schemaVersion).toBe(1);
    expect(report.source.kind).toBe('bundle');
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.findings[0]!.fixes[0]!.id).toMatch(/^identical-gpus-id-collision\//);
  });

  it('--markdown prints a forum-ready summary table and collapsible evidence', async () => {
    const r = await cli(['analyze', seed, '--markdown']);
    expect(r.stdout).toContain('| severity | rule | finding |');
    expect(r.stdout).toContain('<details><summary>Evidence</summary>');
    expect(r.stdout).toContain('```diff');
  });

  it('reads standard input with -', async () => {
    const r = await cli(['analyze', '-', '--json'], { stdin: readFileSync(seed) });
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });

  it('reads UTF-16 text with a byte-order mark', async () => {
    const text = readFileSync(seed, 'utf8');
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await cli(['analyze', '-', '--json'], { stdin: buf });
    expect(JSON.parse(r.stdout).findings[0].id).toBe('identical-gpus-id-collision');
  });

  it('--gpu picks the passthrough target', async () => {
    const r = await cli(['analyze', seed, '--json', '--gpu', '05:00.0']);
    const report = JSON.parse(r.stdout);
    expect(report.targets).toEqual({ gpus: ['0000:05:00.0'], inferred: false, reason: 'chosen with --gpu' });
  });

  it('--ignore silences a rule and --only runs one', async () => {
    const ignored = JSON.parse((await cli(['analyze', seed, '--json', '--ignore', 'identical-gpus-id-collision'])).stdout);
    expect(ignored.findings.map((f: { id: string }) => f.id)).not.toContain('identical-gpus-id-collision');
    const only = JSON.parse((await cli(['analyze', seed, '--json', '--only', 'amd-iommu-on-noop'])).stdout);
    expect(only.findings).toEqual([]);
    expect(only.unableToCheck.length + only.findings.length).toBeLessThanOrEqual(1);
  });

  const bad: [string, () => string[] | Promise<string[]>, RegExp][] = [
    ['a missing file', () => ['analyze', '/nonexistent/dmesg.txt'], /^vfio-doctor: \/nonexistent\/dmesg\.txt: no such file\n$/],
    ['a directory', () => ['analyze', tmp()], /is a directory; give a text file, or use --root/],
    [
      'binary data',
      () => {
        const f = join(tmp(), 'x.bin');
        writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
        return ['analyze', f];
      },
      /looks like binary data, not text; paste the output of/,
    ],
    [
      'an empty file',
      () => {
        const f = join(tmp(), 'empty.txt');
        writeFileSync(f, '\n\n  \n');
        return ['analyze', f];
      },
      /is empty; paste the output of/,
    ],
    [
      'text with nothing recognisable',
      () => {
        const f = join(tmp(), 'prose.txt');
        writeFileSync(f, 'My GPU does not work.\nPlease help, I tried everything!\n');
        return ['analyze', f];
      },
      /nothing in .* looks like VFIO diagnostics/,
    ],
    ['an unknown option', () => ['analyze', seed, '--frobnicate'], /unknown option --frobnicate/],
    ['an unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
    ['a missing option value', () => ['analyze', seed, '--gpu'], /--gpu needs a value/],
    ['both --json and --markdown', () => ['analyze', seed, '--json', '--markdown'], /choose one of --json and --markdown/],
  ];
  for (const [name, argv, msg] of bad)
    it(`refuses ${name} with one line on stderr and exit 2`, async () => {
      const args = await argv();
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
      // With --json a script still gets a document; otherwise stdout stays empty.
      if (args.includes('--json')) expect(ErrorReport.parse(JSON.parse(r.stdout)).error.message).toMatch(msg);
      else expect(r.stdout).toBe('');
    });
});

describe('other commands', () => {
  it('rules --json lists every rule with its metadata', async () => {
    const r = await cli(['rules', '--json']);
    const list = JSON.parse(r.stdout);
    expect(list.map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.meta.id));
    for (const x of list) expect(Object.keys(x)).toEqual(expect.arrayContaining(['id', 'severity', 'category', 'title', 'summary', 'docs']));
  });

  it('rules prints a readable catalogue', async () => {
    const r = await cli(['rules']);
    expect(r.stdout).toContain('identical-gpus-id-collision  [warning, binding, E5]');
  });

  it('schema prints the JSON Schema of the report, and of the error document --json prints instead', async () => {
    const schema = JSON.parse((await cli(['schema'])).stdout);
    const [report, error] = schema.anyOf;
    expect(report.type).toBe('object');
    expect(report.required).toEqual(expect.arrayContaining(['schemaVersion', 'findings', 'unableToCheck', 'unparsed']));
    expect(error.required).toEqual(expect.arrayContaining(['schemaVersion', 'tool', 'error']));
  });

  it.each([
    ['an unrecognised paste', ['analyze', '-', '--json'], 'hello world\nnothing to see\n', 'input', 'looks like VFIO diagnostics'],
    ['an empty paste', ['analyze', '-', '--json'], '', 'input', 'is empty'],
    ['a missing file', ['analyze', '/nonexistent/paste.txt', '--json'], '', 'input', 'no such file'],
    ['an unknown option', ['analyze', '--bogus', '--json'], '', 'usage', 'unknown option --bogus'],
  ])('--json on %s: exit 2, one stderr line, and a schema-valid error document on stdout', async (_what, argv, stdin, code, says) => {
    const r = await cli(argv, { stdin });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const doc = ErrorReport.parse(JSON.parse(r.stdout));
    expect(doc.error.code).toBe(code);
    expect(doc.error.message).toContain(says);
    expect(doc.error.whatToPaste).toContain('lspci -nnk');
    expect(JsonDocument.safeParse(doc).success).toBe(true);
    expect(Report.safeParse(doc).success, 'an error document is never mistaken for a report').toBe(false);
  });

  it('--help and --version', async () => {
    expect((await cli(['--help'])).stdout).toContain('vfio-doctor analyze [FILE|-]');
    expect((await cli(['--version'])).stdout).toMatch(/^vfio-doctor \d+\.\d+\.\d+\n$/);
  });
});

describe('live analysis and collection on a sysroot', () => {
  it('--json --root reports the sysroot, exit 1 on errors', async () => {
    const r = await cli(['--json', '--root', fixturePath('sysroots/amd-nvidia-bound')]);
    expect(r.code).toBe(1);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.source.kind).toBe('sysroot');
    expect(report.findings.map((f) => f.id)).toContain('gpu-bound-to-host-driver');
  });

  it('exits 0 on the healthy host', async () => {
    const r = await cli(['--root', fixturePath('sysroots/healthy-rx6800')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Summary: 0 errors, 0 warnings, 1 info');
  });

  it('prints the text report instead of the chat when not on a terminal', async () => {
    const r = await cli(['--demo']);
    expect(r.stdout).toContain('identical-gpus-id-collision');
    expect(r.code).toBe(1);
  });

  it('collect -o writes a bundle that analyze reads back, and never overwrites a file', async () => {
    const dir = tmp();
    const out = join(dir, 'bundle.txt');
    const r = await cli(['collect', '--root', fixturePath('sysroots/proxmox-systemd-boot'), '-o', out]);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(r.stderr).toMatch(/Wrote .*bundle\.txt .*redacted.*vfio-doctor analyze/);
    const back = JSON.parse((await cli(['analyze', out, '--json'])).stdout);
    expect(back.findings.map((f: { id: string }) => f.id)).toContain('cmdline-config-drift');
    expect(readFileSync(out, 'utf8')).not.toContain('pve1');
    const again = await cli(['collect', '--root', fixturePath('sysroots/proxmox-systemd-boot'), '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('fix', () => {
  it('prints the exact plan of a fix offered for the input (dry run)', async () => {
    const r = await cli(['fix', 'vfio-pci-builtin-modprobe-ignored/grub', '--root', fixturePath('sysroots/ubuntu-builtin-vfio')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run: nothing is changed');
    expect(r.stdout).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on iommu=pt vfio-pci.ids=10de:1b80,10de:10f0"');
    expect(r.stdout).toContain('$ sudo update-grub');
  });

  it('names the fixes that exist when the id is unknown', async () => {
    const r = await cli(['fix', 'nope/grub', '--bundle', seed]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no fix "nope\/grub" .*available: identical-gpus-id-collision\/override-initramfs-tools/);
  });

});
