// Table-driven tests for nvidia-probe-not-called (E12): benign on vfio-pci, a warning when the card has no driver.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, fixture, ruleCases } from '../../test/harness';

const cases: { name: string; text: string; expect: { severity: 'info' | 'warning'; messageId: 'noDriver' | 'expected'; data: Record<string, unknown> } | 'none' | RegExp }[] = [
  { name: 'the card has no driver at all (fixture)', text: fixture('rules/nvidia-probe-not-called/fires.txt'), expect: { severity: 'warning', messageId: 'noDriver', data: { cards: ['01:00.0 VGA compatible controller [10de:2504] (no driver)'] } } },
  { name: 'benign: the only NVIDIA card is on vfio-pci (fixture)', text: fixture('rules/nvidia-probe-not-called/clean.txt'), expect: { severity: 'info', messageId: 'expected', data: { held: ['01:00.0 VGA compatible controller [10de:2504] (driver vfio-pci)'], hostCards: false } } },
  { name: 'a single NVRM line, nothing else: explained as expected with passthrough', text: paste('NVRM: The NVIDIA probe routine was not called for 1 device(s).'), expect: { severity: 'info', messageId: 'expected', data: { count: 1, held: [], hostCards: false } } },
  {
    name: 'two cards: host card on nvidia, guest card on vfio-pci',
    text: paste('[    4.2] NVRM: The NVIDIA probe routine was not called for 1 device(s).', '=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=2203 class=030000 driver=nvidia boot_vga=1', '0000:05:00.0 vendor=10de device=2203 class=030000 driver=vfio-pci boot_vga=0'),
    expect: { severity: 'info', messageId: 'expected', data: { count: 1, held: ['05:00.0 VGA compatible controller [10de:2203] (driver vfio-pci)'], hostCards: true } },
  },
  { name: 'a kernel log without the NVRM line', text: paste('[    1.87] vfio_pci: add [10de:2504[ffffffff:ffffffff]] class 0x000000/00000000'), expect: 'none' },
  { name: 'no kernel log', text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA106 [GeForce RTX 3060] [10de:2504] (rev a1)', '\tKernel driver in use: nvidia'), expect: /no kernel log/ },
];

describe('nvidia-probe-not-called', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe(expected.severity);
    expect(r.messages[0]).toMatchObject({ messageId: expected.messageId, data: expected.data });
  });
});
