// Table-driven tests for vm-functions-split: guest addresses of one card's functions.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { editDomainXml } from '../../src/vm/domain-edit';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const cases: { name: string; text: string; expect: { messageId: string; data: unknown } | 'none' | RegExp }[] = [
  { name: 'two guest slots (fixture, after a libvirt default placement)', text: paste('$ virsh dumpxml win10') + fixture('vm/win10-split-slots.xml'), expect: { messageId: 'slots', data: { vm: 'libvirt VM "win10"', card: '01:00', slots: 2, placed: ['01:00.0 → 0x00:0x05.0', '01:00.1 → 0x00:0x06.0'] } } },
  { name: 'one slot, no multifunction', text: domainPaste({ hostdevs: [['01:00.0', 5, 0], ['01:00.1', 5, 1]] }), expect: { messageId: 'noMultifunction', data: { vm: 'libvirt VM "win10"', card: '01:00' } } },
  // Must not fire.
  { name: 'one slot with multifunction on function 0', text: domainPaste(), expect: 'none' },
  { name: 'functions of different cards on different slots', text: domainPaste({ hostdevs: [['01:00.0', 5, 0], ['02:00.0', 6, 0]] }), expect: 'none' },
  { name: 'a snippet without guest addresses', text: paste("<hostdev mode='subsystem' type='pci' managed='yes'>", '  <source>', "    <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>", '  </source>', '</hostdev>', "<hostdev mode='subsystem' type='pci' managed='yes'>", '  <source>', "    <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>", '  </source>', '</hostdev>'), expect: 'none' },
  // Proxmox: qemu-server gives each hostpciN a guest device of its own; only one entry's ids make one multifunction device.
  { name: 'Proxmox: the GPU and its audio in two hostpci entries', text: paste('$ qm config 100', 'boot: order=scsi0', 'hostpci0: 01:00.0,pcie=1,x-vga=1', 'hostpci1: 01:00.1,pcie=1', 'machine: q35'), expect: { messageId: 'pveKeys', data: { vm: 'the Proxmox VM', card: '01:00', keys: ['hostpci0: 01:00.0', 'hostpci1: 01:00.1'] } } },
  { name: 'Proxmox: every function in one entry', text: paste('$ qm config 100', 'hostpci0: 0000:01:00,pcie=1,x-vga=1', 'machine: q35'), expect: 'none' },
  { name: 'Proxmox: the functions listed in one entry', text: paste('$ qm config 100', 'hostpci0: 0000:01:00.0;0000:01:00.1,pcie=1', 'machine: q35'), expect: 'none' },
  { name: 'Proxmox: two cards, one entry each', text: paste('$ qm config 100', 'hostpci0: 01:00.0,pcie=1', 'hostpci1: 02:00.0,pcie=1', 'machine: q35'), expect: 'none' },
];

describe('vm-functions-split', () => {
  ruleCases(rule, cases, (r, facts) => {
    expect(r.findings).toHaveLength(1);
    expect(r.messages[0]).toEqual(facts);
    expect(r.findings[0]!.evidence.every((e) => /<address type='pci'|^hostpci\d+: /.test(e.text))).toBe(true);
  });

  it('Proxmox: one qm set puts the functions in the entry of function 0, with its options, after the others are removed', () => {
    const fix = (cfg: string[]) => runRule(rule, paste('$ qm config 100', 'boot: order=scsi0', ...cfg, 'machine: q35')).findings[0]!.fixes[0]!;
    const argv = (f: ReturnType<typeof fix>) => f.steps.flatMap((st) => (st.kind === 'command' ? [st.argv.join(' ')] : []));
    // Written in any order, with host= and full addresses: the user's own spelling is kept.
    const f = fix(['hostpci1: host=0000:01:00.1,pcie=1', 'hostpci3: 0000:01:00.3', 'hostpci0: host=0000:01:00.0,pcie=1,x-vga=1,romfile=gpu.rom']);
    expect(f.id).toBe('vm-functions-split/one-hostpci');
    expect(argv(f)).toEqual(['qm config 100', 'qm set 100 -delete hostpci1,hostpci3', 'qm set 100 -hostpci0 host=0000:01:00.0;0000:01:00.1;0000:01:00.3,pcie=1,x-vga=1,romfile=gpu.rom']);
    const back = f.steps.find((st) => st.kind === 'manual')!.description;
    expect(back).toContain('qm set 100 -hostpci0 host=0000:01:00.0,pcie=1,x-vga=1,romfile=gpu.rom');
    expect(back).toContain('qm set 100 -hostpci1 host=0000:01:00.1,pcie=1');
    expect(back).toContain('qm set 100 -hostpci3 0000:01:00.3');
    // Without the VM's id: the same lines, to run by hand.
    const noId = runRule(rule, paste('hostpci0: 01:00.0,pcie=1', 'hostpci1: 01:00.1,pcie=1')).findings[0]!.fixes[0]!;
    expect(noId.steps[0]).toMatchObject({ kind: 'manual', description: expect.stringContaining("qm set VMID -delete hostpci1\nqm set VMID -hostpci0 '01:00.0;01:00.1,pcie=1'") });
  });

  it('the fix keeps function 0 slot and sets multifunction', () => {
    const step = runRule(rule, fixture('vm/win10-split-slots.xml')).findings[0]!.fixes[0]!.steps[0]!;
    expect(step).toMatchObject({ kind: 'domain', domain: 'win10', op: { type: 'replace-hostdevs', bdfs: ['0000:01:00.0', '0000:01:00.1'], guest: { bus: 0, slot: 5 } } });
    const xml = editDomainXml(fixture('vm/win10-split-slots.xml'), (step as Extract<typeof step, { kind: 'domain' }>).op);
    expect(xml).toContain("slot='0x05' function='0x0' multifunction='on'");
    expect(xml).toContain("slot='0x05' function='0x1'/>");
    expect(xml).not.toContain("slot='0x06'");
  });
});
