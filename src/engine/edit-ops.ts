// Pure, idempotent edits of configuration text; the planner uses them for diffs and apply/ for the real write.
import { splitCmdline, normalizeKey } from '../parse/cmdline';
import type { FixStep } from '../schema/fix';
import { escapeRe } from '../parse/line';

type Op = NonNullable<Extract<FixStep, { kind: 'edit' }>['op']>;

const keyOf = (tok: string) => normalizeKey(tok.split('=')[0]!);

/** Add parameters to a command line, replacing a parameter with the same key; remove by key or exact token. */
export function editCmdline(value: string, add: string[], remove: string[] = []): string {
  const toks = splitCmdline(value);
  const removeKeys = new Set(remove.filter((r) => !r.includes('=')).map(normalizeKey));
  const removeExact = new Set(remove.filter((r) => r.includes('=')));
  let out = toks.filter((t) => !removeKeys.has(keyOf(t)) && !removeExact.has(t));
  for (let p of add) {
    const k = keyOf(p);
    const idx = out.findIndex((t) => keyOf(t) === k);
    if (idx >= 0) {
      // ID lists (vfio-pci.ids, pci-stub.ids) are merged, so an edit never drops an ID the user had.
      if (k.endsWith('.ids')) {
        const ids = [...new Set(out.filter((t) => keyOf(t) === k).flatMap((t) => t.split('=')[1]!.split(',')).concat(p.split('=')[1]!.split(',')).filter(Boolean))];
        p = `${p.split('=')[0]}=${ids.join(',')}`;
      }
      out[idx] = p;
      // Drop later duplicates of the same key: one vfio-pci.ids, not two.
      out = out.filter((t, i) => i <= idx || keyOf(t) !== k);
    } else out.push(p);
  }
  return out.join(' ');
}

const GRUB_VAR = (v: string) => new RegExp(`^(\\s*(?:export\\s+)?${v}=)(["']?)(.*?)\\2(\\s*(?:#.*)?)$`);

/** Edit one GRUB_CMDLINE_* variable, keeping quoting and comments; add the variable if it is missing. */
export function editGrubVar(content: string, variable: string, add: string[], remove: string[] = []): string {
  const re = GRUB_VAR(variable);
  const lines = content.split('\n');
  let found = -1;
  lines.forEach((l, i) => {
    if (re.test(l)) found = i; // the last assignment wins in shell
  });
  if (found < 0) {
    if (add.length === 0) return content;
    const line = `${variable}="${editCmdline('', add)}"`;
    const body = content.endsWith('\n') || content === '' ? content : `${content}\n`;
    return `${body}${line}\n`;
  }
  const m = re.exec(lines[found]!)!;
  const q = m[2] || '"';
  const next = editCmdline(m[3]!, add, remove);
  lines[found] = `${m[1]}${q}${next}${q}${m[4]}`;
  // Remove from every other assignment too, so an earlier line cannot re-add it.
  if (remove.length)
    lines.forEach((l, i) => {
      const mm = i !== found ? re.exec(l) : null;
      if (mm) lines[i] = `${mm[1]}${mm[2] || '"'}${editCmdline(mm[3]!, [], remove)}${mm[2] || '"'}${mm[4]}`;
    });
  return lines.join('\n');
}

/** /etc/kernel/cmdline is a single line. */
export function editKernelCmdlineFile(content: string, add: string[], remove: string[] = []): string {
  const first = content.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  return `${editCmdline(first.trim(), add, remove)}\n`;
}

/** Append lines that are not already present (compared without surrounding space). */
export function appendLines(content: string, lines: string[]): string {
  const have = new Set(content.split('\n').map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l.trim()));
  if (missing.length === 0) return content;
  const body = content === '' || content.endsWith('\n') ? content : `${content}\n`;
  return `${body}${missing.join('\n')}\n`;
}

/**
 * Set `param=value` on the module's `options` line in a modprobe.d file: replace it in place (ID lists are merged),
 * or add an options line when there is none. One options line per module, never two that contradict.
 */
