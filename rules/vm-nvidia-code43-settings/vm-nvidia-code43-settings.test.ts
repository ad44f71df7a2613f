// Table-driven tests for vm-nvidia-code43-settings: a GeForce in a libvirt VM against its hidden/vendor_id features.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { hostPaste, domainPaste } from '../../test/vm-pastes';

const amd = paste(
  '$ lspci -nnk -s 01:00',
  '01:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
  '\tKernel driver in use: vfio-pci',
);

const cases: { name: string; text: string; expect: { missing: number } | 'none' | RegExp }[] = [
  { name: 'GeForce, neither hidden nor vendor_id', text: hostPaste() + domainPaste(), expect: { missing: 2 } },
  { name: 'GeForce, hidden but no vendor_id', text: hostPaste() + domainPaste({ hidden: true }), expect: { missing: 1 } },
  // Must not fire.
  { name: 'GeForce, both set', text: hostPaste() + domainPaste({ hidden: true, vendorId: '0123456789ab' }), expect: 'none' },
  { name: 'an AMD card', text: amd + domainPaste({ hostdevs: [['01:00.0', 5, 0]] }), expect: 'none' },
  { name: 'a hostdev snippet (features unknown)', text: hostPaste() + paste("<hostdev mode='subsystem' type='pci' managed='yes'>", '  <source>', "    <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>", '  </source>', '</hostdev>'), expect: 'none' },
  { name: 'the user reports Code 43 (nvidia-code43-legacy-driver answers)', text: 'Windows shows Code 43 for the card.\n' + hostPaste() + domainPaste(), expect: 'none' },
  { name: 'the host devices are unknown', text: domainPaste(), expect: 'none' },
];

describe('vm-nvidia-code43-settings', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('info');
    expect((r.messages[0]! as { data: { missing: string[] } }).data.missing).toHaveLength(e.missing);
  });
});
