// The --json report (schemaVersion 1): the public contract other tools read.
import { z } from 'zod';
import { Finding, UnableToCheck } from './finding';
import { Evidence } from './evidence';

const KnownValue = z.object({ value: z.string().nullable().describe('null when unknown'), reason: z.string().optional() });

export const ReportHost = z.object({
  cpuVendor: KnownValue,
  kernel: KnownValue,
  distro: KnownValue,
  bootLoader: KnownValue.extend({ candidates: z.array(z.string()) }),
  initramfs: KnownValue.extend({ candidates: z.array(z.string()) }),
  iommu: z.enum(['active', 'inactive', 'unknown']),
  virtualMachine: z.boolean().nullable(),
});
export type ReportHost = z.infer<typeof ReportHost>;

export const ReportDevice = z.object({
  bdf: z.string(),
  ids: z.string().nullable().describe('vendor:device'),
  class: z.string().nullable(),
  name: z.string().nullable(),
  driver: z.string().nullable().describe('null when none or unknown; see driverKnown'),
  driverKnown: z.boolean(),
  iommuGroup: z.number().nullable(),
  bootVga: z.boolean().nullable(),
});
export type ReportDevice = z.infer<typeof ReportDevice>;

/** One candidate GPU's verdict in a per-candidate report: the findings that hold only if this GPU is the one passed. */
export const CandidateVerdict = z.object({
  bdf: z.string(),
  name: z.string().nullable(),
  ids: z.string().nullable().describe('vendor:device'),
  errors: z.number(),
  warnings: z.number(),
  infos: z.number(),
  verdict: z.enum(['problems', 'fine']).describe('problems: an error or warning of its own; fine: none (host-wide findings still apply)'),
  findings: z.array(z.string()).describe('ids of the findings whose `candidate` is this GPU'),
});
export type CandidateVerdict = z.infer<typeof CandidateVerdict>;

export const Report = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('vfio-doctor'), version: z.string() }),
  source: z.object({
    kind: z.enum(['live', 'bundle', 'sysroot']),
    path: z.string().optional(),
    generatedAt: z.string(),
  }),
  summary: z.object({ errors: z.number(), warnings: z.number(), infos: z.number() }),
  lang: z.enum(['en', 'zh']).describe('the language of `title`, `message` and other prose; ids and field names never change with it'),
  host: ReportHost,
  targets: z.object({
    gpus: z.array(z.string()),
    inferred: z.boolean(),
    reason: z.string(),
    perCandidate: z
      .boolean()
      .optional()
      .describe('true when several GPUs could be the target and nothing says which: `gpus` are the candidates, each checked as the target in turn; absent otherwise'),
    candidates: z.array(CandidateVerdict).optional().describe('with perCandidate: the verdict for each candidate, in the order of `gpus`'),
  }),
  devices: z.array(ReportDevice),
  groups: z.record(z.string(), z.array(z.string())).nullable(),
  findings: z.array(Finding),
  unableToCheck: z.array(UnableToCheck),
  notes: z.array(z.string()),
  unparsed: z.object({ count: z.number(), sample: z.array(Evidence) }),
});
export type Report = z.infer<typeof Report>;
