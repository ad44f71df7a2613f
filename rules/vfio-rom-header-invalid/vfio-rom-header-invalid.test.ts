// vfio-rom-header-invalid: table-driven cases (explains, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'vfio-rom-header-invalid';
const rom = (bdf: string, got = '0x0000') => `[  120.4] vfio-pci 0000:${bdf}: Invalid PCI ROM header signature: expecting 0xaa55, got ${got}`;
const IGPU = '00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]';
const CARD = '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)';

type Expect = { messageId: 'igpu' | 'card'; data: { name?: string; got?: string; guessed?: boolean } }[];
const cases: { name: string; text: string; expect: Expect | 'none' | RegExp }[] = [
  { name: 'an Intel iGPU named by lspci', text: paste('$ lspci -nn', IGPU, '$ dmesg', rom('00:02.0')), expect: [{ messageId: 'igpu', data: { got: '0x0000', guessed: false } }] },
  { name: 'the iGPU address without lspci: said as a guess', text: paste(rom('00:02.0', '0x483f')), expect: [{ messageId: 'igpu', data: { name: '00:02.0 device (driver vfio-pci)', got: '0x483f', guessed: true } }] },
  { name: 'a discrete card', text: paste('$ lspci -nn', CARD, '$ dmesg', rom('01:00.0', '0xffff')), expect: [{ messageId: 'card', data: { got: '0xffff' } }] },
  { name: 'a card at 00:02.0 that is not Intel', text: paste('$ lspci -nn', '00:02.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [1002:73bf]', rom('00:02.0')), expect: [{ messageId: 'card', data: { got: '0x0000' } }] },
  { name: 'two devices, repeated lines: one note each', text: paste(rom('01:00.0', '0xffff'), rom('01:00.0', '0xffff'), rom('00:02.0')), expect: [{ messageId: 'card', data: { name: '01:00.0 device (driver vfio-pci)', got: '0xffff' } }, { messageId: 'igpu', data: { name: '00:02.0 device (driver vfio-pci)', guessed: true } }] },
  { name: 'journal form, unstamped message', text: paste('Feb 26 10:32:54 pve kernel: vfio-pci 0000:01:00.0: Invalid PCI ROM header signature: expecting 0xaa55, got 0xffff'), expect: [{ messageId: 'card', data: { name: '01:00.0 device (driver vfio-pci)', got: '0xffff' } }] },
  // Must not fire.
  { name: 'the host\'s own amdgpu reading its ROM', text: paste('[    1.95] amdgpu 0000:02:00.0: Invalid PCI ROM header signature: expecting 0xaa55, got 0xffff'), expect: 'none' },
  { name: 'a guest kernel\'s i915 line', text: paste('[    0.656088] i915 0000:00:02.0: Invalid PCI ROM header signature: expecting 0xaa55, got 0x0000'), expect: 'none' },
  { name: 'the PCIR data signature line is another message', text: paste('[  120.4] vfio-pci 0000:01:00.0: Invalid PCI ROM data signature: expecting 0x52494350, got 0x00000000'), expect: 'none' },
  // Unknown is not false.
  { name: 'only lspci', text: paste(CARD), expect: /no kernel log/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.severity ?? rule.meta.severity).toBe('info');
      expect(r.messages[i]).toMatchObject(e);
      expect(f.evidence).toHaveLength(1);
      expect(f.fixes ?? []).toEqual([]);
    });
  });

  it('never raises the report above info: diagnose of the line alone has no error or warning', async () => {
    const { diagnose } = await import('../../src/index');
    const r = diagnose([{ source: 'pasted text', text: paste(rom('01:00.0', '0xffff')) }]);
    expect(r.findings.filter((f) => f.id === ID).map((f) => f.severity)).toEqual(['info']);
  });

  it('fixture: the Alder Lake iGPU line gets the iGPU note', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings).toHaveLength(1);
    expect(r.messages[0]?.messageId).toBe('igpu');
  });

  it('fixture: amdgpu on the host reading its own ROM is not this', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
