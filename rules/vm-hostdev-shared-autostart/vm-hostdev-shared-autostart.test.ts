// Table-driven tests for vm-hostdev-shared-autostart: two VMs, their devices and whether each starts with the host.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { hostPaste, domainPaste } from '../../test/vm-pastes';

const qm = (id: number, name: string, onboot: string | undefined, hostpci = '0000:01:00,pcie=1') =>
  paste(`$ qm config ${id}`, 'boot: order=scsi0', 'machine: q35', `name: ${name}`, ...(onboot === undefined ? [] : [`onboot: ${onboot}`]), `hostpci0: ${hostpci}`);

const cases: { name: string; text: string; expect: { devices: string[] } | 'none' | RegExp }[] = [
  { name: 'two Proxmox VMs, both onboot, the same card', text: hostPaste() + qm(100, 'win', '1') + qm(101, 'linux', '1'), expect: { devices: ['01:00.0', '01:00.1'] } },
  { name: 'one passes the GPU function only, the other the whole card', text: hostPaste() + qm(100, 'win', '1', '0000:01:00.0,pcie=1') + qm(101, 'linux', '1'), expect: { devices: ['01:00.0'] } },
  // Must not fire.
  { name: 'only one of them onboot', text: hostPaste() + qm(100, 'win', '1') + qm(101, 'linux', '0'), expect: 'none' },
  { name: 'onboot not set on one (default off)', text: hostPaste() + qm(100, 'win', '1') + qm(101, 'linux', undefined), expect: 'none' },
  { name: 'different cards', text: hostPaste() + qm(100, 'win', '1') + qm(101, 'linux', '1', '0000:02:00,pcie=1'), expect: 'none' },
  { name: 'libvirt VMs whose autostart is unknown (a paste)', text: hostPaste() + domainPaste({ name: 'a' }) + domainPaste({ name: 'b' }), expect: 'none' },
];

describe('vm-hostdev-shared-autostart', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect((r.messages[0]! as { data: { devices: string[] } }).data.devices).toEqual(e.devices);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toMatch(/onboot: 1[\s\S]*onboot: 1/);
  });
});
