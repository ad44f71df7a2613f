// What a pasted kernel log can prove by a missing line: grep patterns, "[...]" cuts, excerpts that start at boot.
import { describe, expect, it } from 'vitest';
import { parse, lines } from './helpers';
import { grepFilterOf, grepShows, ELISION } from '../../src/parse/log-scope';
import { iommuState } from '../../src/facts/iommu-state';
import { hostFrom } from '../harness';
import { firmwareIommu } from '../../src/engine/iommu-evidence';

describe('grep filters', () => {
  it.each([
    ['dmesg | grep -i iommu', 'pci 0000:00:00.0: Adding to iommu group 0', true],
    ['dmesg | grep -i iommu', 'ACPI: DMAR 0x000000005B1C0000 0000A8 (v01 LENOVO TP-N1M)', false],
    ['dmesg | grep -i -e DMAR -e IOMMU', 'DMAR: Host address width 39', true],
    ['dmesg | grep -e DMAR -e IOMMU', 'pci 0000:00:00.0: Adding to iommu group 0', false],
    ["sudo dmesg | grep -iE 'dmar|amd-vi'", 'AMD-Vi: Found IOMMU at 0000:00:00.2 cap 0x40', true],
    ["dmesg | grep 'DMAR\\|IOMMU'", 'DMAR: IOMMU enabled', true],
    ['journalctl -k -b | egrep -i "vfio|iommu"', 'vfio-pci 0000:01:00.0: enabling device', true],
    ['dmesg | grep -i iommu | grep -i amd', 'pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40', true],
    ['dmesg | grep -i iommu | grep -i amd', 'pci 0000:00:00.0: Adding to iommu group 0', false],
    ['dmesg | grep -iw kvm', 'kvm_amd: SVM not supported', false],
    ['sudo dmesg -T | grep -i iommu', 'pci 0000:00:00.0: Adding to iommu group 0', true],
    ['journalctl -k -b -1 --no-pager | grep -i iommu', 'pci 0000:00:00.0: Adding to iommu group 0', true],
  ])('%s shows "%s": %s', (cmd, line, shown) => {
    const g = grepFilterOf(cmd);
    expect(g).toBeDefined();
    expect(grepShows(g!, line)).toBe(shown);
  });

  it.each([
    'dmesg',
    'dmesg | grep -v iommu',
    'dmesg | grep -i iommu | head',
    'dmesg | less',
    // The reader drops lines before grep: info-level "Adding to iommu group" lines never reach it.
    'sudo dmesg --level=err,warn | grep -i -e DMAR -e IOMMU',
    'dmesg -l err | grep -i iommu',
    'journalctl -k -p 3 | grep -i iommu',
    'journalctl -k -n 200 | grep -i iommu',
    'journalctl -k --grep=DMAR | grep -i iommu',
    // A pattern that could backtrack without bound is not run (see test/hostile/grep-patterns.test.ts).
    "dmesg | grep -E '(a+)+$'",
  ])('%s: no filter whose absences mean anything', (cmd) => {
    expect(grepFilterOf(cmd)).toBeUndefined();
  });

  it('knows the ways people mark a cut', () => {
    for (const m of ['[...]', '...', '…', '[snip]', '<snip>', '(...)', '-- snip --', '[ … ]']) expect(ELISION.test(m), m).toBe(true);
    expect(ELISION.test('[    0.000000] Linux version')).toBe(false);
  });
});

describe('absence from a grep that reaches back to boot', () => {
  // github.com/mikebdp2/AMD_coreboot_G505S_A88XM-E_AM1I-A_builds/issues/1: coreboot without an IVRS table.
  const COREBOOT = lines(
    '```',
    '# dmesg | grep -i iommu',
    '[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-4.19.0-9-amd64 root=/dev/mapper/vg1-root ro amd_iommu=on iommu=pt ipv6.disable=1 quiet',
    '[    0.156855] Kernel command line: BOOT_IMAGE=/vmlinuz-4.19.0-9-amd64 root=/dev/mapper/vg1-root ro amd_iommu=on iommu=pt ipv6.disable=1 quiet',
    '[    1.113669] AMD IOMMUv2 driver by Joerg Roedel <jroedel@suse.de>',
    '[    1.113670] AMD IOMMUv2 functionality not available on this system',
    '```',
    '[...]',
  );

  it('no group line where `grep -i iommu` would have shown them: the IOMMU is off, quoted with the pattern', () => {
    const f = parse(COREBOOT);
    expect(f.kernelLogComplete).toBe(false);
    const s = iommuState(f);
    expect(s.state).toBe('inactive');
    expect(s.reason).toContain('"dmesg | grep -i iommu"');
    expect(s.evidence[0]!.text).toBe('$ dmesg | grep -i iommu');
  });

  it('on AMD no "Found IOMMU" line either: the firmware has no IVRS table', () => {
    const fw = firmwareIommu(hostFrom(COREBOOT));
    expect(fw.present).toBe(false);
    expect(fw.how).toMatch(/Found IOMMU/);
  });

  it('the same grep not reaching back to boot proves nothing', () => {
    const f = parse(lines('$ dmesg | grep -i iommu', '[ 8812.113669] AMD IOMMUv2 functionality not available on this system'));
    expect(iommuState(f).state).toBe('unknown');
  });

  it('a grep cut with [...] proves nothing (github.com/fwupd/fwupd/issues/5275, dmesg | grep -i -e DMAR -e IOMMU)', () => {
    const f = parse(lines('$ dmesg | grep -i -e DMAR -e IOMMU', '[    0.000000] Command line: initrd=\\x\\initrd root=UUID=4d8f ro rhgb quiet', '[    0.100185] DMAR: IOMMU enabled', '[...]'));
    expect(f.kernelLogGreps?.[0]?.cut).toBe(true);
    expect(iommuState(f).state).toBe('unknown');
  });

  it('a grep whose pattern would not show the group lines proves nothing', () => {
    const f = parse(lines('$ dmesg | grep DMAR', '[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro', '[    0.017204] ACPI: DMAR 0x000000005B1C0000 0000A8 (v01 LENOVO TP-N1M   00001560 PTEC 00000002)'));
    expect(iommuState(f).state).toBe('unknown');
  });
});
