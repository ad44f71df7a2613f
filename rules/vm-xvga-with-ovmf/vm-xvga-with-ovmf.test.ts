// Table-driven tests for vm-xvga-with-ovmf: x-vga against the VM's firmware.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const qm = (...l: string[]) => paste('$ qm config 100', 'boot: order=scsi0', 'machine: q35', ...l);
const cases: { name: string; text: string; expect: { severity: string; facts: string[] } | 'none' | RegExp }[] = [
  { name: 'libvirt OVMF loader with -set device.hostdev0.x-vga=on (fixture)', text: fixture('vm/win10-split-slots.xml'), expect: { severity: 'warning', facts: ['OVMF', '01:00.0', 'Device does not support requested feature x-vga'] } },
  { name: 'libvirt domainPaste OVMF + x-vga', text: domainPaste({ xvgaAlias: 'hostdev0' }), expect: { severity: 'warning', facts: ['x-vga on 01:00.0'] } },
  { name: 'Proxmox bios: ovmf and x-vga=1: a note', text: qm('bios: ovmf', 'hostpci0: 0000:01:00,pcie=1,x-vga=1'), expect: { severity: 'info', facts: ['Proxmox VM'] } },
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
    for (const t of e.facts) expect(r.findings[0]!.message).toContain(t);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toMatch(/x-vga/);
  });
});
