// Questions in Chinese are answered in Chinese (issue 17); one in Japanese or Korean gets a reply naming the languages
// the chat reads, with the commands; an English question still gets an answer, and commands still work.
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, after } from './helpers';
import { notUnderstood } from '../../src/ui/language';

afterEach(() => cleanup());

describe('questions not in English', () => {
  it('answers Chinese in Chinese and names the languages for Japanese, with the commands', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('如何启用 IOMMU？\r');
    const zh = after(await c.waitFor((fr) => after(fr, '› 如何启用').includes('启用 IOMMU')), '› 如何启用');
    expect(zh).not.toContain('I understand questions in English and Chinese');
    await c.type('パススルーできません\r');
    const ja = after(await c.waitFor('我能理解英文和中文提问'), '› パススルー');
    expect(ja).toContain('I understand questions in English and Chinese');
    expect(ja).toMatch(/fix N.*why N.*help/s);
    // A command still works, and an English question is answered as before.
    await c.type('why 1\r');
    await c.waitFor((fr) => after(fr, '› why 1').includes('Identical cards share a vendor:device ID'));
    await c.type('what is an iommu group\r');
    const en = after(await c.waitFor((fr) => after(fr, '› what is an iommu group').split('\n').length > 3), '› what is an iommu group');
    expect(en).not.toContain('I understand questions in English and Chinese');
  });

  it('tells Japanese and Korean from Chinese and English', () => {
    expect(notUnderstood('显卡直通失败怎么办')).toBe(false);
    expect(notUnderstood('パススルーできません')).toBe(true);
    expect(notUnderstood('패스스루가 안 돼요')).toBe(true);
    expect(notUnderstood('why does vfio-pci.ids=10de:2204 not bind — “error 43”?')).toBe(false);
  });
});
