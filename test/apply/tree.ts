// Test helpers: copy a sysroot fixture to a temporary folder and fingerprint its files (links included).
import { cpSync, mkdtempSync, readdirSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';

export function copySysroot(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vfd-apply-'));
  cpSync(src, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** path → "mode sha256" (or "-> target" for links), skipping vfio-doctor's own backups. */
export function snapshot(root: string, opts: { dirs?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const rel = `/${relative(root, p)}`;
      if (rel.startsWith('/var/backups/vfio-doctor')) continue;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(rel, `-> ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        if (opts.dirs) out.set(rel, 'dir');
        walk(p);
      }
      else out.set(rel, `${(st.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

export function changedPaths(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}
