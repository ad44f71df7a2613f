// Executes a prepared change, journalled: backups, then the manifest, then the files; a failure rolls them back.
import type { ApplyIO } from './io';
import type { Prepared } from './prepare';
import { sha256, type Manifest } from './manifest';
import { backupName, makeEntryDir, writeManifest } from './history';
import { Refusal, Unfinished } from './refusal';
import { errorMessage } from '../text/error-message';
import { tr, trN } from '../i18n/lang';

const files = (n: number) => trN(n, `${n} file`, `${n} files`, `${n} 个文件`);

export interface ApplyResult {
  ok: boolean;
  /** Backup folder (host path), when anything was written. */
  backupDir?: string;
  /** What happened, one line each. */
  log: string[];
  /** Commands listed but not run (sysroot). */
  notRun: string[][];
  failure?: string;
}

/**
 * The order is the journal: (1) a new backup folder, (2) every original saved, fsynced, (3) manifest.json
 * "in-progress", fsynced — nothing is changed before this point, so a folder without a manifest holds only copies —
 * (4) each file re-checked against what was read and written atomically, (5) commands, (6) "applied". A run killed
 * anywhere after (3) is rolled back by the next apply or undo (recover.ts) from what the manifest records.
 */
export async function applyPrepared(p: Prepared, io: ApplyIO, opts: { now: Date; version: string; onOutput?: (line: string) => void }): Promise<ApplyResult> {
  const log: string[] = [];
  const res: ApplyResult = { ok: true, log, notRun: [] };
  if (p.changes.length === 0 && p.commands.length === 0 && p.domains.length === 0) {
    log.push(tr('Nothing to change: the files already have this fix.', '无需改动：文件已经包含这个修复。'));
    return res;
  }
  let manifest: Manifest | undefined;
  let dir: string | undefined;
  // A domain change: its definition before and after are saved in the backup folder; the new one is validated and
  // defined from there (commands run after the files, below), and undo defines the saved one again.
  const domainCommands: string[][] = [];
  if (p.changes.length || p.domains.length) try {
    dir = await makeEntryDir(io, opts.now, p.fix.id);
    manifest = {
      tool: 'vfio-doctor',
      version: opts.version,
      fixId: p.fix.id,
      title: p.fix.title,
      createdAt: opts.now.toISOString(),
      state: 'in-progress',
      files: [],
      commands: p.commands,
    };
    for (const c of p.changes) {
      const name = c.existed ? backupName(c.path) : undefined;
      if (name && c.before) await io.writeAtomic(`${dir}/${name}`, c.before, 0o600);
      manifest.files.push({ path: c.path, existed: c.existed, mode: c.mode, uid: c.uid, gid: c.gid, sha256Before: c.before ? sha256(c.before) : undefined, sha256After: sha256(c.after), backup: name });
    }
    for (const d of p.domains) {
      const base = `libvirt-${d.name.replace(/[^\w.-]/g, '_')}`;
      const [backup, next] = [`${base}.xml`, `${base}.new.xml`];
      await io.writeAtomic(`${dir}/${backup}`, Buffer.from(d.before), 0o600);
      await io.writeAtomic(`${dir}/${next}`, Buffer.from(d.after), 0o600);
      (manifest.domains ??= []).push({ name: d.name, backup, next, sha256Before: sha256(d.before), sha256After: sha256(d.after) });
      domainCommands.push(['virt-xml-validate', `${dir}/${next}`, 'domain'], ['virsh', 'define', `${dir}/${next}`]);
    }
    manifest.commands = [...domainCommands, ...p.commands];
    await writeManifest(io, dir, manifest);
    res.backupDir = dir;
    log.push(
      tr(
        `Backed up ${files(p.changes.filter((c) => c.existed).length)}${p.domains.length ? ` and the definition of ${p.domains.map((d) => d.name).join(', ')}` : ''} to ${dir}`,
        `已备份 ${files(p.changes.filter((c) => c.existed).length)}${p.domains.length ? `以及 ${p.domains.map((d) => d.name).join('、')} 的定义` : ''}到 ${dir}`,
      ),
    );
  } catch (e) {
    // No file was changed yet (the manifest comes first); the next run removes a folder left without one.
    if (e instanceof Refusal) throw e;
    throw new Refusal(tr(`${p.fix.id} was not applied: saving the backups${dir ? ` in ${dir}` : ''} failed (${errorMessage(e)}); nothing was changed`, `${p.fix.id} 没有应用：${dir ? `在 ${dir} 中` : ''}保存备份失败（${errorMessage(e)}）；没有做任何改动`));
  }
  const written: typeof p.changes = [];
  const defined: string[] = [];
  try {
    for (const c of p.changes) {
      // Re-read just before writing: a file edited since it was read (and shown in the diff) is not overwritten.
      const now = await io.read(c.path);
      const same = c.existed ? now.exists && !!now.content && c.before !== undefined && now.content.equals(c.before) : !now.exists;
      if (!same) throw new Refusal(tr(`${c.path} changed after it was read (someone edited it meanwhile)`, `${c.path} 在读取之后被改动了（期间有人编辑过它）`));
      await io.writeAtomic(c.path, Buffer.from(c.after), c.mode, c.uid, c.gid);
      written.push(c);
      log.push(tr(`${c.existed ? 'Edited' : 'Created'} ${c.path}`, `${c.existed ? '已修改' : '已创建'} ${c.path}`));
    }
    for (const argv of [...domainCommands, ...p.commands]) {
      if (!io.run) {
        res.notRun.push(argv);
        continue;
      }
      log.push(`${tr('Running: ', '正在运行：')}${argv.join(' ')}`);
      const r = await io.run(argv, (line) => opts.onOutput?.(line));
      if (r.missing) throw new Error(tr(`${argv[0]} is not installed on this host`, `本机没有安装 ${argv[0]}`));
      if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.exitCode ?? 'signal'})${r.tail ? `: ${r.tail.split('\n').pop()}` : ''}`);
      if (argv[0] === 'virsh' && argv[1] === 'define') defined.push(argv[2]!);
    }
  } catch (e) {
    res.ok = false;
    res.failure = errorMessage(e);
    log.push(`${tr('Failed: ', '失败：')}${res.failure}`);
    // Put back every file this run wrote, byte for byte. If that fails too, the manifest stays "in-progress" and the
    // next apply or undo finishes the job from the backups.
    try {
      for (const c of [...written].reverse()) {
        if (c.existed && c.before) await io.writeAtomic(c.path, c.before, c.mode, c.uid, c.gid);
        else await io.remove(c.path);
      }
      // A domain already defined anew gets its saved definition back.
      for (const next of defined.reverse()) {
        const back = next.replace(/\.new\.xml$/, '.xml');
        const r = await io.run!(['virsh', 'define', back], (line) => opts.onOutput?.(line));
        if (r.exitCode !== 0) throw new Error(`virsh define ${back} failed`);
        log.push(`Defined ${back} again`);
      }
      if (manifest && dir) await writeManifest(io, dir, { ...manifest, state: 'rolled-back' });
    } catch (r) {
      throw new Unfinished(tr(`${p.fix.id} failed (${res.failure}) and rolling it back failed too (${(r as Error).message}); run vfio-doctor undo to restore the files from ${dir}`, `${p.fix.id} 失败（${res.failure}），回滚也失败了（${(r as Error).message}）；请运行 vfio-doctor undo 从 ${dir} 恢复文件`));
    }
    if (written.length) log.push(tr(`Rolled back ${files(written.length)}: the configuration is as it was before.`, `已回滚 ${files(written.length)}：配置恢复到了改动之前的样子。`));
    return res;
  }
  if (manifest && dir)
    await writeManifest(io, dir, { ...manifest, state: 'applied' }).catch((e: Error) => {
      // The files are changed but the journal still says "in-progress": the next apply or undo rolls the change back.
      throw new Unfinished(tr(`${p.fix.id} changed the files but could not record it in ${dir} (${e.message}); run vfio-doctor undo to put them back as they were`, `${p.fix.id} 改动了文件，但无法记录到 ${dir}（${e.message}）；请运行 vfio-doctor undo 把它们还原`));
    });
  return res;
}
