// Wrapping for the chat: nothing wider than the terminal, nothing lost.
import { describe, it, expect } from 'vitest';
import { wrapSegs, pre, quoted, commandLines, lineText, seg } from '../../src/ui/lines';
import { displayWidth } from '../../src/text/width';

describe('wrapping', () => {
  it('wraps words with a hanging indent and keeps an overlong word (a URL) whole on a line of its own', () => {
    const url = 'https://www.kernel.org/doc/html/latest/driver-api/vfio.html#vfio-usage-example';
    const lines = wrapSegs([seg('Your GPU at 04:00.0 shares IOMMU group 13 with '), seg('the SATA controller at 01:00.1', 'bold'), seg(` x x x see ${url} for more`)], 30, '  ').map(lineText);
    for (const l of lines) if (!l.includes(url)) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(lines).toContain(`  ${url}`);
    expect(lines.join('')).not.toContain('↪');
  });

  it('counts wide (CJK) characters as two columns', () => {
    const lines = wrapSegs([seg('直通 显卡 需要 开启 IOMMU 并且 绑定 vfio-pci 驱动 才能 使用')], 16).map(lineText);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(16);
  });

  it('never cuts a diff line (the terminal wraps it, no mark is copied with it); evidence is cut with ↪, losing nothing', () => {
    const text = `+GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef"`;
    expect(pre(text, 40, '     ').map(lineText)).toEqual([`     ${text}`]);
    const lines = quoted(text, 40, '     ').map(lineText);
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
