// Table-driven tests for vm-hostdev-unmanaged: managed='no' hostdevs against the driver each device is on.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';
import { hostPaste, domainPaste } from '../../test/vm-pastes';

const cases: { name: string; text: string; expect: { devices: RegExp } | 'none' | RegExp }[] = [
  { name: "managed='no', audio on snd_hda_intel", text: hostPaste('snd_hda_intel') + domainPaste({ unmanaged: true }), expect: { devices: /^01:00\.1 .*\(on snd_hda_intel\)$/ } },
  { name: "managed='no', GPU on nvidia", text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)', '\tKernel driver in use: nvidia') + domainPaste({ unmanaged: true, hostdevs: [['01:00.0', 5, 0]] }), expect: { devices: /^01:00\.0 .*\(on nvidia\)$/ } },
  // Must not fire.
  { name: "managed='no', both on vfio-pci (detached beforehand)", text: hostPaste('vfio-pci') + domainPaste({ unmanaged: true }), expect: 'none' },
  { name: "managed='yes' with audio on snd_hda_intel (libvirt detaches it)", text: hostPaste('snd_hda_intel') + domainPaste(), expect: 'none' },
  { name: "managed='no' but the drivers are not in the input", text: domainPaste({ unmanaged: true }), expect: 'none' },
];

describe('vm-hostdev-unmanaged', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    const m = r.messages[0]! as { data: { devices: string[] } };
    expect(m.data.devices).toHaveLength(1);
    expect(m.data.devices[0]).toMatch(e.devices);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toMatch(/function='0x[01]'/);
  });

  it("the recommended fix sets managed='yes' through a domain step; the other detaches by hand", () => {
    const f = runRule(rule, hostPaste('snd_hda_intel') + domainPaste({ unmanaged: true })).findings[0]!;
    expect(f.fixes[0]!.steps[0]).toMatchObject({ kind: 'domain', domain: 'win10', op: { type: 'set-managed', bdfs: ['0000:01:00.1'] } });
    expect(f.fixes[1]!.steps[0]).toMatchObject({ kind: 'command', argv: ['virsh', 'nodedev-detach', 'pci_0000_01_00_1'] });
  });
});
