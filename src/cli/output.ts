// Writing a report in the format the user asked for, redacted on request (--redact).
import type { Report } from '../schema/report';
import type { Args } from './args';
import type { CliIO } from './io';
import { renderText } from '../render/text';
import { redactor, type RedactOptions } from '../collect/redact';
import { formatReport, redactReport } from './redaction';

export function wantsColor(args: Args, io: CliIO): boolean {
  if (args.color !== undefined) return args.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
}

export function printReport(r: Report, args: Args, io: CliIO, names?: RedactOptions): number {
  const redacting = args.redact === true;
  if (args.json || args.markdown) io.stdout(formatReport(r, args.json ? 'json' : 'markdown', redacting ? (names ?? {}) : undefined));
  else {
    const report = redacting ? redactReport(r, names) : r;
    const text = renderText(report, { color: wantsColor(args, io), width: Math.min(io.columns ?? 100, 120), allFixes: args.allFixes });
    // The rendered text is redacted again: the renderer joins strings that only together show a name.
    io.stdout(redacting ? redactor(names)(text).text : text);
  }
  return r.summary.errors > 0 ? 1 : 0;
}
