// The chat in Chinese: a Chinese question is answered in Chinese even in an English session; a Chinese session speaks
// Chinese throughout, takes Chinese command words, and fits an 80-column terminal by display width.
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, after } from './helpers';
import { setLang } from '../../src/i18n/lang';
import { displayWidth } from '../../src/text/width';

afterEach(() => {
  cleanup();
  setLang('en');
});

describe('a Chinese question in an English session', () => {
  it('is answered in Chinese, with the host\'s own finding to fix', async () => {
    const c = startChat();
    await c.waitFor('Found');
    await c.type('两张相同型号的显卡怎么直通?\r');
    const f = await c.waitFor('driver_override', 8000);
    const ans = after(f, '› 两张相同型号的显卡怎么直通');
    expect(ans).toMatch(/两张相同型号的显卡为什么要用 driver_override/);
    expect(ans).toMatch(/你可以这样做/);
    expect(ans).toMatch(/fix \d+/);
    // The rest of the session stays English.
    await c.type('help\r');
    await c.waitFor('Commands');
  });
});

describe('a Chinese session', () => {
  it('greets, lists findings, takes 修复 1 and 为什么 1, in Chinese', async () => {
    setLang('zh');
    const c = startChat({ width: 80, height: 24 });
    const f0 = await c.waitFor('发现');
    expect(f0).toMatch(/你好/);
    expect(f0).toMatch(/宿主机:|宿主机：/);
    await c.type('修复 1\r');
    const f1 = await c.waitFor(/\[1\] 的修复方案/);
    expect(after(f1, '› 修复 1')).toMatch(/准备好了就应用/);
    await c.type('帮助\r');
    const f2 = await c.waitFor('命令');
    expect(after(f2, '› 帮助')).toMatch(/也可以输入 修复 N/);
    // Chinese prose wraps within 80 columns (diff and file lines are shown whole by design, in English too).
    for (const line of c.frame().split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l))) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
  });
});
