// The short "could not check" block (issue 15 point 1): after the findings, grouped by what to paste, only rules that
// can apply to this host; --verbose and the JSON keep every rule.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cli } from '../cli-helpers';
import { paste } from '../harness';
import { whatToPaste, canApply } from '../../src/render/unable-summary';

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

  it('leaves out rules for the other CPU family and Arm on an AMD host, and says so', async () => {
    const { stdout } = await cli(['analyze', '-', '--verbose'], { stdin: AMD });
    // They are in the full list, so the short one really dropped them.
    for (const id of INTEL_ONLY) expect(stdout).toContain(`${id}:`);
    const short = block((await cli(['analyze', '-'], { stdin: AMD, env: { COLUMNS: '400' } })).stdout);
    for (const id of [...INTEL_ONLY, 'arm-hyp-mode-unavailable']) expect(short).not.toContain(id);
    expect(short).toMatch(/\d+ that cannot apply to this CPU skipped/);
  });

  it('keeps every rule when the CPU is unknown', async () => {
    const { stdout } = await cli(['analyze', '-'], { stdin: UNKNOWN, env: { COLUMNS: '400' } });
    expect(stdout).toContain('CPU unknown');
    expect(block(stdout)).toContain('vtx-disabled-by-bios');
    expect(block(stdout)).not.toMatch(/cannot apply/);
  });

  it('JSON keeps the full list, unchanged', async () => {
    const j = JSON.parse((await cli(['analyze', '-', '--json'], { stdin: AMD })).stdout);
    const ids = j.unableToCheck.map((u: { id: string }) => u.id);
    for (const id of INTEL_ONLY) expect(ids).toContain(id);
  });

  it('Markdown has the grouped block folded, --verbose the full list', async () => {
    const md = (await cli(['analyze', '-', '--markdown'], { stdin: AMD })).stdout;
    expect(md).toMatch(/<details><summary>Could not check \d+ things without more input<\/summary>/);
    expect(md).not.toContain('intel-rmrr-ineligible');
    const full = (await cli(['analyze', '-', '--markdown', '--verbose'], { stdin: AMD })).stdout;
    expect(full).toContain('`intel-rmrr-ineligible`:');
  });

  it('reads the input to paste from a reason', () => {
    expect(whatToPaste('no kernel log was given (sudo dmesg | grep DMAR)')).toBe('sudo dmesg');
    expect(whatToPaste('no kernel log was given (sudo dmesg after starting the VM)')).toBe('sudo dmesg');
    expect(whatToPaste('no CPU flags were given (/proc/cpuinfo or lscpu)')).toBe('cat /proc/cpuinfo');
    expect(whatToPaste('whether /dev/kvm exists is unknown (paste `ls -l /dev/kvm`, or run vfio-doctor on the host)')).toBe('ls -l /dev/kvm');
    expect(whatToPaste('built in? (paste: grep vfio /lib/modules/$(uname -r)/modules.builtin)')).toBe('grep vfio /lib/modules/$(uname -r)/modules.builtin');
    expect(whatToPaste('no QEMU or libvirt error was given')).toBeUndefined();
    expect(whatToPaste('no initramfs image was found in /boot to compare with (or its time is unknown)')).toBeUndefined();
    expect(whatToPaste('unknown (no driver and no vfio-pci configuration for it in the input; pass --gpu to say so)')).toBeUndefined();
  });

  it('knows which rules a CPU family rules out; unknown keeps all', () => {
    expect(canApply('vtx-disabled-by-bios', 'amd')).toBe(false);
    expect(canApply('svm-disabled-by-bios', 'amd')).toBe(true);
    expect(canApply('arm-hyp-mode-unavailable', 'intel')).toBe(false);
    expect(canApply('arm-hyp-mode-unavailable', 'other')).toBe(true);
    expect(canApply('svm-disabled-by-bios', 'other')).toBe(false);
    expect(canApply('vtx-disabled-by-bios', null)).toBe(true);
    expect(canApply('kvm-unavailable', 'amd')).toBe(true);
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
