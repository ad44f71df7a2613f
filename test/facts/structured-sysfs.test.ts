// Facts taken from the collector's records equal the facts its rendered lines parse into, odd values included.
import { describe, it, expect } from 'vitest';
import { readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { applyStructured } from '../../src/facts/structured-sysfs';
import { FactsBuilder } from '../../src/facts/builder';
import { parseSources } from '../../src/facts/from-sources';
import type { RawSource } from '../../src/schema/raw-source';
import type { HostIO } from '../../src/collect/io';
import { fixturePath } from '../harness';
// @ts-expect-error: a build script without types
import { makeServerSysroot } from '../../scripts/server-sysroot.mjs';

const withoutRecords = (sources: RawSource[]) => sources.map(({ structured: _, ...s }) => s);
const used = (sources: RawSource[]) => sources.filter((s) => s.structured).map((s) => applyStructured(s, new FactsBuilder()));

describe('structured sysfs facts', () => {
  for (const name of readdirSync(fixturePath('sysroots')).sort())
    it(`${name}: the same facts as parsing the lines, without parsing them`, async () => {
      const sources = await collectHost({ root: fixturePath(`sysroots/${name}`) });
      const withGroups = sources.some((s) => s.kind === 'iommu-groups');
      expect(used(sources)).toEqual(withGroups ? [true, true] : [true]);
      expect(parseSources(sources)).toEqual(parseSources(withoutRecords(sources)));
    });

  it('a generated 300-function server', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vfio-structured-'));
    try {
      makeServerSysroot(join(tmp, 's'), { functions: 300 });
      const sources = await collectHost({ root: join(tmp, 's') });
      expect(used(sources)).toEqual([true, true]);
      expect(parseSources(sources)).toEqual(parseSources(withoutRecords(sources)));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  // Values a hand-made or hostile tree can hold: each either taken exactly or left to the parser, never read otherwise.
  const odd: [string, (p: string) => string | undefined][] = [
    ['a quote in driver_override', (p) => (p.endsWith('/driver_override') ? 'vfio"pci x' : undefined)],
    ['a leading quote in driver_override', (p) => (p.endsWith('/driver_override') ? '"vfio-pci' : undefined)],
    ['blanks in reset_method', (p) => (p.endsWith('/reset_method') ? 'flr  bus\tpm' : undefined)],
    ['an empty driver_override', (p) => (p.endsWith('/driver_override') ? '' : undefined)],
    ['a newline in power_state', (p) => (p.endsWith('/power_state') ? 'D0\nD3hot' : undefined)],
    ['a non-ASCII device name', (p) => (p.endsWith('pci.ids') ? '10de  NVIDIA Corporation\n\t2203  GA102 IceQ X² [GeForce RTX 3090 Ti]\n' : undefined)],
    ['key=value inside a name', (p) => (p.endsWith('pci.ids') ? '10de  NVIDIA driver=nouveau x="y"\n\t2203  GA102 iommu_group=7\n' : undefined)],
  ];
  for (const [label, replace] of odd)
    it(`${label}: the same facts as parsing the lines`, async () => {
      const base = sysrootIO(fixturePath('sysroots/seed-identical-3090ti'));
      const io: HostIO = { ...base, readFile: async (p, max) => replace(p) ?? base.readFile(p, max) };
      const sources = await collectHost({ io });
      expect(parseSources(sources)).toEqual(parseSources(withoutRecords(sources)));
    });

  it('is not used once the text differs from what the records were rendered into', async () => {
    const sources = await collectHost({ root: fixturePath('sysroots/seed-identical-3090ti') });
    const pci = sources.find((s) => s.kind === 'sysfs-pci')!;
    expect(applyStructured({ ...pci, text: pci.text.replace('driver=vfio-pci', 'driver=nvidia') }, new FactsBuilder())).toBe(false);
  });
});
