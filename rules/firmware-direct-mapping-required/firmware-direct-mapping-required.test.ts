// firmware-direct-mapping-required: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'firmware-direct-mapping-required';
const LINE = 'vfio-pci 0000:01:00.0: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.';
const EINVAL = 'vfio 0000:01:00.0: failed to setup container for group 13: Failed to set group container: Invalid argument';

type Expect = { data: { table?: string; kernelSaid?: boolean }; devices: string[] }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted kernel line', text: paste(LINE), expect: [{ data: { table: 'either', kernelSaid: true }, devices: ['0000:01:00.0'] }] },
  { name: 'a single pasted QEMU line (EINVAL)', text: paste(EINVAL), expect: [{ data: { kernelSaid: false }, devices: ['0000:01:00.0'] }] },
  { name: 'AMD: IVMD entry in the IVRS table', text: paste('$ dmesg | grep AMD-Vi', '[    0.53] AMD-Vi: Interrupt remapping enabled', `[  611.0] ${LINE}`), expect: [{ data: { table: 'ivmd' }, devices: ['0000:01:00.0'] }] },
  { name: 'Intel: RMRR in the DMAR table', text: paste('$ dmesg | grep DMAR', '[    0.51] DMAR: Intel(R) Virtualization Technology for Directed I/O', `[  611.0] ${LINE}`), expect: [{ data: { table: 'rmrr' }, devices: ['0000:01:00.0'] }] },
  { name: 'journalctl form', text: paste(`Mar 01 12:00:01 host kernel: ${LINE}`), expect: [{ data: { kernelSaid: true }, devices: ['0000:01:00.0'] }] },
  // Must not fire.
  { name: 'QEMU EINVAL on a known 6.5 kernel has another cause', text: paste('$ uname -r', '6.5.0-41-generic', EINVAL), expect: [] },
  { name: 'the ≤6.5 RMRR message is intel-rmrr-ineligible\'s', text: paste('[ 843.3] vfio-pci 0000:04:00.0: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.'), expect: [] },
  // Unknown is not false.
  { name: 'neither kernel log nor QEMU error', text: paste('BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet'), expect: /neither kernel log from after the VM started nor QEMU or libvirt error was given/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'error'));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toMatchObject({ messageId: 'refused', data: { ...e.data, devices: e.devices } });
      expect(f.devices).toEqual(e.devices);
      expect(f.fixes.map((x) => x.id)).toEqual([`${ID}/firmware`]);
    });
  });

  it('fixture: the B650 paste cites both lines and checks reserved_regions of the device', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
    const f = r.findings[0]!;
    expect(f.evidence).toHaveLength(2);
    const verify = f.fixes[0]!.steps.find((s) => s.kind === 'verify');
    expect(verify && verify.kind === 'verify' && verify.argv?.join(' ')).toContain('/sys/bus/pci/devices/0000:01:00.0/iommu_group/reserved_regions');
  });

  it('fixture: a VM start without the refusal is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
