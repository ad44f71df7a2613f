// Table-driven tests for vm-romfile-unreadable: the ROM file a VM names against `ls -l[Z]` of it.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const ls = (line: string) => paste('$ ls -lZ /the/rom', line);
const qm = (romfile: string) => paste('$ qm config 100', 'boot: order=scsi0', 'machine: q35', `hostpci0: 0000:01:00,pcie=1,romfile=${romfile}`);

const cases: { name: string; text: string; expect: { id: string; severity: string; path: string } | 'none' | RegExp }[] = [
  { name: 'libvirt: the file is not there', text: domainPaste({ rom: '/usr/share/vgabios/1070.rom' }) + ls("ls: cannot access '/usr/share/vgabios/1070.rom': No such file or directory"), expect: { id: 'missing', severity: 'error', path: '/usr/share/vgabios/1070.rom' } },
  { name: 'libvirt: 0600 in a home folder (owner only)', text: domainPaste({ rom: '/home/ann/1070.rom' }) + ls('-rw-------. 1 ann ann unconfined_u:object_r:user_home_t:s0 262144 Dec  6 10:00 /home/ann/1070.rom'), expect: { id: 'unreadable', severity: 'warning', path: '/home/ann/1070.rom' } },
  { name: 'libvirt: readable by all but labelled user_home_t', text: domainPaste({ rom: '/home/ann/1070.rom' }) + ls('-rw-r--r--. 1 ann ann unconfined_u:object_r:user_home_t:s0 262144 Dec  6 10:00 /home/ann/1070.rom'), expect: { id: 'label', severity: 'warning', path: '/home/ann/1070.rom' } },
  { name: 'Proxmox: a relative romfile= is looked up in /usr/share/kvm', text: qm('gtx1070.rom') + ls("ls: cannot access '/usr/share/kvm/gtx1070.rom': No such file or directory"), expect: { id: 'missing', severity: 'error', path: '/usr/share/kvm/gtx1070.rom' } },
  // Must not fire.
  { name: 'libvirt: 0644 root file in /usr/share/vgabios (usr_t)', text: domainPaste({ rom: '/usr/share/vgabios/1070.rom' }) + ls('-rw-r--r--. 1 root root system_u:object_r:usr_t:s0 262144 Dec  6 10:00 /usr/share/vgabios/1070.rom'), expect: 'none' },
  { name: 'libvirt: plain ls -l, 0644', text: domainPaste({ rom: '/var/lib/libvirt/vbios/1070.rom' }) + ls('-rw-r--r-- 1 root root 262144 Dec  6  2025 /var/lib/libvirt/vbios/1070.rom'), expect: 'none' },
  { name: 'Proxmox: a 0600 root file (QEMU runs as root there)', text: qm('gtx1070.rom') + ls('-rw------- 1 root root 262144 Dec  6 10:00 /usr/share/kvm/gtx1070.rom'), expect: 'none' },
  { name: 'no listing of the file', text: domainPaste({ rom: '/home/ann/1070.rom' }), expect: 'none' },
  { name: 'a listing of another file', text: domainPaste({ rom: '/home/ann/1070.rom' }) + ls("ls: cannot access '/home/ann/other.rom': No such file or directory"), expect: 'none' },
];

describe('vm-romfile-unreadable', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe(e.severity);
    const m = r.messages[0]! as { messageId: string; data: { path: string } };
    expect(m.messageId).toBe(e.id);
    expect(m.data.path).toBe(e.path);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toContain(e.path.replace(/^\/usr\/share\/kvm\//, ''));
  });
});
