// The backup manifest: what a change touched, byte counts and checksums before and after, and its state.
import { z } from 'zod';
import { createHash } from 'node:crypto';

export const ManifestFile = z.object({
  path: z.string(),
  existed: z.boolean(),
  mode: z.number().optional(),
  uid: z.number().optional(),
  gid: z.number().optional(),
  sha256Before: z.string().optional(),
  sha256After: z.string(),
  /** File name of the saved original inside the backup folder. */
  backup: z.string().optional(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.object({
  tool: z.literal('vfio-doctor'),
  version: z.string(),
  fixId: z.string(),
  title: z.string(),
  createdAt: z.string(),
  state: z.enum(['in-progress', 'applied', 'rolled-back', 'undone']),
  files: z.array(ManifestFile),
  /** Commands the fix ran (or, on a sysroot, listed): re-run the regeneration ones after an undo. */
  commands: z.array(z.array(z.string())),
});
export type Manifest = z.infer<typeof Manifest>;

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
