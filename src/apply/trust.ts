// Undo trusts nothing it reads back: a manifest is checked against what apply itself could have written before use.
import type { ApplyIO, PathInfo } from './io';
import type { HistoryEntry } from './history';
import { isAllowedPath } from './guards';
import { tr } from '../i18n/lang';

/** Modes apply writes: what the plans create (0644, 0755) or an existing file kept — never set-id, sticky or g/o-writable. */
export const isSafeMode = (mode: number) => (mode & ~0o755) === 0;

const octal = (m: number) => m.toString(8).padStart(4, '0');

/** A folder or file that holds the journal: a real one (no link), ours, not writable by group or others. */
function ownedProblem(what: string, info: PathInfo, want: 'file' | 'dir', trusted: number[]): string | undefined {
  if (info.kind === 'missing') return tr(`${what} is missing`, `${what} 不存在`);
  if (info.kind !== want) return tr(`${what} is ${info.kind === 'link' ? 'a symbolic link' : `not a ${want === 'dir' ? 'folder' : 'regular file'}`}`, `${what} ${info.kind === 'link' ? '是符号链接' : `不是${want === 'dir' ? '目录' : '普通文件'}`}`);
  if (!trusted.includes(info.uid!)) return tr(`${what} belongs to uid ${info.uid}, not root`, `${what} 属于 uid ${info.uid}，不是 root`);
  if (info.mode! & 0o022) return tr(`${what} is writable by group or others (mode ${octal(info.mode!)})`, `${what} 组或其他用户可写（权限 ${octal(info.mode!)}）`);
  return undefined;
}

/** The backups folder itself (before the lock is taken in it, and before any manifest in it is read). */
export async function backupRootProblem(io: ApplyIO): Promise<string | undefined> {
  const trusted = await io.trustedUids();
  const info = await io.info(io.backupRoot);
  if (info.kind === 'missing') return undefined;
  // The folders above it too: whoever can write one of them can swap the backups folder for another.
  return ownedProblem(io.backupRoot, info, 'dir', trusted) ?? (await io.checkPath(`${io.backupRoot}/.lock`, (uid) => trusted.includes(uid)));
}

/**
 * Everything undo relies on, checked: the manifest file and its folder owned by root and not writable by others; every
 * path one apply may write (the same allow-list), absolute, without "." or ".." parts, its folders real or links that
 * stay inside the root, owned by root, not writable by others, the file itself no link; backup names plain file names
 * that are regular files; modes apply writes; owners root or the sysroot's owner. A reason, or undefined when usable.
 */
export async function entryProblem(io: ApplyIO, e: HistoryEntry): Promise<string | undefined> {
  const trusted = await io.trustedUids();
  const root = await backupRootProblem(io);
  if (root) return root;
  const p = ownedProblem(e.dir, await io.info(e.dir), 'dir', trusted) ?? ownedProblem(`${e.dir}/manifest.json`, await io.info(`${e.dir}/manifest.json`), 'file', trusted);
  if (p) return p;
  const m = e.manifest;
  if (!m.files.length && !m.domains?.length) return 'the manifest names no file';
  const paths = new Set<string>();
  const backups = new Set<string>();
  // A saved domain definition is defined again by undo: it must be a regular file in the (trusted) folder.
  for (const d of m.domains ?? []) {
    if (backups.has(d.backup)) return `the backup ${d.backup} is named twice`;
    backups.add(d.backup);
    const b = await io.info(`${e.dir}/${d.backup}`);
    if (b.kind !== 'file') return `the saved definition ${e.dir}/${d.backup} is ${b.kind === 'missing' ? 'missing' : b.kind === 'link' ? 'a symbolic link' : 'not a regular file'}`;
    const owned = ownedProblem(`${e.dir}/${d.backup}`, b, 'file', trusted);
    if (owned) return owned;
  }
  for (const f of m.files) {
    if (!f.path.startsWith('/') || f.path.split('/').slice(1).some((x) => x === '' || x === '.' || x === '..')) return `${JSON.stringify(f.path)} is not a plain absolute path`;
    if (!isAllowedPath(f.path)) return `${f.path} is not a boot or module configuration file vfio-doctor edits`;
    if (paths.has(f.path)) return `${f.path} is named twice`;
    paths.add(f.path);
    if (f.mode === undefined || !isSafeMode(f.mode)) return `${f.path} has mode ${f.mode === undefined ? 'missing' : octal(f.mode)}; apply only writes modes without set-id, sticky or group/other write bits (0644, 0755)`;
    if (f.uid !== undefined && !trusted.includes(f.uid)) return `${f.path} would be given to uid ${f.uid}, not root`;
    if (f.existed) {
      if (!f.backup || !f.sha256Before) return `${f.path} existed but the manifest names no backup or checksum of it`;
      if (backups.has(f.backup)) return `the backup ${f.backup} is named twice`;
      backups.add(f.backup);
      const b = await io.info(`${e.dir}/${f.backup}`);
      if (b.kind !== 'file') return `the backup ${e.dir}/${f.backup} is ${b.kind === 'missing' ? 'missing' : b.kind === 'link' ? 'a symbolic link' : 'not a regular file'}`;
    } else if (f.backup || f.sha256Before) return `${f.path} is recorded as created by the change, yet with a backup`;
    const where = await io.checkPath(f.path, (uid) => trusted.includes(uid));
    if (where) return where;
  }
  return undefined;
}
