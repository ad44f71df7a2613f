// Whether output is coloured (--color/--no-color, NO_COLOR, a terminal): apart from output.ts, so the chat asks
// without loading the report renderers before its first frame.
import type { Args } from './args';
import type { CliIO } from './io';

export function wantsColor(args: Pick<Args, 'color'>, io: Pick<CliIO, 'env' | 'stdoutIsTTY'>): boolean {
  if (args.color !== undefined) return args.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
}
