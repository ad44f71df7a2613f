// The --json document for a run that could not produce a report (exit 2): scripts and forum bots always get JSON.
import { z } from 'zod';
import { Report } from './report';

export const ErrorReport = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('vfio-doctor'), version: z.string() }),
  error: z.object({
    code: z.enum(['usage', 'input', 'refused', 'unfinished', 'internal']).describe('usage: the command line; input: what was given cannot be read or holds no diagnostics; refused: an apply or undo that changed nothing (exit 3); unfinished: an apply or undo that stopped half-way, the message says how to finish it (exit 2)'),
    message: z.string(),
    whatToPaste: z.array(z.string()).describe('the commands whose output the tool can read'),
  }),
});
export type ErrorReport = z.infer<typeof ErrorReport>;

/** What `--json` prints: a report, or (exit 2) an error document. `vfio-doctor schema` prints this. */
export const JsonDocument = z.union([Report, ErrorReport]);
