// A question in Chinese (issue 15): the chat says, in English and in one Chinese sentence, that it only understands
// English for now, and shows the commands; an English question still gets an answer, and commands still work.
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, after } from './helpers';
import { notEnglish } from '../../src/ui/language';

afterEach(() => cleanup());

describe('questions not in English', () => {
  it('tells which language works, in both, with the commands', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('为什么我的显卡没有直通？\r');
    const f = after(await c.waitFor('目前我只能理解英文提问'), '› 为什么');
    expect(f).toContain('I can only understand questions in English for now');
    expect(f).toMatch(/fix N.*why N.*help/s);
    // A command still works, and an English question is answered as before.
    await c.type('why 1\r');
    await c.waitFor((fr) => after(fr, '› why 1').includes('Identical cards share a vendor:device ID'));
    await c.type('what is an iommu group\r');
    const en = after(await c.waitFor((fr) => after(fr, '› what is an iommu group').split('\n').length > 3), '› what is an iommu group');
    expect(en).not.toContain('only understand questions in English');
  });

  it('recognises Chinese, Japanese and Korean text, not English with symbols', () => {
    expect(notEnglish('显卡直通失败怎么办')).toBe(true);
    expect(notEnglish('パススルーできません')).toBe(true);
    expect(notEnglish('패스스루가 안 돼요')).toBe(true);
    expect(notEnglish('why does vfio-pci.ids=10de:2204 not bind — “error 43”?')).toBe(false);
  });
});
