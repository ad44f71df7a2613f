// Before each apply or undo (under the lock): finish what a killed run left — its files, temporary files, folders.
import type { ApplyIO } from './io';
import { scanHistory } from './history';
import { restoreEntry, removeIfTemp } from './undo';
import { TEMP_RE, LOCK_TEMP_RE } from './fs-io';
import { tr } from '../i18n/lang';

export interface Recovery {
  lines: string[];
  /** Interrupted changes whose files were put back. */
  restored: number;
  /** Their commands (the regeneration ones may have run before the kill: run them again). */
  commands: string[][];
}

export async function recover(io: ApplyIO, opts: { force: boolean }): Promise<Recovery> {
  const lines: string[] = [];
  let restored = 0;
  const commands: string[][] = [];
  // Temporary files: of a lock taken by a run that died (not of one waiting for the lock now).
  for (const name of await io.list(io.backupRoot)) {
    const t = LOCK_TEMP_RE.exec(name);
    if ((t && !io.pidAlive(Number(t[2]))) || TEMP_RE.test(name)) await removeIfTemp(io, `${io.backupRoot}/${name}`);
  }
  const { entries, problems } = await scanHistory(io);
  for (const p of problems.filter((x) => x.kind === 'no-manifest')) {
    // Apply writes the manifest before it changes any file: such a folder only holds copies of unchanged files.
    const names = await io.list(p.dir);
    const kinds = await Promise.all(names.map((n) => io.info(`${p.dir}/${n}`)));
    if (kinds.some((k) => k.kind !== 'file')) {
      lines.push(tr(`Left ${p.dir} alone: it has no manifest.json and holds something other than files`, `没有动 ${p.dir}：它没有 manifest.json，里面还有文件以外的东西`));
      continue;
    }
    for (const n of names) await io.remove(`${p.dir}/${n}`);
    await io.rmdir(p.dir);
    lines.push(tr(`Removed ${p.dir}: an apply stopped there before it changed any file (it had saved ${names.filter((n) => !TEMP_RE.test(n)).length} backup(s), no manifest yet)`, `已删除 ${p.dir}：一次应用在改动任何文件之前就停在了那里（已保存 ${names.filter((n) => !TEMP_RE.test(n)).length} 个备份，还没有 manifest）`));
  }
  for (const e of entries) {
    for (const name of await io.list(e.dir)) if (TEMP_RE.test(name)) await removeIfTemp(io, `${e.dir}/${name}`);
    const st = e.manifest.state;
    if (st !== 'in-progress' && st !== 'undoing') continue;
    const what = st === 'in-progress' ? `the apply of ${e.manifest.fixId}` : `the undo of ${e.manifest.fixId}`;
    const log = await restoreEntry(io, e, {
      force: opts.force,
      final: st === 'in-progress' ? 'rolled-back' : 'undone',
      note: `${what} was interrupted; finished by a later run`,
    });
    lines.push(tr(`${what[0]!.toUpperCase()}${what.slice(1)} (${e.dir}) was interrupted; its files are back as they were before it:`, `${st === 'in-progress' ? '应用' : '撤销'} ${e.manifest.fixId}（${e.dir}）被中断了；它的文件已恢复到之前的样子：`), ...log.map((l) => `  ${l}`));
    restored++;
    commands.push(...e.manifest.commands);
  }
  return { lines, restored, commands };
}
