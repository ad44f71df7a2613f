// After a reboot-needing change: the advice says what really gets the user back when every boot entry got the change.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/index';
import { recoveryAdvice, reachesEveryEntry } from '../../src/render/recovery';
import type { Fix } from '../../src/schema/fix';

const fixesOf = (name: string): Fix[] => {
  const text = readFileSync(fileURLToPath(new URL(`../../fixtures/pastes/${name}`, import.meta.url)), 'utf8');
  return diagnose([{ source: 'pasted text', text }], { live: false }).findings.flatMap((f) => f.fixes);
};

describe('recovery advice', () => {
  it('a GRUB-wide edit: no "previous entry", edit the linux line at the boot menu or undo from a live USB', () => {
    const grub = fixesOf('iommu-off-cmdline.txt').find((x) => x.id === 'iommu-disabled-by-cmdline/grub')!;
    expect(reachesEveryEntry(grub)).toBe(true);
    const a = recoveryAdvice(grub);
    expect(a).not.toMatch(/pick the previous/);
    expect(a).toContain('press e at the boot menu');
    expect(a).toContain('change the linux line back');
    expect(a).toContain('vfio-doctor undo --root /mnt');
  });

  it('an initramfs rebuild of every kernel: blacklist vfio_pci at the boot menu', () => {
    const ramfs = fixesOf('turing-2080-usbc.txt').find((x) => x.id === 'gpu-companion-functions/modprobe-initramfs-tools')!;
    expect(ramfs).toBeDefined();
    expect(reachesEveryEntry(ramfs)).toBe(true);
    expect(recoveryAdvice(ramfs)).toContain('add module_blacklist=vfio_pci');
  });

  it('a change that reaches no boot entry may still point at the previous one', () => {
    const only: Fix = { id: 'x/y', title: 't', recommended: true, needsReboot: true, needsInitramfs: false, warnings: [], steps: [{ kind: 'reboot', description: 'Reboot' }] } as Fix;
    expect(reachesEveryEntry(only)).toBe(false);
    expect(recoveryAdvice(only)).toContain('pick the previous boot entry');
  });

  it('no fix warning anywhere tells the user to pick an older entry for a change every entry gets', () => {
    for (const name of ['seed-identical-3090ti.txt', 'turing-2080-usbc.txt', 'proxmox-systemd-boot.txt', 'pop-identical-rx580.txt']) {
      for (const x of fixesOf(name)) if (reachesEveryEntry(x)) for (const w of x.warnings) expect(w).not.toMatch(/(boot|pick) (an older|the previous) (boot )?entry(?! does not)/);
    }
  });
});
