// Table-driven tests for vm-hostdev-not-on-host: hostdev addresses against the host's whole PCI list.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { domainPaste } from '../../test/vm-pastes';

const lspci = (...extra: string[]) =>
  paste(
    '$ lspci -nnk',
    '00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)',
    '00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)',
    '00:02.0 VGA compatible controller [0300]: Intel Corporation UHD Graphics 630 [8086:3e92]',
    '\tKernel driver in use: i915',
    ...extra,
  );
const gpuAt = (bus: string) => [`${bus}:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)`, '\tKernel driver in use: vfio-pci', `${bus}:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)`, '\tKernel driver in use: vfio-pci'];

const cases: { name: string; text: string; expect: { vm: RegExp; gone: string[]; gpus: RegExp } | 'none' | RegExp }[] = [
  { name: 'the card moved from 01:00 to 02:00', text: lspci(...gpuAt('02')) + domainPaste(), expect: { vm: /libvirt VM/, gone: ['01:00.0', '01:00.1'], gpus: /02:00\.0 VGA compatible controller/ } },
  { name: 'Proxmox hostpci to a slot that is empty', text: lspci(...gpuAt('01')) + paste('$ qm config 100', 'boot: order=scsi0', 'hostpci0: 0000:0a:00,pcie=1', 'machine: q35'), expect: { vm: /Proxmox VM/, gone: ['0a:00.0'], gpus: /01:00\.0/ } },
  // Must not fire.
  { name: 'the addresses exist', text: lspci(...gpuAt('01')) + domainPaste(), expect: 'none' },
  { name: 'Proxmox slot form with functions present', text: lspci(...gpuAt('01')) + paste('$ qm config 100', 'boot: order=scsi0', 'hostpci0: 01:00,pcie=1', 'machine: q35'), expect: 'none' },
  // Unable: an excerpt of the bus.
  { name: 'lspci -s excerpt only', text: paste('$ lspci -nnk -s 02:00', ...gpuAt('02')) + domainPaste(), expect: /whole PCI device list/ },
];

describe('vm-hostdev-not-on-host', () => {
  ruleCases(rule, cases, (r, facts) => {
    expect(r.findings).toHaveLength(1);
    const m = r.messages[0]! as { messageId: string; data: { vm: string; gone: string[]; gpus: string[] } };
    expect(m.messageId).toBe('absent');
    expect(m.data.vm).toMatch(facts.vm);
    expect(m.data.gone).toEqual(facts.gone);
    expect(m.data.gpus.join(', ')).toMatch(facts.gpus);
    expect(r.findings[0]!.evidence[0]!.text).toMatch(/<address domain=|hostpci0:/);
  });
});
