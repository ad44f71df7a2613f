// Which language the reader wants: --lang, else the POSIX locale variables (LC_ALL, LC_MESSAGES, LANG), else English.
import type { Lang } from './lang';

/** `zh`, `zh-CN`, `zh_CN`, `zh_CN.UTF-8`, `zh_TW@x`, `Chinese` → zh; `en…`, `C`, `POSIX` → en; anything else → undefined. */
export function langOf(value: string | undefined): Lang | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (/^zh(?:$|[-_.@])/.test(v) || v === 'chinese' || v === '中文') return 'zh';
  if (/^en(?:$|[-_.@])/.test(v) || v === 'english' || v === 'c' || v === 'posix' || /^c\./.test(v)) return 'en';
  return undefined;
}

/**
 * The language for this run. `--lang` wins; then the first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX precedence:
 * a set LC_ALL decides even when it names a language we do not have, which then means English).
 */
export function resolveLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  if (flag !== undefined) return langOf(flag) ?? 'en';
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v) return langOf(v) ?? 'en';
  }
  return 'en';
}

/** Whether a --lang value is one we know, for a usage error naming the choices. */
export const isLangValue = (value: string): boolean => langOf(value) !== undefined;
