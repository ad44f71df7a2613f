// Table-driven tests for vm-hostdev-group-incomplete: the VM's hostdevs against the host's IOMMU groups and cards.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';
import { hostPaste, domainPaste } from '../../test/vm-pastes';
import { editDomainXml } from '../../src/vm/domain-edit';

const gpuOnly = domainPaste({ hostdevs: [['01:00.0', 5, 0]] });
const cases: { name: string; text: string; expect: { severity: string; data: { missing: string[]; onHost?: RegExp; cardOnly?: RegExp; rest?: RegExp; restUnknown?: boolean; vm?: RegExp } } | 'none' | RegExp }[] = [
  { name: 'libvirt: GPU only, audio on snd_hda_intel in the group', text: hostPaste('snd_hda_intel') + gpuOnly, expect: { severity: 'error', data: { missing: ['01:00.1'], onHost: /^01:00\.1 .*snd_hda_intel/ } } },
  { name: 'libvirt: GPU only, audio on vfio-pci: the card is split', text: hostPaste('vfio-pci') + gpuOnly, expect: { severity: 'warning', data: { missing: ['01:00.1'], cardOnly: /^01:00\.1/ } } },
  { name: 'Proxmox: one function of two', text: hostPaste('snd_hda_intel') + paste('$ qm config 100', 'boot: order=scsi0', 'hostpci0: 0000:01:00.0,pcie=1', 'machine: q35', 'memory: 8192'), expect: { severity: 'error', data: { missing: ['01:00.1'], onHost: /^01:00\.1/, vm: /Proxmox VM/ } } },
  { name: 'an unrelated device in the group with unknown driver', text: hostPaste('vfio-pci', ['\t02:00.0 USB controller [0c03]: ASMedia Technology Inc. ASM1142 USB 3.1 Host Controller [1b21:1242]']) + domainPaste(), expect: { severity: 'info', data: { missing: ['02:00.0'], rest: /^02:00\.0/, restUnknown: true } } },
  // Must not fire.
  { name: 'both functions passed (the bridge is exempt)', text: hostPaste('vfio-pci') + domainPaste(), expect: 'none' },
  { name: 'Proxmox all functions (slot form)', text: hostPaste('vfio-pci') + paste('$ qm config 100', 'boot: order=scsi0', 'hostpci0: 0000:01:00,pcie=1', 'machine: q35'), expect: 'none' },
  { name: 'no VM in the input', text: hostPaste('snd_hda_intel'), expect: 'none' },
  // Unable.
  { name: 'a VM but no groups', text: gpuOnly, expect: /IOMMU groups are not in the input/ },
];

describe('vm-hostdev-group-incomplete', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe(e.severity);
    const m = r.messages[0]! as { messageId: string; data: { vm: string; missing: string[]; onHost: string[]; cardOnly: string[]; rest: string[]; restUnknown: boolean } };
    expect(m.messageId).toBe('incomplete');
    expect(m.data.missing).toEqual(e.data.missing);
    for (const k of ['onHost', 'cardOnly', 'rest'] as const) {
      if (e.data[k]) expect(m.data[k].join(', ')).toMatch(e.data[k]!);
      else expect(m.data[k]).toEqual([]);
    }
    if (e.data.restUnknown !== undefined) expect(m.data.restUnknown).toBe(e.data.restUnknown);
    if (e.data.vm) expect(m.data.vm).toMatch(e.data.vm);
    expect(f.evidence.length).toBeGreaterThan(0);
  });

  it('the libvirt fix adds the audio function on the GPU guest slot, function 0 multifunction', () => {
    const f = runRule(rule, hostPaste('snd_hda_intel') + gpuOnly).findings[0]!;
    expect(f.evidence[0]!.text).toContain("bus='0x01' slot='0x00' function='0x0'");
    const step = f.fixes[0]!.steps[0]!;
    expect(step.kind === 'domain' && step.domain).toBe('win10');
    // The op, applied to the VM's definition, gives both functions on guest slot 5.
    const xml = editDomainXml(gpuOnly.split('\n').filter((l) => l.trimStart().startsWith('<')).join('\n') + '\n', (step as Extract<typeof step, { kind: 'domain' }>).op);
    expect(xml).toContain("function='0x1'/>\n      </source>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x1'/>");
    expect(xml).toContain("slot='0x05' function='0x0' multifunction='on'");
  });

  it('the Proxmox fix turns the one-function hostpci line into the slot form, keeping its options', () => {
    const f = runRule(rule, hostPaste('snd_hda_intel') + paste('$ qm config 100', 'boot: order=scsi0', 'machine: q35', 'hostpci0: 0000:01:00.0,pcie=1,x-vga=1')).findings[0]!;
    // The VM id: VMID (by hand) when the input does not name it, the id itself (runnable commands) when it does.
    const text = f.fixes[0]!.steps.map((s) => (s.kind === 'command' ? s.argv.join(' ') : s.description)).join('\n');
    expect(text).toMatch(/qm set (?:VMID|100) -hostpci0 0000:01:00,pcie=1,x-vga=1/);
    expect(text).toMatch(/To go back: qm set (?:VMID|100) -hostpci0 0000:01:00\.0,pcie=1,x-vga=1/);
  });
});
