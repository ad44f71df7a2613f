// Live mode placeholder until collection lands: explains what to do instead.
import type { Args } from './args';
import { UsageError } from './args';
import type { CliIO } from './io';

export async function liveCommand(_args: Args, _io: CliIO): Promise<number> {
  throw new UsageError('live analysis is not available yet; use `vfio-doctor analyze FILE`');
}
