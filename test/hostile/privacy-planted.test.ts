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
import type { LoadResult } from '../../src/ui/types';

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
    const { redact, namesIn } = await import('../../src/collect/redact');
    const plain = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: text })).stdout) as Report;
    const again = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: redact(text, namesIn(text)).text })).stdout) as Report;
    expect(again.findings.map((f) => f.id)).toEqual(plain.findings.map((f) => f.id));
  });
});
