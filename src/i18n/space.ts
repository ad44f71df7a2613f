// Chinese typography: a space where Chinese meets Latin letters or digits ("未提供 QEMU 日志"), for text built from parts.
const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const LATIN = 'A-Za-z0-9/`"\'$_.~-';
const BEFORE = new RegExp(`([${CJK}])([${LATIN}])`, 'g');
const AFTER = new RegExp(`([${LATIN}])([${CJK}])`, 'g');

/** Adds the missing spaces between Chinese and Latin runs; leaves everything else (punctuation, existing spaces) alone. */
export const zhSpace = (s: string): string => s.replace(BEFORE, '$1 $2').replace(AFTER, '$1 $2');

/** Runs of Chinese characters (the search splits a question at them). */
export const CJK_RUN = new RegExp(`[${CJK}]+`, 'g');

/** Whether text contains Chinese characters (a question asked in Chinese). */
export const hasCjk = (s: string): boolean => new RegExp(`[${CJK}]`).test(s);
