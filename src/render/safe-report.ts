// A report (or one fix) with every string escaped for display: what the text, Markdown and chat views draw from.
import type { Report } from '../schema/report';
import type { Fix } from '../schema/fix';
import type { Finding } from '../schema/finding';
import { escapeDeep } from '../text/sanitize';

/**
 * Fields whose text is meant to span lines (a diff, a file's content, a message); every other string (a path, a
 * device name, an evidence line, a title, an argv word) is one line, and a newline in it is shown as `\n`.
 */
const MULTI_LINE = new Set(['message', 'diff', 'content', 'description', 'reason', 'notes', 'warnings']);

/** The report with every control character made visible (see text/sanitize.ts); the same object when there is none. */
export function safeReport(r: Report): Report {
  return escapeDeep(r, MULTI_LINE);
}

export function safeFix(f: Fix): Fix {
  return escapeDeep(f, MULTI_LINE);
}

export function safeFinding(f: Finding): Finding {
  return escapeDeep(f, MULTI_LINE);
}
