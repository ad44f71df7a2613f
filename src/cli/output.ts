// Writing a report in the format the user asked for, redacted on request (--redact).
import type { Report } from '../schema/report';
import type { Args } from './args';
import type { CliIO } from './io';
import { renderText } from '../render/text';
import { redactor, type RedactOptions } from '../collect/redact';
import { formatReport, redactReport } from './redaction';
import { wantsHyperlinks } from './hyperlinks';
import { wantsColor } from './color';

export { wantsColor };

/**
 * The width text is wrapped to: COLUMNS when set (the user's say), else the terminal's, else 80 (piped output is read
 * in a terminal or pasted into a forum later); at most 120, beyond which prose is hard to read.
 */
export function textWidth(io: Pick<CliIO, 'columns' | 'env'>): number {
  const env = Number(io.env.COLUMNS);
  const w = Number.isInteger(env) && env > 0 ? env : (io.columns ?? 80);
  return Math.min(w, 120);
}

export function printReport(r: Report, args: Args, io: CliIO, names?: RedactOptions): number {
  const redacting = args.redact === true;
  if (args.json || args.markdown) io.stdout(formatReport(r, args.json ? 'json' : 'markdown', redacting ? (names ?? {}) : undefined, { verbose: args.verbose }));
  else {
    const report = redacting ? redactReport(r, names) : r;
    const color = wantsColor(args, io);
    const text = renderText(report, { color, width: textWidth(io), allFixes: args.allFixes, verbose: args.verbose, hyperlinks: wantsHyperlinks(io, color) });
    // The rendered text is redacted again: the renderer joins strings that only together show a name.
    io.stdout(redacting ? redactor(names)(text).text : text);
  }
  return r.summary.errors > 0 ? 1 : 0;
}
