// Speed work must not change what the tool says: the report (--json and text) and the support bundle of every sysroot
// fixture, of the bench's generated servers, and of a live run through a fake host, against goldens captured before.
// Only a change meant to alter output may refresh them: UPDATE_GOLDENS=1 npx vitest run test/perf/output-goldens.test.ts
import { describe, it, expect, afterAll } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { run } from '../../src/cli/run';
import type { CliIO } from '../../src/cli/io';
import { collectHost } from '../../src/collect/index';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { writeBundle } from '../../src/collect/bundle';
import { identity } from '../../src/collect/identity';
import type { HostIO, RunResult } from '../../src/collect/io';
import { diagnoseFull } from '../../src/index';
import { printReport } from '../../src/cli/output';
import { renderText } from '../../src/render/text';
// @ts-expect-error: a build script without types
import { makeServerSysroot } from '../../scripts/server-sysroot.mjs';

const GOLDENS = fileURLToPath(new URL('./goldens/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDENS === '1';
const NOW = new Date('2026-01-02T03:04:05.000Z');
// Relative to the repository (vitest runs there), so no machine path ends up in a golden.
const SYSROOTS = 'fixtures/sysroots';

/** The generated timestamp and wherever a generated tree was put say nothing about the tool's answers. */
const stable = (s: string, tmp?: string) => {
  let out = s.replace(/"generatedAt": "[^"]*"/g, '"generatedAt": "(time)"');
  // A file's modification time (bundles list them) is when the tree was checked out or generated.
  out = out.replace(/^mtime:([^=\n]*)=\d+(?:\.\d+)?$/gm, 'mtime:$1=(time)');
  if (tmp) out = out.split(tmp).join('TMP');
  return out;
};

/**
 * A big output (a generated server's, hundreds of KB) is kept as its digest and length; a mismatch leaves the output
 * in a temporary file to compare with one made by the build before.
 */
function digestGolden(name: string, actual: string): void {
  const digest = `sha256 ${createHash('sha256').update(actual).digest('hex')} ${actual.length}\n`;
  const file = join(GOLDENS, `${name}.sha256`);
  if (UPDATE) {
    mkdirSync(GOLDENS, { recursive: true });
    writeFileSync(file, digest);
    return;
  }
  expect(existsSync(file), `${name} has no golden (UPDATE_GOLDENS=1 makes it, from a build whose output is known good)`).toBe(true);
  if (readFileSync(file, 'utf8') !== digest) {
    const keep = join(mkdtempSync(join(tmpdir(), 'vfio-golden-diff-')), name);
    writeFileSync(keep, actual);
    expect(`${name}: ${digest.trim()} (output kept in ${keep})`).toBe(`${name}: ${readFileSync(file, 'utf8').trim()}`);
  }
}

function golden(name: string, actual: string): void {
  const file = join(GOLDENS, name);
  if (UPDATE) {
    mkdirSync(GOLDENS, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${name} has no golden (UPDATE_GOLDENS=1 makes it, from a build whose output is known good)`).toBe(true);
  // Compared as text, not with toBe on megabytes: the first differing line is what helps.
  const want = readFileSync(file, 'utf8');
  if (want !== actual) {
    const a = actual.split('\n');
    const w = want.split('\n');
    const i = a.findIndex((l, j) => l !== w[j]);
    expect(`${name} line ${i + 1}: ${a[i]}`).toBe(`${name} line ${i + 1}: ${w[i]}`);
  }
  expect(actual.length).toBe(want.length);
}

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = {
    stdout: (s) => (out += s),
    stderr: () => {},
    stdin: () => Buffer.alloc(0),
    stdoutIsTTY: false,
    stdinIsTTY: false,
    columns: 100,
    env: { NO_COLOR: '1' },
  };
  const code = await run(argv, io);
  return { code, out };
}

async function bundles(root: string): Promise<{ plain: string; redacted: string }> {
  const io = sysrootIO(root);
  const sources = await collectHost({ root, io });
  return {
    plain: stable(writeBundle(sources, { version: 'golden', now: NOW, redact: false })),
    redacted: stable(writeBundle(sources, { version: 'golden', now: NOW, redact: true, redactOptions: await identity(io) })),
  };
}

describe('sysroot fixtures: report and bundle unchanged', () => {
  for (const name of readdirSync(SYSROOTS).sort()) {
    it(name, async () => {
      const root = `${SYSROOTS}/${name}`;
      const json = await cli(['--root', root, '--json']);
      const text = await cli(['--root', root]);
      expect(text.code).toBe(json.code);
      golden(`${name}.json`, stable(json.out));
      golden(`${name}.txt`, stable(text.out));
      const b = await bundles(root);
      golden(`${name}.bundle.txt`, b.plain);
      golden(`${name}.bundle-redacted.txt`, b.redacted);
    });
  }
});

describe('generated servers: report and bundle unchanged', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vfio-goldens-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }), 60_000);
  for (const [label, opts] of [
    ['server-2000', {}],
    ['server-500', { functions: 500 }],
  ] as const) {
    it(label, async () => {
      const root = join(tmp, label);
      makeServerSysroot(root, opts);
      const json = await cli(['--root', root, '--json']);
      digestGolden(`${label}.json`, stable(json.out, tmp));
      golden(`${label}.txt`, stable((await cli(['--root', root])).out, tmp));
      digestGolden(`${label}.bundle.txt`, (await bundles(root)).plain);
    }, 60_000);
  }
});

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '', missing: false, timedOut: false });
const missing: RunResult = { exitCode: undefined, stdout: '', stderr: '', missing: true, timedOut: false };

/** A live host as collection sees it: a sysroot's files, commands answered by a script, not root. */
function fakeLive(name: string, answers: Record<string, RunResult>): HostIO {
  const base = sysrootIO(`${SYSROOTS}/${name}`);
  return { ...base, label: 'this host', euid: () => 1000, run: async (argv) => answers[argv[0]!] ?? missing };
}

describe('live path through a fake host: report and bundle unchanged', () => {
  const LOG = '[    0.000000] Linux version 6.8.0-45-generic\n[    0.512880] DMAR: IOMMU enabled\n[    0.6] pci 0000:01:00.0: Adding to iommu group 14\n';
  for (const [label, name, answers] of [
    ['live-seed', 'seed-identical-3090ti', { dmesg: ok(LOG), 'systemd-detect-virt': ok('none\n') }],
    ['live-vm', 'virtual-machine', { dmesg: ok(LOG), 'systemd-detect-virt': ok('kvm\n') }],
    ['live-no-commands', 'amd-nvidia-bound', {}],
  ] as const) {
    it(label, async () => {
      const io = fakeLive(name, answers);
      const sources = await collectHost({ io });
      const { report } = diagnoseFull(sources, { source: { kind: 'live' }, live: true, now: NOW });
      let json = '';
      const cliIO: CliIO = { stdout: (s) => (json += s), stderr: () => {}, stdin: () => Buffer.alloc(0), stdoutIsTTY: false, stdinIsTTY: false, columns: 100, env: { NO_COLOR: '1' } };
      printReport(report, { json: true } as Parameters<typeof printReport>[1], cliIO);
      golden(`${label}.json`, json);
      golden(`${label}.txt`, renderText(report, { color: false, width: 100 }));
      golden(`${label}.bundle.txt`, stable(writeBundle(sources, { version: 'golden', now: NOW, redact: false })));
    });
  }
});
