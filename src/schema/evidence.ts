// Evidence: the source (command or path) and the line that proves a fact or a finding.
import { z } from 'zod';

export const Evidence = z.object({
  source: z.string().describe('command or path the line came from, or "pasted text"'),
  line: z.number().int().positive().optional().describe('1-based line number within source (a bundle section counts from its own first line), when known'),
  text: z.string().describe('the line as the user would see it'),
});
export type Evidence = z.infer<typeof Evidence>;