export function setModprobeOption(content: string, module: string, param: string, value: string): string {
  const mod = module.replace(/[-_]/g, '[-_]');
  const re = new RegExp(`^(\\s*options\\s+${mod}\\s+)(.*)$`);
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const hasParam = new RegExp(`(?:^|\\s)${param}=`);
  const idx = lines.findIndex((l) => {
    const m = re.exec(l);
    return m !== null && hasParam.test(m[2]!);
  });
  const at = idx >= 0 ? idx : lines.findIndex((l) => re.test(l));
  if (at < 0) return `${[...lines, `options ${module} ${param}=${value}`].join('\n')}\n`;
  const m = re.exec(lines[at]!)!;
  const args = m[2]!.split(/\s+/).filter(Boolean);
  const i = args.findIndex((a) => a.startsWith(`${param}=`));
  let next = value;
  if (i >= 0 && param === 'ids') next = [...new Set([...args[i]!.slice(param.length + 1).split(','), ...value.split(',')].filter(Boolean))].join(',');
  if (i >= 0) args[i] = `${param}=${next}`;
  else args.push(`${param}=${next}`);
  lines[at] = `${m[1]}${args.join(' ')}`;
  return `${lines.join('\n')}\n`;
}

/**
 * Merge values into a top-level `key: a,b,c` line (booster.yaml: generator/config.go reads modules_force_load as one
 * comma-separated string, and a YAML mapping may not repeat a key). Every line of the key is folded into the first one.
 */
export function mergeKeyList(content: string, key: string, values: string[]): string {
  const re = new RegExp(`^${escapeRe(key)}\\s*:\\s*(.*?)\\s*(#.*)?$`);
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const have: string[] = [];
  let first = -1;
  let comment = '';
  const kept = lines.filter((l, i) => {
    const m = re.exec(l);
    if (!m) return true;
    have.push(...m[1]!.replace(/^(["'])(.*)\1$/, '$2').split(',').map((v) => v.trim()).filter(Boolean));
    if (first < 0) {
      first = i;
      comment = m[2] ? ` ${m[2]}` : '';
      return true;
    }
    return false;
  });
  const merged = [...new Set([...have, ...values])];
  const line = `${key}: ${merged.join(',')}${comment}`;
  if (first < 0) return `${[...kept, line].join('\n')}\n`;
  kept[first] = line;
  return `${kept.join('\n')}\n`;
}

/**
 * Edit the `options` lines of a Boot Loader Specification type #1 entry: remove from every options line (the spec lets
 * several be given and joins them), add to the last one, or add an options line when the entry has none.
 */
export function editLoaderEntryOptions(content: string, add: string[], remove: string[] = []): string {
  const re = /^(\s*options)(\s+)(.*?)\s*$/;
  const lines = content.split('\n');
  let last = -1;
  lines.forEach((l, i) => {
    const m = re.exec(l);
    if (!m) return;
    last = i;
    lines[i] = `${m[1]}${m[2]}${editCmdline(m[3]!, [], remove)}`;
  });
  if (last < 0) {
    if (add.length === 0) return content;
    const body = content === '' || content.endsWith('\n') ? content : `${content}\n`;
    return `${body}options ${editCmdline('', add)}\n`;
  }
  // A parameter given on an earlier options line is still on the command line: an added key must not appear twice.
  const m = re.exec(lines[last]!)!;
  const elsewhere = lines.filter((l, i) => i !== last && re.test(l)).flatMap((l) => splitCmdline(re.exec(l)![3]!));
  const toAdd = add.filter((a) => !elsewhere.includes(a));
  lines[last] = `${m[1]}${m[2]}${editCmdline(m[3]!, toAdd, remove)}`;
  return lines.join('\n');
}

/** Remove lines matching any of the regular expressions (given as source strings). */
export function removeLines(content: string, match: string[]): string {
  const res = match.map((m) => new RegExp(m));
  return content
    .split('\n')
    .filter((l) => !res.some((r) => r.test(l)))
    .join('\n');
}

/** Apply an edit operation to a file's content (undefined when the file does not exist). */
export function applyOp(content: string | undefined, op: Op, path: string): string {
  // A missing /etc/kernel/cmdline is started from the running command line, never from nothing (no root= → no boot).
  const c = content ?? (op.type === 'cmdline' && op.seed !== undefined ? `${op.seed}\n` : '');
  switch (op.type) {
    case 'cmdline':
      if (op.variable) return editGrubVar(c, op.variable, op.add, op.remove);
      if (/\/etc\/kernel\/cmdline$/.test(path)) return editKernelCmdlineFile(c, op.add, op.remove);
      if (/\/loader\/entries\/[^/]+\.conf$/.test(path)) return editLoaderEntryOptions(c, op.add, op.remove);
      return editCmdline(c.trim(), op.add, op.remove) + '\n';
    case 'append-lines':
      return appendLines(c, op.lines);
    case 'modprobe-option':
      return setModprobeOption(c, op.module, op.param, op.value);
    case 'remove-lines':
      return removeLines(c, op.match);
    case 'create':
      return op.content;
    case 'key-list':
      return mergeKeyList(c, op.key, op.values);
  }
}
