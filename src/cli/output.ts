// Writing a report in the format the user asked for, redacted on request (--redact).
import type { Report } from '../schema/report';
import type { Args } from './args';
import type { CliIO } from './io';
import { renderJson } from '../render/json';
import { renderMarkdown } from '../render/markdown';
import { renderText } from '../render/text';
import { redactDeep, redactor, type RedactOptions } from '../collect/redact';

export function wantsColor(args: Args, io: CliIO): boolean {
  if (args.color !== undefined) return args.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
}

/**
 * --redact: the same redaction as a support bundle, on every string of the report (so --json stays valid JSON and
 * valid against the schema) and again on the rendered text, with a note saying what was replaced.
 */
function redactReport(r: Report, names: RedactOptions = {}): Report {
  const kinds = new Set<string>();
  const out = redactDeep(r, names, kinds);
  const what = kinds.size ? [...kinds].join(', ') : 'nothing was found to redact';
  out.notes = [...out.notes, `Redacted on request (--redact): ${what} (checked: host name, user names, MAC addresses, serial numbers, UUIDs, IP addresses).`];
  return out;
}

export function printReport(r: Report, args: Args, io: CliIO, names?: RedactOptions): number {
  const redacting = args.redact === true;
  const report = redacting ? redactReport(r, names) : r;
  // One redactor for the rendered text: its name patterns are compiled here, not on each call.
  const redactText = redacting ? redactor(names) : undefined;
  const scrub = (s: string) => (redactText ? redactText(s).text : s);
  if (args.json) io.stdout(renderJson(report));
  else if (args.markdown) io.stdout(scrub(renderMarkdown(report)));
  else io.stdout(scrub(renderText(report, { color: wantsColor(args, io), width: Math.min(io.columns ?? 100, 120), allFixes: args.allFixes })));
  return r.summary.errors > 0 ? 1 : 0;
}
