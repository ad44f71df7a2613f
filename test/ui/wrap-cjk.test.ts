// Chinese in the chat: two columns per character, breaks between characters, never a line starting with ,。
import { describe, expect, it } from 'vitest';
import { wrapSegs, seg, lineText } from '../../src/ui/lines';
import { displayWidth, sliceColumns } from '../../src/text/width';

describe('displayWidth', () => {
  it('counts Chinese and fullwidth punctuation as two columns', () => {
    expect(displayWidth('IOMMU 组')).toBe(8);
    expect(displayWidth('直通\uff0c')).toBe(6);
    expect(displayWidth('abc')).toBe(3);
    expect(sliceColumns('显卡直通', 5)).toEqual(['显卡', '直通']);
  });
});

describe('wrapSegs with Chinese', () => {
  const text = '要直通的显卡被宿主机驱动占用。显卡的每个功能都必须在开机时、nvidia 加载之前绑定到 vfio-pci,否则 QEMU 会拒绝这个 IOMMU 组。';
  it.each([20, 31, 40, 80])('fits %i columns and loses nothing', (width) => {
    const lines = wrapSegs([seg(text)], width, '  ');
    for (const l of lines) expect(displayWidth(lineText(l))).toBeLessThanOrEqual(width);
    // Joined back (without the indents and the spaces the wrap dropped), it is the text.
    expect(lines.map((l) => lineText(l).trimStart()).join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    for (const l of lines.slice(1)) expect(lineText(l).trimStart()).not.toMatch(/^[,。、:;)]/);
  });
  it('keeps English wrapping as it was', () => {
    const lines = wrapSegs([seg('the quick brown fox jumps over the lazy dog')], 16);
    expect(lines.map(lineText)).toEqual(['the quick brown', 'fox jumps over', 'the lazy dog']);
  });
  it('ends on a one-column room with a wide character', () => {
    expect(wrapSegs([seg('显卡显卡显卡显卡显卡显卡显卡显卡显卡')], 17, ' ').length).toBeGreaterThan(1);
  });
});

describe('closing punctuation after a Latin run', () => {
  it('stays on the line of the word before it', () => {
    const lines = wrapSegs([seg('它们位于 2 个不同的虚拟机插槽（01:00.0 → 0x05:0x00.0、01:00.1 → 0x06:0x00.0\uff09\u3002')], 40);
    for (const l of lines.slice(1)) expect(lineText(l)).not.toMatch(/^\s*[\uff09\u3002]/);
  });
});
