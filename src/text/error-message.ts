// One line saying what went wrong, from anything thrown: every place that turns an error into a message uses it.
import { tr } from '../i18n/lang';

/** The error's message on one line (a thrown non-Error is said as it is); never empty. */
export function errorMessage(e: unknown): string {
  const m = e as { message?: unknown } | null | undefined;
  const raw = e instanceof Error || (typeof m === 'object' && m !== null && typeof m.message === 'string') ? String(m!.message) : String(e);
  // A message may span lines (a zod issue list, an error from a command): the reader gets one line.
  return raw.replace(/\s*[\r\n]+\s*/g, ' ').trim() || (e instanceof Error ? e.name : tr('unknown error', '未知错误'));
}
