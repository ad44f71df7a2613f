// What a path is (lstat(2), links not followed), without node's Stats object: a big sysroot asks ~7,000 times.
import { lstatSync } from 'node:fs';

/** undefined: nothing there (or a component that is no folder, or no permission: as good as missing). */
export type EntryType = 'file' | 'dir' | 'link' | 'other' | undefined;

/**
 * fs.lstatSync builds a Stats object with four Date objects (Node 20) for each call: ~1.5 µs of the ~4 µs a call costs
 * in a sysroot run (no optimising compiler), ~10 ms of a 2,000-function server. The binding it calls hands back the
 * mode as a number. Node deprecates reaching its bindings (DEP0111) and may change or refuse them, so the binding is
 * used only where fs.lstatSync itself calls it the same way, after it answered as fs.lstatSync does for a folder,
 * a file and a missing entry, and never under node's permission model (whose checks live in fs.lstatSync); otherwise
 * fs.lstatSync answers.
 */
interface LstatBinding {
  lstat(path: string, bigint: boolean, req: undefined, throwIfNoEntry: boolean): ArrayLike<number> | undefined;
}

/** null: not usable here. */
let binding: LstatBinding | null | undefined;

const S_IFMT = 0o170000;
const typeOfMode = (mode: number): EntryType => {
  const t = mode & S_IFMT;
  return t === 0o100000 ? 'file' : t === 0o040000 ? 'dir' : t === 0o120000 ? 'link' : 'other';
};

/** Which way lstatType asks: node's binding, or fs.lstatSync. */
export function lstatWay(): 'binding' | 'fs' {
  if (binding === undefined) binding = checkedBinding();
  return binding ? 'binding' : 'fs';
}

/** The entry at `path`; undefined when missing. Never throws. */
export function lstatType(path: string): EntryType {
  return lstatTypeBy(lstatWay(), path);
}

/** lstatType by the given way (tests compare the two; 'binding' where there is none is 'fs'). */
export function lstatTypeBy(way: 'binding' | 'fs', path: string): EntryType {
  try {
    // A NUL makes fs.lstatSync throw (missing, here); the binding would read the path up to it.
    if (way === 'binding' && binding && !path.includes('\0')) {
      const st = binding.lstat(path, false, undefined, false);
      return st === undefined ? undefined : typeOfMode(st[1]!);
    }
    const st = lstatSync(path, { throwIfNoEntry: false });
    return st === undefined ? undefined : typeOfMode(st.mode);
  } catch {
    return undefined; // not searchable, or a file where a folder should be: as good as missing
  }
}

/**
 * Whether node's own fs.lstatSync (`source`, its text) calls the binding as lstatType does:
 * binding.lstat(path, options.bigint, undefined, options.throwIfNoEntry). Node 20 before the change that made it so
 * (nodejs/node#49868) passed an object there for the error, and a binding called the wrong way may stop the process
 * on a failed assertion, which no probe could catch: the call is read from the running node itself.
 */
export function callsBindingAsLstatType(source: string): boolean {
  return /\bbinding\.lstat\(\s*[\w.]+(?:\([\w.]*\))?\s*,\s*options\.bigint\s*,\s*undefined\s*,\s*options\.throwIfNoEntry\s*,?\s*\)/.test(source);
}

function checkedBinding(): LstatBinding | null {
  const proc = process as { binding?: (name: string) => unknown; noDeprecation?: boolean; permission?: unknown };
  if (proc.permission !== undefined) return null;
  // Only where node itself calls it this way (read from fs.lstatSync's own text).
  if (!callsBindingAsLstatType(Function.prototype.toString.call(lstatSync))) return null;
  const quiet = proc.noDeprecation;
  try {
    proc.noDeprecation = true;
    const b = proc.binding?.('fs') as Partial<LstatBinding> | undefined;
    if (typeof b?.lstat !== 'function') return null;
    const candidate = b as LstatBinding;
    // A folder, a file (node itself) and a name that is not there: the same answers as fs.lstatSync gives.
    for (const p of ['/', process.execPath]) {
      const st = candidate.lstat(p, false, undefined, false);
      if (!st || typeof st[1] !== 'number' || st[1] !== lstatSync(p).mode) return null;
    }
    if (candidate.lstat(`/\u0001no such entry ${process.pid}`, false, undefined, false) !== undefined) return null;
    return candidate;
  } catch {
    return null;
  } finally {
    proc.noDeprecation = quiet;
  }
}
