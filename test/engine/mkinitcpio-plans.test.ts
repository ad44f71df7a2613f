// mkinitcpio plans, checked the way mkinitcpio reads them: main file then drop-ins, concatenated and sourced by bash.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { hostFrom, paste } from '../harness';
import { earlyVfioSteps, mkinitcpioAppendSteps } from '../../src/engine/fixes/initramfs';
import { applyOp } from '../../src/engine/edit-ops';
import type { FixStep } from '../../src/schema/fix';
import type { Host } from '../../src/facts/host';

const ARCH = ['$ cat /etc/os-release', 'NAME="Arch Linux"', 'ID=arch'];
const MAIN = (modules: string, hooks = 'base udev autodetect microcode modconf kms keyboard keymap consolefont block filesystems fsck') => [
  '$ cat /etc/mkinitcpio.conf',
  `MODULES=(${modules})`,
  'BINARIES=()',
  'FILES=()',
  `HOOKS=(${hooks})`,
];

/**
 * The MODULES and FILES mkinitcpio ends up with after the plan: every known mkinitcpio file with the plan's edits, main
 * file first and drop-ins by name (mkinitcpio: cat main + sort -V drop-ins into one file, then `. file`), read by bash.
 */
function afterPlan(host: Host, steps: FixStep[]): { modules: string[]; files: string[] } {
  const files = new Map(host.facts.configFiles.filter((c) => /^\/etc\/mkinitcpio\.conf(\.d\/.*\.conf)?$/.test(c.path)).map((c) => [c.path, c.content]));
  for (const s of steps) if (s.kind === 'edit' && s.op) files.set(s.path, applyOp(files.get(s.path), s.op, s.path));
  const order = [...files.keys()].sort((a, b) => (a === '/etc/mkinitcpio.conf' ? -1 : b === '/etc/mkinitcpio.conf' ? 1 : a < b ? -1 : 1));
  const script = `${order.map((p) => files.get(p)).join('\n')}\nprintf 'M %s\\n' "\${MODULES[@]}"; printf 'F %s\\n' "\${FILES[@]}"`;
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  const pick = (tag: string) => out.split('\n').filter((l) => l.startsWith(`${tag} `)).map((l) => l.slice(2)).filter(Boolean);
  return { modules: pick('M'), files: pick('F') };
}

const edits = (steps: FixStep[]) => steps.flatMap((s) => (s.kind === 'edit' ? [s.path] : []));

describe('mkinitcpio: vfio modules first, on every version and preset', () => {
  it('appends to /etc/mkinitcpio.conf itself (drop-ins need mkinitcpio 36 and are skipped under a preset config), prepending to MODULES', () => {
    const host = hostFrom(paste(...ARCH, ...MAIN('amdgpu')));
    const steps = earlyVfioSteps(host, 'mkinitcpio');
    expect(edits(steps)).toEqual(['/etc/mkinitcpio.conf']);
    expect(afterPlan(host, steps).modules).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1', 'amdgpu']);
  });
  it('a drop-in that assigns MODULES plainly is read last: the line goes there, after it', () => {
    const host = hostFrom(paste(...ARCH, ...MAIN('btrfs'), '$ cat /etc/mkinitcpio.conf.d/50-nvidia.conf', 'MODULES=(nvidia nvidia_modeset nvidia_uvm nvidia_drm)'));
    const steps = earlyVfioSteps(host, 'mkinitcpio');
    expect(edits(steps)).toEqual(['/etc/mkinitcpio.conf.d/50-nvidia.conf']);
    expect(afterPlan(host, steps).modules).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1', 'nvidia', 'nvidia_modeset', 'nvidia_uvm', 'nvidia_drm']);
  });
  it('a drop-in that only appends (MODULES+=) does not move the line out of the main file', () => {
    const host = hostFrom(paste(...ARCH, ...MAIN(''), '$ cat /etc/mkinitcpio.conf.d/20-zfs.conf', 'MODULES+=(zfs)'));
    const steps = earlyVfioSteps(host, 'mkinitcpio');
    expect(edits(steps)).toEqual(['/etc/mkinitcpio.conf']);
    expect(afterPlan(host, steps).modules).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1', 'zfs']);
  });
  it('the override script reaches the image through FILES (modconf copies only .conf files), kept with what FILES had', () => {
    const host = hostFrom(paste(...ARCH, '$ cat /etc/mkinitcpio.conf', 'MODULES=()', 'FILES=(/etc/crypto_keyfile.bin)', 'HOOKS=(base udev autodetect modconf kms block encrypt filesystems fsck)'));
    const steps = earlyVfioSteps(host, 'mkinitcpio', ['/usr/local/bin/vfio-pci-override.sh']);
    const r = afterPlan(host, steps);
    expect(r.files).toEqual(['/etc/crypto_keyfile.bin', '/usr/local/bin/vfio-pci-override.sh']);
    expect(r.modules).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1']);
    expect(steps.some((s) => s.kind === 'manual')).toBe(false);
  });
  it('systemd hook without base: the script would have no /bin/sh, so the plan says to add base', () => {
    const host = hostFrom(paste(...ARCH, ...MAIN('', 'systemd autodetect microcode modconf kms keyboard sd-vconsole block filesystems fsck')));
    const steps = earlyVfioSteps(host, 'mkinitcpio', ['/usr/local/bin/vfio-pci-override.sh']);
    const manual = steps.find((s) => s.kind === 'manual');
    expect(manual?.description).toMatch(/Add base to HOOKS in \/etc\/mkinitcpio\.conf/);
    // MODULES load through systemd-modules-load there, beside udev: the plan says what orders them.
    expect(steps[0]!.description).toContain('softdep');
  });
  it('without the main file in the input, the plan still names /etc/mkinitcpio.conf, not a drop-in', () => {
    const host = hostFrom(paste(...ARCH));
    expect(edits(earlyVfioSteps(host, 'mkinitcpio'))).toEqual(['/etc/mkinitcpio.conf']);
  });
  it('vendor-reset (MODULES+=) follows the same file choice', () => {
    const host = hostFrom(paste(...ARCH, ...MAIN('amdgpu')));
    const steps = mkinitcpioAppendSteps(host, 'MODULES', ['MODULES+=(vendor-reset)'], 'Load vendor-reset');
    expect(afterPlan(host, steps).modules).toEqual(['amdgpu', 'vendor-reset']);
  });
});
