// Wrapping for the chat: nothing wider than the terminal, nothing lost.
import { describe, it, expect } from 'vitest';
import { wrapSegs, pre, commandLines, lineText, seg } from '../../src/ui/lines';

describe('wrapping', () => {
  it('wraps words with a hanging indent and splits overlong words', () => {
    const lines = wrapSegs([seg('Your GPU at 04:00.0 shares IOMMU group 13 with '), seg('the SATA controller at 01:00.1', 'bold'), seg(' x'.repeat(10) + ' ' + 'y'.repeat(50))], 30, '  ');
    for (const l of lines) expect(lineText(l).length).toBeLessThanOrEqual(30);
    expect(lines.slice(1).every((l) => lineText(l).startsWith('  '))).toBe(true);
    expect(lines.map(lineText).join(' ').replace(/\s+/g, '')).toContain('y'.repeat(50).slice(0, 28));
  });

  it('cuts preformatted lines with a continuation mark and loses no character', () => {
    const text = `+GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef"`;
    const lines = pre(text, 40, '     ').map(lineText);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines.map((l, i) => (i === 0 ? l.slice(5) : l.slice(7))).join('')).toBe(text);
  });

  it('breaks long commands with a shell line continuation', () => {
    const lines = commandLines('sudo grubby --update-kernel=ALL --args="intel_iommu=on iommu=pt vfio-pci.ids=10de:2204,10de:1aef"', 50, '  ').map(lineText);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/\\$/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(50);
  });
});
