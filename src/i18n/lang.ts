// The reader's language for this run: one setting the CLI makes once, and `tr(en, zh)` pairs read where text is written.
// A process-wide setting rather than a parameter threaded through every fix builder: text is written in hundreds of
// places, always for one reader. `withLang` answers one reply in another language (a Chinese question in an English chat).

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

let current: Lang = 'en';

export const getLang = (): Lang => current;

export function setLang(lang: Lang): void {
  current = lang;
}

/** Runs `fn` with another language and restores the previous one, even when `fn` throws. */
export function withLang<T>(lang: Lang, fn: () => T): T {
  const before = current;
  current = lang;
  try {
    return fn();
  } finally {
    current = before;
  }
}

/**
 * One sentence in both languages, written side by side so neither can be forgotten. Commands, paths, kernel parameters
 * and log lines stay as they are in the Chinese text too.
 */
export const tr = (en: string, zh: string): string => (current === 'zh' ? zh : en);

/** The same with a count: English needs its plural, Chinese has none. */
export const trN = (n: number, one: string, many: string, zh: string): string => (current === 'zh' ? zh : n === 1 ? one : many);

/** A list joined the way the language joins it: "a, b and c" / "a、b 和 c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  const head = items.slice(0, -1);
  return current === 'zh' ? `${head.join('、')} 和 ${items.at(-1)}` : `${head.join(', ')} and ${items.at(-1)}`;
}
