// Table-driven tests for vm-seabios-uefi-only-gpu: the VM's firmware against rom-parser's reading of the card's ROM.
import { describe, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases } from '../../test/harness';
import { hostPaste, domainPaste } from '../../test/vm-pastes';

// rom-parser's output (rom-parser.c): one block per image, "Last image" after the last.
const rom = (types: string[], opts: { last?: boolean; device?: string } = {}) =>
  paste(
    '$ ./rom-parser /tmp/1070.rom',
    ...types.flatMap((t, i) => [
      `Valid ROM signature found @${(i * 0xe800).toString(16)}h, PCIR offset ${i ? '1c' : '1a0'}h`,
      `\tPCIR: type ${t}, vendor: 10de, device: ${opts.device ?? '1b81'}, class: 030000`,
      '\tPCIR: revision 3, vendor revision: 1',
      ...(t.startsWith('3') ? ['\t\tEFI: Signature Valid, Subsystem: Boot, Machine: X64'] : []),
    ]),
    ...(opts.last === false ? [] : ['\tLast image']),
  );
const seabios = domainPaste({ firmware: 'seabios' });

const cases: { name: string; text: string; expect: { gpu: RegExp } | 'none' | RegExp }[] = [
  { name: 'SeaBIOS, ROM with only an EFI image', text: hostPaste() + seabios + rom(['3 (EFI)']), expect: { gpu: /^01:00\.0 .*10de:1b81/ } },
  { name: 'the first rom-parser (no type names)', text: hostPaste() + seabios + rom(['3']), expect: { gpu: /10de:1b81/ } },
  // Must not fire.
  { name: 'SeaBIOS, ROM with legacy and EFI images', text: hostPaste() + seabios + rom(['0 (x86 PC-AT)', '3 (EFI)']), expect: 'none' },
  { name: 'OVMF with an EFI-only ROM', text: hostPaste() + domainPaste() + rom(['3 (EFI)']), expect: 'none' },
  { name: 'SeaBIOS, no ROM reading', text: hostPaste() + seabios, expect: 'none' },
  { name: 'rom-parser output cut before its last image', text: hostPaste() + seabios + rom(['3 (EFI)'], { last: false }), expect: 'none' },
  { name: "another card's ROM", text: hostPaste() + seabios + rom(['3 (EFI)'], { device: '1b80' }), expect: 'none' },
];

describe('vm-seabios-uefi-only-gpu', () => {
  ruleCases(rule, cases, (r, e) => {
    expect(r.findings).toHaveLength(1);
    expect((r.messages[0]! as { data: { gpu: string } }).data.gpu).toMatch(e.gpu);
    expect(r.findings[0]!.evidence.map((x) => x.text).join('\n')).toMatch(/PCIR: type 3/);
  });
});
