// Commands as a new user types them (issue 15 point 6): did-you-mean, the "analyse" spelling, collect's file names.
import { describe, it, expect } from 'vitest';
import { cli } from '../cli-helpers';
import { fixture } from '../harness';
import { defaultName } from '../../src/cli/commands/collect';

describe('typos and aliases', () => {
  it('accepts "analyse"', async () => {
    const r = await cli(['analyse', '-'], { stdin: fixture('pastes/amd-iommu-on-noop.txt') });
    expect(r.code).not.toBe(2);
    expect(r.stdout).toContain('amd_iommu=on does nothing');
  });

  it('suggests the command and the option, in one line, exit 2', async () => {
    const c = await cli(['anlyze', 'x']);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe('vfio-doctor: unknown command "anlyze"; did you mean "analyze"? (commands: analyze, collect, rules, fix, undo, schema, vm)\n');
    const o = await cli(['analyze', '--jsn', 'x']);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('unknown option --jsn (did you mean --json?)');
    const far = await cli(['--frobnicate']);
    expect(far.stderr).toContain('unknown option --frobnicate (see vfio-doctor --help)');
  });
});

describe('collect file names', () => {
  it('carry the time, so a second run the same day does not collide', () => {
    const morning = defaultName(new Date('2026-12-06T09:15:02Z'), () => false);
    const evening = defaultName(new Date('2026-12-06T19:30:12Z'), () => false);
    expect(morning).toBe('vfio-doctor-bundle-2026-12-06-091502.txt');
    expect(evening).not.toBe(morning);
    const taken = new Set([evening]);
    expect(defaultName(new Date('2026-12-06T19:30:12Z'), (f) => taken.has(f))).toBe('vfio-doctor-bundle-2026-12-06-193012-2.txt');
  });
});

describe('help', () => {
  it('fits 80 columns, and each command has its own', async () => {
    const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));
    const main = await cli(['--help']);
    expect(width(main.stdout)).toBeLessThanOrEqual(80);
    for (const c of ['analyze', 'fix', 'undo', 'collect', 'rules', 'schema']) {
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: vfio-doctor ${c}`));
      expect(width(r.stdout)).toBeLessThanOrEqual(80);
    }
    expect((await cli(['fix', '--help'])).stdout).toContain('--boot-gpu-ok');
  });
});
