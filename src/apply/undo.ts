// Puts the files of one change back byte for byte from its backups: for undo, and to finish an interrupted run.
import type { ApplyIO } from './io';
import { readHistory, writeManifest, backupName, type HistoryEntry } from './history';
import { sha256, type Manifest, type ManifestFile } from './manifest';
import { entryProblem } from './trust';
import { Refusal, Unfinished } from './refusal';
import { TEMP_RE } from './fs-io';
import { errorMessage } from '../text/error-message';
import { tr } from '../i18n/lang';

export interface UndoPlan {
  entry?: HistoryEntry;
  /** Why the entry's manifest cannot be trusted (then no file it names was even read). */
  problem?: string;
  /** Files edited after the change was applied: restoring them would lose someone's work. */
  changedSince: string[];
}

type Where = 'before' | 'after' | 'other';

/** Is the file as it was before the change, as the change left it, or something else (edited since)? */
async function whereIs(io: ApplyIO, f: ManifestFile): Promise<Where> {
  const now = await io.read(f.path);
  if (!now.exists || !now.content) return f.existed ? 'other' : 'before';
  const h = sha256(now.content);
  if (f.existed && h === f.sha256Before) return 'before';
  return h === f.sha256After ? 'after' : 'other';
}

/** The last applied change, validated before any file it names is read, and which of its files were edited since. */
export async function planUndo(io: ApplyIO): Promise<UndoPlan> {
  const entry = (await readHistory(io)).filter((h) => h.manifest.state === 'applied').pop();
  if (!entry) return { changedSince: [] };
  const problem = await entryProblem(io, entry);
  if (problem) return { entry, problem, changedSince: [] };
  const changedSince: string[] = [];
  for (const f of entry.manifest.files) if ((await whereIs(io, f)) === 'other') changedSince.push(f.path);
  return { entry, changedSince };
}

/**
 * Remove a leftover temporary file only when it is a regular file: something else carrying such a name (a folder, a
 * FIFO, a link) was not made by us; removing it would be refused and would stop every later apply and undo.
 */
export async function removeIfTemp(io: ApplyIO, path: string): Promise<boolean> {
  if ((await io.info(path)).kind !== 'file') return false;
  await io.remove(path);
  return true;
}

/** Leftover temporary files of writeAtomic beside each file of the change (a run that died between write and rename). */
export async function removeTemps(io: ApplyIO, paths: string[]): Promise<number> {
  let n = 0;
  for (const p of paths) {
    const dir = p.slice(0, p.lastIndexOf('/')) || '/';
    const base = p.slice(p.lastIndexOf('/') + 1);
    for (const name of await io.list(dir)) {
      if (TEMP_RE.exec(name)?.[1] === base && (await removeIfTemp(io, `${dir}/${name}`))) n++;
    }
  }
  return n;
}

/**
 * Restore every file of `entry` that is not as before, journalled: the manifest says "undoing" (or stays "in-progress")
 * until the last file is back, so a run killed half-way is finished by the next one. A file edited since is refused
 * unless `force`; then its edited copy is kept in the backup folder first.
 */
