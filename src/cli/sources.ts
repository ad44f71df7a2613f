// Where a run's input comes from: a bundle file, the shipped demo host, a sysroot or the live host.
import type { RawSource } from '../schema/raw-source';
import type { ReportSource } from '../engine/report';
import type { OnProgress } from '../collect/types';
import type { Args } from './args';
import type { CliIO } from './io';
import { statSync } from 'node:fs';
import { UsageError } from './args';
import { DEMO_BUNDLE } from '../demo/seed-bundle';
import { tr } from '../i18n/lang';

export interface ResolvedSources {
  sources: RawSource[];
  source: ReportSource;
  /** Live-only rules apply (live host or sysroot). */
  live: boolean;
}

export async function resolveSources(args: Args, io: CliIO, onProgress?: OnProgress): Promise<ResolvedSources> {
  if (args.demo) return { sources: [{ source: 'pasted text', text: DEMO_BUNDLE }], source: { kind: 'bundle', path: 'demo: two identical RTX 3090 Ti' }, live: false };
  if (args.bundle) {
    // Loaded here: the input readers bring the log lane and every parser, which the chat's first frame does not need.
    const { readInput } = await import('./input');
    const { text, name, lineNos, skipped } = readInput(args.bundle, io.stdin, io.stdinRead);
    if (!text.trim()) throw new UsageError(tr(`${args.bundle} is empty`, `${args.bundle} 是空的`));
    return { sources: [{ source: 'pasted text', text, lineNos, skipped }], source: { kind: 'bundle', path: name }, live: false };
  }
  if (args.root) checkRoot(args.root);
  const { collectHost } = await import('../collect/index');
  const sources = await collectHost({ root: args.root, env: io.env, logLane: true }, onProgress);
  return { sources, source: args.root ? { kind: 'sysroot', path: args.root } : { kind: 'live' }, live: true };
}

/** --root must be an existing folder: a typo must not read as "a host with nothing on it". */
export function checkRoot(root: string): void {
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? tr(`${root}: no such directory`, `${root}：目录不存在`) : tr(`${root}: cannot read (${code ?? 'error'})`, `${root}：无法读取（${code ?? 'error'}）`));
  }
  if (!st.isDirectory()) throw new UsageError(tr(`${root} is not a directory; --root needs a folder laid out like / (use analyze FILE for a paste or bundle)`, `${root} 不是目录；--root 需要一个结构和 / 一样的目录（粘贴内容或诊断包请用 analyze FILE）`));
}
