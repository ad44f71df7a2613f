// Backups on disk: one time-ordered folder per change, each with manifest.json (the journal) and the saved originals.
import type { ApplyIO } from './io';
import { Manifest } from './manifest';
import { parseJsonInput } from '../schema/json-input';
import { errorMessage } from '../text/error-message';
import { tr } from '../i18n/lang';

export interface HistoryEntry {
  dir: string;
  manifest: Manifest;
}

/** A backup folder that cannot be used as it is, and why (shown by `undo --list`, handled by recovery). */
export interface HistoryProblem {
  dir: string;
  kind: 'no-manifest' | 'invalid';
  problem: string;
}

/** Backup folder names: UTC time to the millisecond, a sequence number, the fix id. Lexical order = time order. */
const NAME = /^(\d{8}T\d{6}\.\d{3}Z)-(\d{3})-[\w.-]+$/;
export const isEntryName = (name: string) => !name.startsWith('.') && /^[\w.-]+$/.test(name);

const MANIFEST_MAX = 1 << 20;

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '');

/** The next folder name: after every existing one even when the clock says the same millisecond, or went back. */
export function nextEntryName(existing: string[], now: Date, fixId: string): string {
  let s = stamp(now);
  let seq = 0;
  const last = existing.filter((n) => NAME.test(n)).sort().pop();
  if (last) {
    const [, ls, lq] = NAME.exec(last)!;
    if (ls! >= s) {
      s = ls!;
      seq = Number(lq) + 1;
      if (seq > 999) {
        s = stamp(new Date(Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 11)}:${s.slice(11, 13)}:${s.slice(13)}`) + 1));
        seq = 0;
      }
    }
  }
  return `${s}-${String(seq).padStart(3, '0')}-${fixId.replace(/[^\w.-]+/g, '_')}`;
}

/** Make a new, empty backup folder (0700) whose name sorts after every other; never reuses one. */
export async function makeEntryDir(io: ApplyIO, now: Date, fixId: string): Promise<string> {
  const taken = (await io.list(io.backupRoot)).filter(isEntryName);
  for (;;) {
    const name = nextEntryName(taken, now, fixId);
    const dir = `${io.backupRoot}/${name}`;
    if (await io.mkdir(dir, 0o700)) return dir;
    taken.push(name); // created by someone else meanwhile: take the next one
  }
}

export async function scanHistory(io: ApplyIO): Promise<{ entries: HistoryEntry[]; problems: HistoryProblem[] }> {
  const entries: HistoryEntry[] = [];
  const problems: HistoryProblem[] = [];
  for (const name of await io.list(io.backupRoot)) {
    if (!isEntryName(name)) continue; // the lock and temporary files
    const dir = `${io.backupRoot}/${name}`;
    const info = await io.info(dir);
    if (info.kind !== 'dir') {
      problems.push({ dir, kind: 'invalid', problem: tr(`${dir} is not a folder`, `${dir} 不是目录`) });
      continue;
    }
    // A manifest apply writes is a few KB (64 files at most): a bigger one is not read into memory.
    if (((await io.info(`${dir}/manifest.json`)).size ?? 0) > MANIFEST_MAX) {
      problems.push({ dir, kind: 'invalid', problem: tr(`its manifest.json is too large (over ${MANIFEST_MAX >> 20} MB); apply never writes one that big`, `它的 manifest.json 太大（超过 ${MANIFEST_MAX >> 20} MB）；应用修复从不会写这么大的文件`) });
      continue;
    }
    const f = await io.read(`${dir}/manifest.json`).catch((e: unknown) => ({ exists: true, error: errorMessage(e) }) as const);
    if ('error' in f) {
      problems.push({ dir, kind: 'invalid', problem: tr(`its manifest.json cannot be read: ${f.error}`, `无法读取它的 manifest.json：${f.error}`) });
      continue;
    }
    if (!f.exists || !f.content) {
      problems.push({ dir, kind: 'no-manifest', problem: tr('no manifest.json: an apply stopped before it changed any file', '没有 manifest.json：一次应用在改动任何文件之前就停止了') });
      continue;
    }
    const m = parseJsonInput(Manifest, f.content.toString('utf8'));
    if (m.ok) entries.push({ dir, manifest: m.value });
    else problems.push({ dir, kind: 'invalid', problem: tr(`its manifest.json is not valid${m.problem === 'not JSON' ? '' : ` (${m.problem})`}`, `它的 manifest.json 无效${m.problem === 'not JSON' ? '' : `(${m.problem})`}`) });
  }
  const byDir = <T extends { dir: string }>(a: T, b: T) => (a.dir < b.dir ? -1 : 1);
  return { entries: entries.sort(byDir), problems: problems.sort(byDir) };
}

export async function readHistory(io: ApplyIO): Promise<HistoryEntry[]> {
  return (await scanHistory(io)).entries;
}

/** Atomically, fsynced (the temporary file and the folder): the manifest is the journal of the change. */
export async function writeManifest(io: ApplyIO, dir: string, m: Manifest): Promise<void> {
  await io.writeAtomic(`${dir}/manifest.json`, Buffer.from(`${JSON.stringify(m, null, 2)}\n`), 0o600);
}

/** Backup file name for a path: readable and unique within one change. */
export const backupName = (path: string) => path.replace(/^\//, '').replace(/\//g, '__');
