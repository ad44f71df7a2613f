// Table-driven tests for vm-xvga-with-ovmf: x-vga against the VM's firmware.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases, runRule } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const qm = (...l: string[]) => paste('$ qm config 100', 'boot: order=scsi0', 'machine: q35', ...l);
const cases: { name: string; text: string; expect: { severity: string; vm: RegExp; devices: string[] } | 'none' | RegExp }[] = [
  { name: 'libvirt OVMF loader with -set device.hostdev0.x-vga=on (fixture)', text: fixture('vm/win10-split-slots.xml'), expect: { severity: 'warning', vm: /libvirt VM/, devices: ['01:00.0'] } },
  { name: 'libvirt domainPaste OVMF + x-vga', text: domainPaste({ xvgaAlias: 'hostdev0' }), expect: { severity: 'warning', vm: /libvirt VM/, devices: ['01:00.0'] } },
  { name: 'Proxmox bios: ovmf and x-vga=1: a note', text: qm('bios: ovmf', 'hostpci0: 0000:01:00,pcie=1,x-vga=1'), expect: { severity: 'info', vm: /Proxmox VM/, devices: ['01:00.0'] } },
  // Must not fire.
  { name: 'SeaBIOS with x-vga', text: domainPaste({ firmware: 'seabios', xvgaAlias: 'hostdev0' }), expect: 'none' },
  { name: 'Proxmox default bios (SeaBIOS) with x-vga=1', text: qm('hostpci0: 0000:01:00,pcie=1,x-vga=1'), expect: 'none' },
  { name: 'OVMF without x-vga', text: domainPaste(), expect: 'none' },
  { name: 'x-vga on an alias that is not a hostdev', text: domainPaste({ xvgaAlias: 'video0' }), expect: 'none' },
];

describe('vm-xvga-with-ovmf', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe(e.severity);
    const m = r.messages[0]! as { messageId: string; data: { vm: string; devices: string[] } };
    expect(m.messageId).toBe('xvga');
    expect(m.data.vm).toMatch(e.vm);
    expect(m.data.devices).toEqual(e.devices);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toMatch(/x-vga/);
  });
});

describe('vm-xvga-with-ovmf fixes', () => {
  it('libvirt: a remove-xvga domain step for the alias; Proxmox: the hostpci line without x-vga=1, and the way back', () => {
    const lv = runRule(rule, domainPaste({ xvgaAlias: 'hostdev0' })).findings[0]!.fixes[0]!;
    expect(lv.steps[0]).toMatchObject({ kind: 'domain', domain: 'win10', op: { type: 'remove-xvga', aliases: ['hostdev0'] } });
    const pve = runRule(rule, qm('bios: ovmf', 'hostpci0: 0000:01:00,pcie=1,x-vga=1')).findings[0]!.fixes[0]!.steps.map((s) => (s.kind === 'command' ? s.argv.join(' ') : s.description)).join('\n');
    expect(pve).toMatch(/qm set (?:VMID|100) -hostpci0 0000:01:00,pcie=1$/m);
    expect(pve).toMatch(/To go back: qm set (?:VMID|100) -hostpci0 0000:01:00,pcie=1,x-vga=1/);
  });
});
