// Forum and web typography in pastes: curly quotes, dashes, no-break spaces, invisible marks, and lines set as
// Markdown inline code are read as the plain text the program printed.
import { describe, expect, it } from 'vitest';
import { hasTypography, normalizeTypography, stripInlineCode } from '../../src/parse/line';
import { parse, lines } from './helpers';

describe('normalizeTypography', () => {
  it.each<[string, string]>([
    ['GRUB_CMDLINE_LINUX_DEFAULT=\u201cquiet intel_iommu=on\u201d', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"'],
    ["host doesn\u2019t support passthrough", "host doesn't support passthrough"],
    ['\u2018vfio_virqfd\u2019', "'vfio_virqfd'"],
    ['pcie_acs_override\u2013downstream \u2014 x \u2212 y \u2011 z', 'pcie_acs_override-downstream - x - y - z'],
    ['intel_iommu=on\u00a0iommu=pt\u202fquiet', 'intel_iommu=on iommu=pt quiet'],
    ['vfio\u00ad-pci\u200e', 'vfio-pci'],
    ['[\u2026]', '[...]'],
  ])('%s', (from, to) => {
    expect(hasTypography(from)).toBe(true);
    expect(normalizeTypography(from)).toBe(to);
  });

  it('leaves ASCII and other Unicode alone', () => {
    for (const s of ['[    0.000000] Command line: BOOT_IMAGE=/vmlinuz', 'Grafikkarte für die VM', '❯ lspci -k'])
      expect(hasTypography(s)).toBe(false);
  });
});

describe('stripInlineCode', () => {
  it.each<[string, string]>([
    ['`[  365.159219] vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded`', '[  365.159219] vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded'],
    ['  `TASK ERROR: cannot prepare PCI pass-through, IOMMU not present`  ', 'TASK ERROR: cannot prepare PCI pass-through, IOMMU not present'],
    // Not one span: left as it is.
    ['```', '```'],
    ['```bash', '```bash'],
    ['run `update-grub` and `reboot`', 'run `update-grub` and `reboot`'],
    ['the line `dmesg` printed', 'the line `dmesg` printed'],
  ])('%s', (from, to) => {
    expect(stripInlineCode(from)).toBe(to);
  });
});

describe('in a paste', () => {
  it('a kernel line in inline code is a kernel line', () => {
    const f = parse(lines('host dmesg had an entry', '`[  365.159219] vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded`'));
    expect(f.kernelLog.map((l) => l.message)).toEqual(['vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded']);
  });

  it('a command line copied from a web page with no-break spaces and a curly-quoted grub line read as ASCII', () => {
    const f = parse(lines('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz-6.8.0\u00a0root=/dev/sda2\u00a0ro quiet intel_iommu=on\u00a0iommu=pt'));
    expect(f.cmdline?.params.map((p) => p.raw)).toEqual(['BOOT_IMAGE=/vmlinuz-6.8.0', 'root=/dev/sda2', 'ro', 'quiet', 'intel_iommu=on', 'iommu=pt']);
  });

  it('a libvirt error with a typographic apostrophe is still libvirt\'s error', () => {
    const f = parse(lines('Error starting domain: unsupported configuration: host doesn\u2019t support passthrough of host PCI devices'));
    expect(f.qemuErrors.map((q) => q.kind)).toEqual(['vfio-not-supported']);
    // Evidence quotes the cleaned line.
    expect(f.qemuErrors[0]!.evidence.text).toContain("doesn't");
  });

  it('a collected file keeps its typography: a curly quote in a real /etc/default/grub is a fault, not noise', () => {
    const f = parse('GRUB_CMDLINE_LINUX_DEFAULT=\u201cquiet intel_iommu=on\u201d\n', '/etc/default/grub', 'grub');
    expect(f.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value).toContain('\u201c');
  });
});
