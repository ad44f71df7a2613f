// Writing a report in the format the user asked for.
import type { Report } from '../schema/report';
import type { Args } from './args';
import type { CliIO } from './io';
import { renderJson } from '../render/json';
import { renderMarkdown } from '../render/markdown';
import { renderText } from '../render/text';

export function wantsColor(args: Args, io: CliIO): boolean {
  if (args.color !== undefined) return args.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
}

export function printReport(r: Report, args: Args, io: CliIO): number {
  if (args.json) io.stdout(renderJson(r));
  else if (args.markdown) io.stdout(renderMarkdown(r));
  else io.stdout(renderText(r, { color: wantsColor(args, io), width: Math.min(io.columns ?? 100, 120), allFixes: args.allFixes }));
  return r.summary.errors > 0 ? 1 : 0;
}
