// A finding: one problem (or explanation) a rule found, with the evidence and the fixes.
import { z } from 'zod';
import { Evidence } from './evidence';
import { Fix } from './fix';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  id: z.string().describe('catalogue rule id'),
  severity: Severity,
  title: z.string(),
  message: z.string(),
  evidence: z.array(Evidence),
  fixes: z.array(Fix),
  docs: z.array(z.string()),
  /** Devices this finding is about (BDFs), for the chat and for `--gpu`. */
  devices: z.array(z.string()).default([]),
  /**
   * Only when the report is per candidate (targets.perCandidate): the candidate GPU this finding is about ("if you
   * pass this GPU: …"); it is also the first of `devices`. Findings without it concern the host, whichever GPU is passed.
   */
  candidate: z.string().optional(),
  /** Set when this finding is a consequence of another finding in the same report. */
  rootCause: z.string().optional(),
  /** The configuration already carries the fix; it takes effect at the next boot (or initramfs rebuild). */
  status: z.enum(['pending-reboot']).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const UnableToCheck = z.object({
  id: z.string(),
  title: z.string(),
  reason: z.string(),
  inputs: z
    .array(z.string())
    .optional()
    .describe('the kinds of input whose absence is the reason (src/engine/inputs.ts), the one named first; absent when the rule gave a reason of its own'),
});
export type UnableToCheck = z.infer<typeof UnableToCheck>;
