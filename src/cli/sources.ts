// Where a run's input comes from: a bundle file, the shipped demo host, a sysroot or the live host.
import type { RawSource } from '../schema/raw-source';
import type { ReportSource } from '../engine/report';
import type { OnProgress } from '../collect/types';
import type { Args } from './args';
import type { CliIO } from './io';
import { statSync } from 'node:fs';
import { readInput } from './input';
import { UsageError } from './args';
import { DEMO_BUNDLE } from '../demo/seed-bundle';

export interface ResolvedSources {
  sources: RawSource[];
  source: ReportSource;
  /** Live-only rules apply (live host or sysroot). */
  live: boolean;
}

export async function resolveSources(args: Args, io: CliIO, onProgress?: OnProgress): Promise<ResolvedSources> {
  if (args.demo) return { sources: [{ source: 'pasted text', text: DEMO_BUNDLE }], source: { kind: 'bundle', path: 'demo: two identical RTX 3090 Ti' }, live: false };
  if (args.bundle) {
    const { text, name, lineNos, skipped } = readInput(args.bundle, io.stdin, io.stdinRead);
    if (!text.trim()) throw new UsageError(`${args.bundle} is empty`);
    return { sources: [{ source: 'pasted text', text, lineNos, skipped }], source: { kind: 'bundle', path: name }, live: false };
  }
  if (args.root) checkRoot(args.root);
  const { collectHost } = await import('../collect/index');
  const sources = await collectHost({ root: args.root, env: io.env }, onProgress);
  return { sources, source: args.root ? { kind: 'sysroot', path: args.root } : { kind: 'live' }, live: true };
}

/** --root must be an existing folder: a typo must not read as "a host with nothing on it". */
export function checkRoot(root: string): void {
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${root}: no such directory` : `${root}: cannot read (${code ?? 'error'})`);
  }
  if (!st.isDirectory()) throw new UsageError(`${root} is not a directory; --root needs a folder laid out like / (use analyze FILE for a paste or bundle)`);
}
