// intel-rmrr-ineligible: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'intel-rmrr-ineligible';
const LINE = 'vfio-pci 0000:04:00.0: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.';

type Expect = { data: { devices: string[]; eperm: boolean; release?: string } }[] | RegExp;
const cases: { name: string; text: string; expect: Expect }[] = [
  { name: 'a single pasted line', text: paste(LINE), expect: [{ data: { devices: ['0000:04:00.0'], eperm: false } }] },
  { name: 'older kernels without the DMAR: prefix', text: paste('[ 843.3] vfio-pci 0000:04:00.0: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.'), expect: [{ data: { devices: ['0000:04:00.0'], eperm: false } }] },
  { name: 'a 6.6+ release names the newer message', text: paste('$ uname -r', '6.8.12-4-pve', '$ dmesg | tail -1', `[ 843.3] ${LINE}`), expect: [{ data: { devices: ['0000:04:00.0'], eperm: false, release: '6.8.12-4-pve' } }] },
  // Must not fire.
  { name: 'RMRR table lines alone are normal', text: paste('[    0.02] DMAR: RMRR base: 0x000000791f4000 end: 0x000000791f7fff', '[    0.41] DMAR: Intel(R) Virtualization Technology for Directed I/O'), expect: [] },
  { name: 'the 6.6+ message is firmware-direct-mapping-required\'s', text: paste('[ 611.0] vfio-pci 0000:01:00.0: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.'), expect: [] },
  // Unknown is not false: QEMU's EPERM alone needs the kernel log.
  { name: 'QEMU EPERM without any kernel log', text: paste('vfio 0000:04:00.0: failed to setup container for group 30: Failed to set iommu for container: Operation not permitted'), expect: /no kernel log/ },
];

describe(ID, () => {
  it('with no kernel log at all, finding nothing is unknown: the engine names the missing input', () => {
    expect(runRule(rule, paste('BOOT_IMAGE=/vmlinuz-6.1.0 root=/dev/sda1 ro intel_iommu=on')).missing).toEqual(['kernelLogAfterVm']);
  });
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map(() => 'error'));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toEqual({ messageId: 'ineligible', data: e.data });
      expect(f.devices).toEqual(e.data.devices);
      expect(f.fixes.map((x) => x.id)).toEqual([`${ID}/firmware`]);
    });
  });

  it('fixture: the ProLiant paste cites the refusal, QEMU\'s EPERM and the RMRR table', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
    const ev = r.findings[0]!.evidence.map((e) => e.text).join('\n');
    expect(ev).toContain('platform RMRR requirement');
    expect(ev).toContain('Operation not permitted');
    expect(ev).toContain('RMRR base');
    expect(r.messages[0]).toMatchObject({ messageId: 'ineligible', data: { eperm: true } });
    expect(r.findings[0]!.fixes[0]!.steps[0]!.description).toContain('conrep');
  });

  it('fixture: a host whose VM starts is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
