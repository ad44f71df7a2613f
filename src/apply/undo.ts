// Restores the files of the last applied change byte for byte, unless they were edited since.
import type { ApplyIO } from './io';
import { readHistory, writeManifest, type HistoryEntry } from './history';
import { sha256 } from './manifest';

export interface UndoPlan {
  entry?: HistoryEntry;
  /** Files edited after the change was applied: restoring them would lose someone's work. */
  changedSince: string[];
}

export async function planUndo(io: ApplyIO): Promise<UndoPlan> {
  const entry = (await readHistory(io)).filter((h) => h.manifest.state === 'applied').pop();
  if (!entry) return { changedSince: [] };
  const changedSince: string[] = [];
  for (const f of entry.manifest.files) {
    const now = await io.read(f.path);
    if (!now.exists || !now.content || sha256(now.content) !== f.sha256After) changedSince.push(f.path);
  }
  return { entry, changedSince };
}

export async function undo(io: ApplyIO, entry: HistoryEntry): Promise<string[]> {
  const log: string[] = [];
  for (const f of entry.manifest.files) {
    if (f.existed && f.backup) {
      const saved = await io.read(`${entry.dir}/${f.backup}`);
      if (!saved.exists || !saved.content) throw new Error(`the backup of ${f.path} is missing from ${entry.dir}`);
      if (sha256(saved.content) !== f.sha256Before) throw new Error(`the backup of ${f.path} in ${entry.dir} does not match its checksum`);
      await io.writeAtomic(f.path, saved.content, f.mode ?? 0o644, f.uid, f.gid);
      log.push(`Restored ${f.path}`);
    } else {
      await io.remove(f.path);
      log.push(`Removed ${f.path} (the change had created it)`);
    }
  }
  await writeManifest(io, entry.dir, { ...entry.manifest, state: 'undone' });
  return log;
}
