// The chat's `vm` command: the generated configuration for the target's group, in one format or all, with the
// virsh attach-device usage beside the libvirt elements.
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, pasteSources, after } from './helpers';
import { parseCommand } from '../../src/ui/command';
import { fixture } from '../harness';

afterEach(() => cleanup());

const HOST = fixture('rules/vm-hostdev-group-incomplete/fires.txt');

describe('vm in the chat', () => {
  it('vm libvirt: one <hostdev> per function on the slot the VM uses, and one attach-device line per element', async () => {
    const c = startChat({ loader: async () => pasteSources(HOST), width: 120 });
    await c.waitFor('Found');
    await c.type('vm libvirt\r');
    const f = after(await c.waitFor('virsh attach-device DOMAIN hostdev-1.xml --config'), '› vm libvirt');
    expect(f).toContain('Passthrough target 01:00.0');
    expect(f).toContain("<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0' multifunction='on'/>");
    expect(f).toContain("<address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>");
    expect(f).toContain('virsh attach-device DOMAIN hostdev-0.xml --config');
    expect(f).not.toContain('hostdev-2.xml');
    expect(f).not.toContain('qm set');
  });

  it('vm alone: all four formats', async () => {
    const c = startChat({ loader: async () => pasteSources(HOST), width: 120 });
    await c.waitFor('Found');
    await c.type('vm\r');
    const f = after(await c.waitFor('--hostdev 0000:01:00.1'), '› vm');
    expect(f).toContain('<hostdev');
    expect(f).toContain('qm set VMID -hostpci0 0000:01:00,pcie=1');
    expect(f).toContain('-device vfio-pci,host=0000:01:00.0');
    expect(f.replace(/\s+|↪/g, '')).toContain('address.multifunction=on');
  });

  it('an unknown format says which there are; no report yet says to paste', async () => {
    const c = startChat({ loader: async () => pasteSources(HOST), width: 120 });
    await c.waitFor('Found');
    await c.type('vm xen\r');
    expect(after(await c.waitFor('is not a VM format'), '› vm xen')).toContain('vm virt-install');
  });

  it('parses formats and aliases', () => {
    expect(parseCommand('vm')).toEqual({ kind: 'vm' });
    expect(parseCommand('vm Proxmox')).toEqual({ kind: 'vm', format: 'proxmox' });
    expect(parseCommand('vm virt-install')).toEqual({ kind: 'vm', format: 'virt-install' });
    expect(parseCommand('vm qm')).toEqual({ kind: 'vm', format: 'proxmox' });
    expect(parseCommand('vm xen')).toEqual({ kind: 'vm', bad: 'xen' });
  });
});