export async function restoreEntry(io: ApplyIO, entry: HistoryEntry, opts: { force: boolean; final: Manifest['state']; note?: string }): Promise<string[]> {
  const problem = await entryProblem(io, entry);
  if (problem) throw new Refusal(tr(`not restoring from ${entry.dir}: ${problem}; nothing was changed`, `不从 ${entry.dir} 恢复：${problem}；没有做任何改动`));
  const m = entry.manifest;
  const where = new Map<string, Where>();
  for (const f of m.files) where.set(f.path, await whereIs(io, f));
  const edited = m.files.filter((f) => where.get(f.path) === 'other').map((f) => f.path);
  if (edited.length && !opts.force)
    throw new Refusal(
      tr(
        `${edited.join(', ')} changed after ${m.fixId} was applied; undo would lose those edits, so nothing was changed (use --force to restore anyway: the edited copies are kept in ${entry.dir})`,
        `${edited.join('、')} 在应用 ${m.fixId} 之后又被改过；撤销会丢掉这些修改，所以没有做任何改动（用 --force 可强制恢复：改过的副本会保留在 ${entry.dir}）`,
      ),
    );
  const log: string[] = [];
  if (m.state === 'applied') await writeManifest(io, entry.dir, { ...m, state: 'undoing' });
  let done = 0;
  try {
    for (const f of [...m.files].reverse()) {
      const w = where.get(f.path)!;
      if (w === 'before') continue;
      // Looked at again just before writing: an edit saved since the check above is not overwritten (as in apply).
      if (w === 'after' && (await whereIs(io, f)) !== 'after') throw new Refusal(tr(`${f.path} changed while undo was restoring it; it was not overwritten`, `${f.path} 在撤销恢复它时被改动了；没有覆盖它`));
      if (w === 'other') {
        const now = await io.read(f.path);
        if (now.content) {
          const keep = `${entry.dir}/${f.backup ?? backupName(f.path)}.edited`;
          await io.writeAtomic(keep, now.content, 0o600);
          log.push(tr(`Kept the edited ${f.path} as ${keep}`, `改过的 ${f.path} 已保留为 ${keep}`));
        }
      }
      if (f.existed) {
        const saved = await io.read(`${entry.dir}/${f.backup}`);
        if (!saved.exists || !saved.content) throw new Refusal(tr(`the backup of ${f.path} is missing from ${entry.dir}`, `${entry.dir} 中缺少 ${f.path} 的备份`));
        if (sha256(saved.content) !== f.sha256Before) throw new Refusal(tr(`the backup of ${f.path} in ${entry.dir} does not match its checksum`, `${entry.dir} 中 ${f.path} 的备份与校验和不符`));
        await io.writeAtomic(f.path, saved.content, f.mode!, f.uid, f.gid);
        log.push(tr(`Restored ${f.path}`, `已恢复 ${f.path}`));
      } else {
        await io.remove(f.path);
        log.push(tr(`Removed ${f.path} (the change had created it)`, `已删除 ${f.path}（它是这次改动创建的）`));
      }
      done++;
    }
    // Domains the change redefined: the saved definition, checked against its checksum, is defined again (on a sysroot,
    // where no libvirt runs, the command is listed for the machine itself).
    for (const d of [...(m.domains ?? [])].reverse()) {
      const saved = await io.read(`${entry.dir}/${d.backup}`);
      if (!saved.exists || !saved.content || sha256(saved.content) !== d.sha256Before) throw new Refusal(`the saved definition of ${d.name} in ${entry.dir} is missing or does not match its checksum`);
      const argv = ['virsh', 'define', `${entry.dir}/${d.backup}`];
      if (!io.run) {
        log.push(`Run on that machine: ${argv.join(' ')}`);
        continue;
      }
      const r = await io.run(argv, () => undefined);
      if (r.missing || r.exitCode !== 0) throw new Error(`${argv.join(' ')} failed${r.tail ? `: ${r.tail.split('\n').pop()}` : ''}`);
      log.push(`Defined ${d.name} as it was before (${argv[2]})`);
      done++;
    }
    const temps = await removeTemps(io, m.files.map((f) => f.path));
    if (temps) log.push(tr(`Removed ${temps} temporary file${temps === 1 ? '' : 's'} an interrupted run left`, `已删除被中断的运行留下的 ${temps} 个临时文件`));
    await writeManifest(io, entry.dir, { ...m, state: opts.final, ...(opts.note ? { note: opts.note } : {}) });
  } catch (e) {
    if (done === 0 && e instanceof Refusal) throw e;
    throw new Unfinished(tr(`restoring from ${entry.dir} stopped after ${done} file${done === 1 ? '' : 's'}: ${errorMessage(e)}; run vfio-doctor undo again to finish it`, `从 ${entry.dir} 恢复到第 ${done} 个文件后停止了：${errorMessage(e)}；请再运行一次 vfio-doctor undo 完成它`));
  }
  return log;
}

export async function undo(io: ApplyIO, entry: HistoryEntry, opts: { force?: boolean } = {}): Promise<string[]> {
  return restoreEntry(io, entry, { force: opts.force ?? false, final: 'undone' });
}
