// The backup manifest: what a change touched, byte counts and checksums before and after, and its state (the journal).
import { z } from 'zod';
import { createHash } from 'node:crypto';

const SHA256 = /^[0-9a-f]{64}$/;
/** A saved original's file name inside its backup folder: one plain name, never "." or "..". */
export const BACKUP_NAME = /^(?!\.+$)[\w.-]+$/;

export const ManifestFile = z
  .object({
    path: z.string().max(4096),
    existed: z.boolean(),
    mode: z.number().int().nonnegative().optional(),
    uid: z.number().int().nonnegative().optional(),
    gid: z.number().int().nonnegative().optional(),
    sha256Before: z.string().regex(SHA256).optional(),
    sha256After: z.string().regex(SHA256),
    /** File name of the saved original inside the backup folder. */
    backup: z.string().max(255).regex(BACKUP_NAME).optional(),
  })
  .strict();
export type ManifestFile = z.infer<typeof ManifestFile>;

/**
 * in-progress: backups are saved and files may be being written (an interrupted one is rolled back by the next apply
 * or undo); applied; rolled-back; undoing: an undo is restoring the files (an interrupted one is finished); undone.
 */
export const STATES = ['in-progress', 'applied', 'rolled-back', 'undoing', 'undone'] as const;

export const Manifest = z
  .object({
    tool: z.literal('vfio-doctor'),
    version: z.string().max(100),
    fixId: z.string().max(200),
    title: z.string().max(1000),
    createdAt: z.string().max(100),
    state: z.enum(STATES),
    files: z.array(ManifestFile).max(64),
    /** Commands the fix ran (or, on a sysroot, listed): re-run the regeneration ones after an undo. */
    commands: z.array(z.array(z.string().max(4096)).max(64)).max(64),
    /**
     * libvirt domains the change redefined: the definition before (`backup`, what undo defines again) and the
     * validated new one (`next`), both files in the backup folder.
     */
    domains: z
      .array(z.object({ name: z.string().max(255), backup: z.string().max(255).regex(BACKUP_NAME), next: z.string().max(255).regex(BACKUP_NAME), sha256Before: z.string().regex(SHA256), sha256After: z.string().regex(SHA256) }).strict())
      .max(16)
      .optional(),
    /** How the entry reached its state when that was not the plain way (an interrupted run finished later). */
    note: z.string().max(1000).optional(),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
