// Commands typed in Chinese: 修复 1 / 为什么 1 / 应用 1 and friends are the English commands; a Chinese sentence stays a question.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/ui/command';

describe('Chinese command words', () => {
  it.each([
    ['修复 1', { kind: 'fix', ref: { kind: 'number', n: 1 } }],
    ['修复1', { kind: 'fix', ref: { kind: 'number', n: 1 } }],
    ['修复 2.2', { kind: 'fix', ref: { kind: 'number', n: 2, variant: 1 } }],
    ['为什么 3?', { kind: 'why', ref: { kind: 'number', n: 3 } }],
    ['为什么 3\uff1f', { kind: 'why', ref: { kind: 'number', n: 3 } }],
    ['应用 1', { kind: 'apply', ref: { kind: 'number', n: 1 } }],
    ['帮助', { kind: 'help' }],
    ['退出', { kind: 'quit' }],
    ['撤销', { kind: 'undo' }],
    ['分组', { kind: 'page', table: 'groups', page: 0 }],
    ['设备 2', { kind: 'page', table: 'devices', page: 1 }],
    ['显卡 05:00.0', { kind: 'gpu', choice: { kind: 'bdf', bdf: '0000:05:00.0', text: '05:00.0' } }],
    ['导出 markdown 报告.md', { kind: 'export', format: 'markdown', file: '报告.md' }],
    ['怎么修复', { kind: 'walk', restart: true }],
    ['我该怎么修?', { kind: 'walk', restart: true }],
    ['全部修复', { kind: 'walk', restart: true }],
    ['下一步', { kind: 'walk', restart: false }],
    ['然后呢\uff1f', { kind: 'walk', restart: false }],
  ] as const)('%s', (line, want) => expect(parseCommand(line)).toEqual(want));

  it.each(['为什么我的显卡和 SATA 控制器在同一个 IOMMU 组', '修复之后还是不行怎么办', '显卡直通失败', '问题出在哪里'])('keeps "%s" a question', (line) => {
    expect(parseCommand(line)).toEqual({ kind: 'question', text: line });
  });
});
