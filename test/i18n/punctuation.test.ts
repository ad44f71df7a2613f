// Chinese prose uses fullwidth punctuation: no ASCII , : ; ( ) ? ! next to Chinese characters in any source or README.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error a plain .mjs script without types
import { fixLine, fixText, fixFile, fixSource, zhFiles } from '../../scripts/zh-punct.mjs';

describe('zh-punct', () => {
  it('turns ASCII marks next to Chinese into fullwidth ones, in pairs for parentheses, and leaves code alone', () => {
    expect(fixLine('显卡(GPU)被占用,请重启:')).toBe('显卡\uff08GPU\uff09被占用\uff0c请重启\uff1a');
    expect(fixLine('运行 `lspci -nnk -s 01:00`,确认驱动')).toBe('运行 `lspci -nnk -s 01:00`\uff0c确认驱动');
    expect(fixLine('in Chinese (未提供…).')).toBe('in Chinese (未提供…).');
    expect(fixLine('f(x, y) and 01:00.0')).toBe('f(x, y) and 01:00.0');
    expect(fixText('安全吗?!')).toBe('安全吗\uff1f\uff01');
  });
  it('in TypeScript touches only string literals: keys, regular expressions and comments keep their ASCII', () => {
    const src = "const Z = { 修复: 'fix' };\nconst R = /^(?:我)?(?:怎么|如何)(?:呢)?$/;\n// 注释(不改)\nconst t = `${x}个错误(共${n}个),${tr('a', '是:')}`;\n";
    expect(fixSource(src)).toBe("const Z = { 修复: 'fix' };\nconst R = /^(?:我)?(?:怎么|如何)(?:呢)?$/;\n// 注释(不改)\nconst t = `${x}个错误\uff08共${n}个\uff09\uff0c${tr('a', '是\uff1a')}`;\n");
  });
  it('is idempotent', () => {
    const s = '宿主机驱动(nvidia、nouveau 等)占着显卡,vfio-pci 无法接管;重启?';
    expect(fixText(fixText(s))).toBe(fixText(s));
  });
  it('every file with Chinese in src/ and rules/ is already fixed (run node scripts/zh-punct.mjs)', () => {
    const bad = (zhFiles() as string[]).filter((f) => fixFile(f, readFileSync(f, 'utf8')) !== readFileSync(f, 'utf8'));
    expect(bad).toEqual([]);
  });
});
