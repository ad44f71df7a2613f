// The reader's language: --lang first, then the POSIX locale variables in their order, else English.
import { describe, expect, it } from 'vitest';
import { langOf, resolveLang } from '../../src/i18n/locale';
import { joinList, tr, trN, withLang, getLang } from '../../src/i18n/lang';
import { parseArgs, UsageError } from '../../src/cli/args';

describe('langOf', () => {
  it.each([
    ['zh', 'zh'], ['zh-CN', 'zh'], ['zh_CN', 'zh'], ['zh_CN.UTF-8', 'zh'], ['ZH_tw.utf8', 'zh'], ['zh_CN@pinyin', 'zh'],
    ['en', 'en'], ['en_US.UTF-8', 'en'], ['C', 'en'], ['C.UTF-8', 'en'], ['POSIX', 'en'],
    ['de_DE.UTF-8', undefined], ['zhx', undefined], ['', undefined],
  ] as const)('%s → %s', (v, want) => expect(langOf(v)).toBe(want));
});

describe('resolveLang', () => {
  it('--lang wins over the environment', () => {
    expect(resolveLang('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(resolveLang('zh_CN', { LC_ALL: 'C' })).toBe('zh');
  });
  it('LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(resolveLang(undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(resolveLang(undefined, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(resolveLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    // A set LC_ALL decides, even when it names a language we lack: that is English, not LANG's Chinese.
    expect(resolveLang(undefined, { LC_ALL: 'de_DE.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(resolveLang(undefined, { LC_ALL: '', LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(resolveLang(undefined, {})).toBe('en');
  });
});

describe('--lang on the command line', () => {
  it('takes zh/en in their spellings and refuses others with the choices', () => {
    expect(parseArgs(['--lang', 'zh-CN', 'rules']).lang).toBe('zh-CN');
    expect(parseArgs(['analyze', 'x', '--lang=en']).lang).toBe('en');
    expect(() => parseArgs(['--lang', 'fr'])).toThrow(UsageError);
    expect(() => parseArgs(['--lang', 'fr'])).toThrow(/choose zh or en/);
  });
});

describe('tr, trN, joinList, withLang', () => {
  it('follow the language and restore it', () => {
    expect(getLang()).toBe('en');
    expect(tr('Reboot', '重启')).toBe('Reboot');
    expect(trN(2, '1 error', '2 errors', '2 个错误')).toBe('2 errors');
    expect(joinList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(withLang('zh', () => [tr('Reboot', '重启'), trN(1, '1 error', 'n', '1 个错误'), joinList(['a', 'b', 'c'])])).toEqual(['重启', '1 个错误', 'a、b 和 c']);
    expect(getLang()).toBe('en');
    expect(() => withLang('zh', () => { throw new Error('x'); })).toThrow();
    expect(getLang()).toBe('en');
  });
});

import { zhSpace, hasCjk } from '../../src/i18n/space';
describe('zhSpace', () => {
  it('spaces Chinese from Latin runs and leaves punctuation alone', () => {
    expect(zhSpace('未提供QEMU 或 libvirt 的报错(请粘贴:uname -r)')).toBe('未提供 QEMU 或 libvirt 的报错(请粘贴:uname -r)');
    expect(zhSpace('重新生成initramfs后重启')).toBe('重新生成 initramfs 后重启');
    expect(zhSpace('IOMMU 组 1')).toBe('IOMMU 组 1');
    expect(hasCjk('为什么 1')).toBe(true);
    expect(hasCjk('why 1')).toBe(false);
  });
});
