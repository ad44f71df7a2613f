// --redact for reports and chat exports: which names to replace, and the one way a report is redacted.
import type { Report } from '../schema/report';
import type { RawSource } from '../schema/raw-source';
import { CHECKED, checkedLabel, mergeNames, namesIn, redactDeep, redactKindLabel, redactor, type RedactOptions } from '../collect/redact';
import { renderJson } from '../render/json';
import { renderMarkdown, type MarkdownOptions } from '../render/markdown';
import { tr } from '../i18n/lang';

/**
 * Names to redact: those any input shows (prompts, journal hosts, home folders) and, when the input is this host or
 * a sysroot, that host's own (host names, users, machine id, Wi-Fi networks), read as `collect` reads them.
 */
export async function namesFor(opts: { root?: string }, sources: Pick<RawSource, 'text'>[], live: boolean): Promise<RedactOptions> {
  const seen = sources.map((s) => namesIn(s.text));
  if (!live) return mergeNames(...seen);
  const { identity } = await import('../collect/identity');
  const { liveIO } = await import('../collect/live-io');
  const { sysrootIO } = await import('../collect/sysroot-io');
  return mergeNames(await identity(opts.root ? sysrootIO(opts.root) : liveIO()), ...seen);
}

/**
 * The same redaction as a support bundle, on every string of the report (so --json stays valid JSON and valid
 * against the schema), with a note saying what was replaced.
 */
export function redactReport(r: Report, names: RedactOptions = {}): Report {
  const kinds = new Set<string>();
  const out = redactDeep(r, names, kinds);
  const what = kinds.size ? tr([...kinds].join(', '), [...kinds].map(redactKindLabel).join('、')) : tr('nothing was found to redact', '没有找到需要脱敏的内容');
  out.notes = [...out.notes, tr(`Redacted on request (--redact): ${what} (checked: ${CHECKED}).`, `已按要求脱敏（--redact）：${what}（检查了：${checkedLabel()}）。`)];
  return out;
}

/** A report as JSON or Markdown, redacted when `names` is given: what `--json/--markdown --redact` print and the chat exports. */
export function formatReport(r: Report, kind: 'json' | 'markdown', names?: RedactOptions, md: MarkdownOptions = {}): string {
  if (!names) return kind === 'json' ? renderJson(r) : renderMarkdown(r, md);
  const red = redactReport(r, names);
  // Markdown is redacted again as rendered text: the renderer joins strings that only together show a name.
  return kind === 'json' ? renderJson(red) : redactor(names)(renderMarkdown(red, md)).text;
}

/** The chat's `export`: with --redact, the report redacted with the names the CLI would use for the same input. */
export async function exportText(r: Report, kind: 'json' | 'markdown', ctx: { sources: RawSource[]; live: boolean }, opts: { redact: boolean; root?: string }): Promise<string> {
  return formatReport(r, kind, opts.redact ? await namesFor(opts, ctx.sources, ctx.live) : undefined);
}
