// The short "could not check" block (issue 15 point 1): after the findings, grouped by the input the engine found
// missing (UnableToCheck.inputs), rules of their own reason listed as they are; rules for another CPU family are not
// run at all (meta.cpu), so neither the block, --verbose nor the JSON lists them.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cli } from '../cli-helpers';
import { paste } from '../harness';
import { summariseUnable, groupLine, pasteOf } from '../../src/render/unable-summary';
import { clip } from '../../src/render/style';
import { displayWidth } from '../../src/text/width';

// A forum-sized paste: one command line, nothing else. amd_iommu= tells the CPU family (facts/host.ts cpuVendorOf).
const AMD = paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-51-generic root=UUID=1 ro quiet splash amd_iommu=on');
const UNKNOWN = paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-51-generic root=UUID=1 ro quiet splash iommu=off');
const INTEL_ONLY = ['intel-iommu-platform-optin', 'intel-rmrr-ineligible'];

const block = (out: string) => out.slice(out.indexOf('Could not check')).split('\n\n')[0]!;

describe('the could-not-check block', () => {
  it('comes after the findings, is a few lines, and groups rules by what to paste', async () => {
    const { stdout } = await cli(['analyze', '-'], { stdin: AMD });
    const b = block(stdout);
    expect(stdout.indexOf('Could not check')).toBeGreaterThan(stdout.indexOf('Fix:'));
    expect(b.trimEnd().split('\n').length).toBeLessThanOrEqual(5);
    expect(b).toMatch(/paste `sudo dmesg` to check \d+ things:/);
    expect(b).toMatch(/--verbose lists each/);
  });

  it('leaves out rules for the other CPU family and Arm on an AMD host, in the full list too', async () => {
    const { stdout } = await cli(['analyze', '-', '--verbose'], { stdin: AMD });
    // An AMD rule that could not check is there, so the Intel ones were really left out, not lost with everything.
    expect(stdout).toContain('amd-ivrs-ioapic-bug:');
    for (const id of [...INTEL_ONLY, 'arm-hyp-mode-unavailable']) expect(stdout).not.toContain(`${id}:`);
    const short = block((await cli(['analyze', '-'], { stdin: AMD, env: { COLUMNS: '400' } })).stdout);
    for (const id of [...INTEL_ONLY, 'arm-hyp-mode-unavailable']) expect(short).not.toContain(id);
  });

  it('runs every rule when the CPU is unknown', async () => {
    const { stdout } = await cli(['analyze', '-', '--verbose'], { stdin: UNKNOWN, env: { COLUMNS: '400' } });
    expect(stdout).toContain('CPU unknown');
    for (const id of ['vtx-disabled-by-bios', 'svm-disabled-by-bios', 'arm-hyp-mode-unavailable', ...INTEL_ONLY]) expect(stdout).toContain(`${id}:`);
  });

  it('JSON lists every rule that could apply and could not check, with the inputs it lacked', async () => {
    const j = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: AMD })).stdout);
    const byId = new Map(j.unableToCheck.map((u: { id: string }) => [u.id, u]));
    for (const id of INTEL_ONLY) expect(byId.has(id)).toBe(false);
    expect(byId.get('amd-ivrs-ioapic-bug')).toMatchObject({ reason: 'no kernel log was given (paste sudo dmesg)', inputs: ['kernelLog'] });
  });

  it('Markdown has the grouped block folded, --verbose the full list', async () => {
    const md = (await cli(['analyze', '-', '--markdown'], { stdin: AMD })).stdout;
    expect(md).toMatch(/<details><summary>Could not check \d+ things without more input<\/summary>/);
    expect(md).not.toContain('intel-rmrr-ineligible');
    const full = (await cli(['analyze', '-', '--markdown', '--verbose'], { stdin: AMD })).stdout;
    expect(full).toContain('`amd-ivrs-ioapic-bug`:');
    expect(full).not.toContain('`intel-rmrr-ineligible`:');
  });

  it('groups by the input the engine recorded, never by the wording of a reason', () => {
    const u = (id: string, reason: string, inputs?: string[]) => ({ id, title: id, reason, ...(inputs ? { inputs } : {}) });
    const sum = summariseUnable({
      unableToCheck: [
        u('a', 'no kernel log was given (paste sudo dmesg)', ['kernelLog']),
        // The same input named first of several: the same group.
        u('b', 'neither kernel log nor QEMU or libvirt error was given (paste sudo dmesg; …)', ['kernelLog', 'qemuLog']),
        // Two kinds pasted alike (a GPU and the device list come from lspci -nnk) share a group.
        u('c', 'no GPU to pass through was given (paste lspci -nnk)', ['targetGpu']),
        u('d', 'no PCI device listing was given (paste lspci -nnk)', ['lspci']),
        // A reason of the rule's own, even one that names a command, is its own line.
        u('e', 'the vendor:device ID of 03:00.0 is unknown (paste lspci -nn)'),
        u('f', 'file modification times are only known on the live host'),
        u('g', 'file modification times are only known on the live host'),
      ],
    });
    expect(sum.total).toBe(7);
    expect(sum.groups.map((g) => groupLine(g, (x) => x))).toEqual([
      'paste sudo dmesg to check 2 things: a, b',
      'paste lspci -nnk to check 2 things: c, d',
      'f, g: file modification times are only known on the live host',
      'e: the vendor:device ID of 03:00.0 is unknown (paste lspci -nn)',
    ]);
    expect(pasteOf(u('x', 'no CPU flags were given', ['cpuFlags']))).toBe('cat /proc/cpuinfo');
    expect(pasteOf(u('y', 'an input kind of a newer version', ['not-a-kind']))).toBeUndefined();
  });

  it('a reason in Chinese is cut to the columns it takes, not its characters', () => {
    const g = summariseUnable({ unableToCheck: [{ id: 'initramfs-stale', title: 't', reason: '在 /boot 里没找到可以比较的 initramfs 镜像（或者不知道它的时间）' }] }).groups[0]!;
    const line = clip(groupLine(g, (x) => x, 40), 40);
    expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(line.endsWith('…')).toBe(true);
    expect(clip('abc', 3)).toBe('abc');
  });
});

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
describe.skipIf(!existsSync(CLI))('the built CLI', () => {
  it('--verbose lists every rule; piped output wraps at 80 unless COLUMNS says otherwise', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [CLI, ...args], { input: AMD, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '', ...env } });
    const v = run(['analyze', '-', '--verbose']);
    expect(v.stdout).toMatch(/Could not check \(\d+\):/);
    // Evidence excerpts and commands ("$ …") are never wrapped; all prose is.
    const width = (s: string) => Math.max(...s.split('\n').filter((l) => !l.includes('│') && !l.trimStart().startsWith('$ ')).map((l) => [...l].length));
    expect(width(run(['analyze', '-']).stdout)).toBeLessThanOrEqual(80);
    expect(width(run(['analyze', '-'], { COLUMNS: '60' }).stdout)).toBeLessThanOrEqual(60);
  });
});
