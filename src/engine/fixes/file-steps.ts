// Edit steps that create, append to, or remove and replace lines of a file, with the exact diff when its content is known.
import type { FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import type { Facts } from '../../schema/facts';
import { appendLines, applyOp, removeLines } from '../edit-ops';
import { unifiedDiff } from '../diff';
import { escapeRe } from '../../parse/line';
import { tr } from '../../i18n/lang';

/** The whole text of a configuration file when it is known (an excerpt is not enough for an exact diff). */
export function fullFile(facts: Facts, path: string): { path: string; content: string } | undefined {
  return facts.configFiles.find((c) => c.path === path && !c.partial);
}

export function createOrAppend(host: Host, path: string, lines: string[], description: string, mode?: string): FixStep {
  const file = fullFile(host.facts, path);
  const before = file?.content;
  const after = appendLines(before ?? '', lines);
  // Collection reads every configuration file that exists: on a collected host a file it did not read is absent.
  const known = file !== undefined || host.facts.collected;
  return {
    kind: 'edit',
    path,
    description,
    diff: known ? unifiedDiff(path, before, after) || undefined : `(append, if not already there)\n${lines.map((l) => `+${l}`).join('\n')}`,
    mode,
    op: { type: 'append-lines', lines },
  };
}

type OpEdit = Parameters<typeof applyOp>[1];

/** An edit by op: the exact diff when the file's content is known (or absent on a collected host), else `guess`. */
function opEdit(host: Host, path: string, op: OpEdit, description: string, guess: string): FixStep {
  const file = fullFile(host.facts, path);
  const known = file !== undefined || host.facts.collected;
  return { kind: 'edit', path, description, diff: known ? unifiedDiff(path, file?.content, applyOp(file?.content, op, path)) || undefined : guess, op };
}

/** Set a module option in a modprobe.d file (replacing the module's options line rather than adding a second one). */
export function setOption(host: Host, path: string, module: string, param: string, value: string, description: string): FixStep {
  return opEdit(host, path, { type: 'modprobe-option', module, param, value }, description, `(set on the "options ${module}" line, or add one)\n+options ${module} ${param}=${value}`);
}

/** Merge values into a `key: a,b` line (booster.yaml), with the exact diff when the file's content is known. */
export function keyListStep(host: Host, path: string, key: string, values: string[], description: string): FixStep {
  return opEdit(host, path, { type: 'key-list', key, values }, description, `(merged into the one ${key} line, or added)\n+${key}: ${values.join(',')}`);
}

export function createFile(host: Host, path: string, content: string, description: string, mode?: string): FixStep {
  const file = fullFile(host.facts, path);
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

/** The remove-lines step, with the diff from the file's content before and after when it is known. */
function removalStep(path: string, match: string[], description: string, before: string | undefined, after: string | undefined): FixStep {
  return {
    kind: 'edit',
    path,
    description,
    diff: before !== undefined && after !== undefined ? unifiedDiff(path, before, after) || undefined : undefined,
    op: { type: 'remove-lines', match },
  };
}

/** Remove lines from a configuration file, with the exact diff when its content is known. */
export function removeLinesStep(host: Host, path: string, match: string[], description: string): FixStep {
  const file = host.facts.configFiles.find((c) => c.path === path);
  return removalStep(path, match, description, file?.content, file ? removeLines(file.content, match) : undefined);
}

/** Replace one line by another: removal of the exact line, then the new line appended (its position does not matter). */
export function replaceLineSteps(host: Host, path: string, oldLine: string, newLine: string, description: string): FixStep[] {
  const file = host.facts.configFiles.find((c) => c.path === path);
  const match = [`^\\s*${escapeRe(oldLine.trim())}\\s*$`];
  const removed = file ? removeLines(file.content, match) : undefined;
  return [
    removalStep(path, match, tr(`${description} (the old line)`, `${description}（删除旧的那一行）`), file?.content, removed),
    {
      kind: 'edit',
      path,
      description: tr(`${description} (the corrected line)`, `${description}（写入改正后的那一行）`),
      diff: removed !== undefined ? unifiedDiff(path, removed, appendLines(removed, [newLine])) || undefined : `+${newLine}`,
      op: { type: 'append-lines', lines: [newLine] },
    },
  ];
}
