// Backups on disk: one timestamped folder per applied change, each with manifest.json and the saved originals.
import type { ApplyIO } from './io';
import { Manifest } from './manifest';

export interface HistoryEntry {
  dir: string;
  manifest: Manifest;
}

export async function readHistory(io: ApplyIO): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  for (const name of await io.list(io.backupRoot)) {
    const dir = `${io.backupRoot}/${name}`;
    const f = await io.read(`${dir}/manifest.json`).catch(() => undefined);
    if (!f?.exists || !f.content) continue;
    try {
      out.push({ dir, manifest: Manifest.parse(JSON.parse(f.content.toString('utf8'))) });
    } catch {
      // A manifest that does not parse is not ours to act on.
    }
  }
  return out.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

export async function writeManifest(io: ApplyIO, dir: string, m: Manifest): Promise<void> {
  await io.writeAtomic(`${dir}/manifest.json`, Buffer.from(`${JSON.stringify(m, null, 2)}\n`), 0o600);
}

/** Backup file name for a path: readable and unique within one change. */
export const backupName = (path: string) => path.replace(/^\//, '').replace(/\//g, '__');
