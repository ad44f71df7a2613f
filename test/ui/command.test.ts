// The chat's command parser: every command word, finding references, questions that start like commands, pastes.
import { describe, it, expect } from 'vitest';
import { parseCommand, isPastedChunk, looksLikeOutput, type ChatCommand } from '../../src/ui/command';

const known = (id: string) => id === 'identical-gpus-id-collision' || id === 'identical-gpus-id-collision/override-initramfs-tools';

const CASES: [string, ChatCommand][] = [
  ['', { kind: 'blank' }],
  ['   ', { kind: 'blank' }],
  ['quit', { kind: 'quit' }],
  ['EXIT', { kind: 'quit' }],
  ['q', { kind: 'quit' }],
  ['bye', { kind: 'quit' }],
  ['help', { kind: 'help' }],
  ['?', { kind: 'help' }],
  ['findings', { kind: 'findings' }],
  ['summary', { kind: 'findings' }],
  ['3', { kind: 'fix', ref: { kind: 'number', n: 3 } }],
  ['  12  ', { kind: 'fix', ref: { kind: 'number', n: 12 } }],
  ['fix', { kind: 'fix' }],
  ['fix 1', { kind: 'fix', ref: { kind: 'number', n: 1 } }],
  ['Fix #2', { kind: 'fix', ref: { kind: 'number', n: 2 } }],
  ['fix [2]', { kind: 'fix', ref: { kind: 'number', n: 2 } }],
  ['fix 2.1', { kind: 'fix', ref: { kind: 'number', n: 2, variant: 0 } }],
  ['fix 2/3', { kind: 'fix', ref: { kind: 'number', n: 2, variant: 2 } }],
  ['fix 2 3', { kind: 'fix', ref: { kind: 'number', n: 2, variant: 2 } }],
  ['fix identical-gpus-id-collision', { kind: 'fix', ref: { kind: 'id', id: 'identical-gpus-id-collision' } }],
  ['apply identical-gpus-id-collision/override-initramfs-tools', { kind: 'apply', ref: { kind: 'id', id: 'identical-gpus-id-collision/override-initramfs-tools' } }],
  ['apply 1', { kind: 'apply', ref: { kind: 'number', n: 1 } }],
  ['apply', { kind: 'apply' }],
  ['why 4', { kind: 'why', ref: { kind: 'number', n: 4 } }],
  ['why', { kind: 'why' }],
  // A question that starts with a command word is a question.
  ['why is my gpu in group 13', { kind: 'question', text: 'why is my gpu in group 13' }],
  ['fix my passthrough please', { kind: 'question', text: 'fix my passthrough please' }],
  ['why some-rule-not-in-this-report', { kind: 'question', text: 'why some-rule-not-in-this-report' }],
  ['groups', { kind: 'page', table: 'groups', page: 0 }],
  ['group 3', { kind: 'page', table: 'groups', page: 2 }],
  ['devices', { kind: 'page', table: 'devices', page: 0 }],
  ['device 2', { kind: 'page', table: 'devices', page: 1 }],
  ['lspci', { kind: 'page', table: 'devices', page: 0 }],
  ['groups all', { kind: 'page', table: 'groups', page: 0 }],
  ['more', { kind: 'more' }],
  // "next" walks on through the findings (or pages a table being shown: reducer).
  ['next', { kind: 'walk', restart: false }],
  ['gpu', { kind: 'gpu', choice: { kind: 'list' } }],
  ['gpu auto', { kind: 'gpu', choice: { kind: 'auto' } }],
  ['target Infer', { kind: 'gpu', choice: { kind: 'auto' } }],
  ['gpu 0a:00.0', { kind: 'gpu', choice: { kind: 'bdf', bdf: '0000:0a:00.0', text: '0a:00.0' } }],
  ['gpu 0000:01:00.0', { kind: 'gpu', choice: { kind: 'bdf', bdf: '0000:01:00.0', text: '0000:01:00.0' } }],
  ['gpu 01:00', { kind: 'gpu', choice: { kind: 'bdf', bdf: '0000:01:00.0', text: '01:00' } }],
  ['gpu nvidia', { kind: 'gpu', choice: { kind: 'bad', text: 'nvidia' } }],
  ['paste', { kind: 'paste' }],
  ['export', { kind: 'export', file: 'vfio-doctor-report.md' }],
  ['export json', { kind: 'export', format: 'json', file: 'vfio-doctor-report.json' }],
  ['export JSON out.json', { kind: 'export', format: 'json', file: 'out.json' }],
  ['export md', { kind: 'export', format: 'markdown', file: 'vfio-doctor-report.md' }],
  ['save markdown my report.md', { kind: 'export', format: 'markdown', file: 'my report.md' }],
  ['export pdf', { kind: 'export', file: 'vfio-doctor-report.md' }],
  ['rules', { kind: 'rules' }],
  ['is the acs override safe?', { kind: 'question', text: 'is the acs override safe?' }],
  // Program output typed at the prompt.
  ['[    0.000000] DMAR: IOMMU enabled', { kind: 'output' }],
  ['IOMMU Group 13 04:00.0 VGA compatible controller [0300]', { kind: 'output' }],
  ['01:00.0 VGA compatible controller [0300]: NVIDIA', { kind: 'output' }],
  ['BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1', { kind: 'output' }],
  ['=== /proc/cmdline ===', { kind: 'output' }],
  ['user@host:~$ lspci -nnk', { kind: 'output' }],
];

describe('parseCommand', () => {
  it.each(CASES)('%j', (line, want) => {
    expect(parseCommand(line, known)).toEqual(want);
  });

  it('without a report, an id is not a finding reference', () => {
    expect(parseCommand('why identical-gpus-id-collision')).toEqual({ kind: 'question', text: 'why identical-gpus-id-collision' });
  });
});

describe('what reads as pasted output', () => {
  it.each([
    [['fix 1', 'why 1'], false],
    [['hello there', 'just words'], true],
    [['one line'], false],
    [['text', ''], false],
    [['GROUPS', 'more'], false],
  ] as [string[], boolean][])('%j → %s', (lines, want) => {
    expect(isPastedChunk(lines)).toBe(want);
  });

  it('tells typed words from dmesg and lspci lines', () => {
    expect(looksLikeOutput('[ 12.5] vfio-pci 0000:01:00.0: enabling device')).toBe(true);
    expect(looksLikeOutput('what does [0.5] mean')).toBe(false);
    expect(looksLikeOutput('fix 1')).toBe(false);
  });
});

describe('group listings and the group command', () => {
  it.each([
    ['IOMMU Group 13 04:00.0 VGA compatible controller', true],
    ['IOMMU Group 2', true],
    ['Group 13: 04:00.0 VGA', true],
    ['group 3', false],
    ['Group 3', false],
  ] as [string, boolean][])('%j → output %s', (line, want) => {
    expect(looksLikeOutput(line)).toBe(want);
  });
});
