// Edit steps that create a file or append lines to it, with the exact diff when the file's content is known.
import type { FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import { appendLines } from '../edit-ops';
import { unifiedDiff } from '../diff';

export function createOrAppend(host: Host, path: string, lines: string[], description: string, mode?: string): FixStep {
  const file = host.facts.configFiles.find((c) => c.path === path);
  const before = file?.content;
  const after = appendLines(before ?? '', lines);
  const known = file !== undefined || host.facts.pciComplete; // on a live/sysroot host, a file we did not read does not exist
  return {
    kind: 'edit',
    path,
    description,
    diff: known ? unifiedDiff(path, before, after) || undefined : `(append, if not already there)\n${lines.map((l) => `+${l}`).join('\n')}`,
    mode,
    op: { type: 'append-lines', lines },
  };
}

export function createFile(host: Host, path: string, content: string, description: string, mode?: string): FixStep {
  const file = host.facts.configFiles.find((c) => c.path === path);
  return {
    kind: 'edit',
    path,
    description,
    diff: unifiedDiff(path, file?.content, content) || undefined,
    content,
    mode,
    op: { type: 'create', content },
  };
}
