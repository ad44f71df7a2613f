// One boot's two command lines (issue 15, live run): the kernel log's "Command line:" is printed before the built-in
// command line is put in front of it, so /proc/cmdline ending with it is the same boot, not "2 different" ones.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/index';

const LOG = (cmd: string) => `$ sudo dmesg\n[    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)\n[    0.000000] Command line: ${cmd}\n[    0.081234] DMAR: IOMMU enabled\n`;
const run = (proc: string, log: string) => diagnose([{ source: 'pasted text', text: `$ cat /proc/cmdline\n${proc}\n${LOG(log)}` }], { live: false });
const twoLines = (notes: string[]) => notes.some((n) => /different kernel command lines/.test(n));

describe('kernel command lines of one boot', () => {
  it('a built-in command line in front of the boot loader one is the same boot (the longer is used)', () => {
    const r = run('mitigations=auto console=ttyS0 BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet intel_iommu=on', 'BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet intel_iommu=on');
    expect(twoLines(r.notes)).toBe(false);
  });

  it('a parameter added between two boots still makes two (the older log is another boot)', () => {
    const r = run('BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet intel_iommu=on', 'BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet');
    expect(twoLines(r.notes)).toBe(true);
  });

  it('entirely different lines are two boots or machines', () => {
    expect(twoLines(run('BOOT_IMAGE=/vmlinuz-6.8 root=/dev/sda2 ro', 'BOOT_IMAGE=/vmlinuz-6.1 root=/dev/nvme0n1p2 rw').notes)).toBe(true);
  });
});
