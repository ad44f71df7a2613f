// Chat messages for fixes: the full plan (exact diffs, commands, reboot, verify) and the copy-it-yourself apply fallback.
import type { Finding } from '../../schema/finding';
import type { Fix, FixStep } from '../../schema/fix';
import { commandLine, lowerFirst, fixTags, unnamedPath, diffLineKind } from '../../render/fix-text';
import { seg, para, pre, wrapSegs, commandLines, type Line } from '../lines';
import { recommendedIndex } from '../../engine/recommended';

function diffLines(diff: string, w: number, indent: string): Line[] {
  const tone = { add: 'add', del: 'del', ctx: 'dim' } as const;
  return diff.split('\n').flatMap((l) => pre(l, w, indent, tone[diffLineKind(l)]));
}

export function stepLines(step: FixStep, n: number, w: number): Line[] {
  const head = `  ${n}. `;
  const sub = ' '.repeat(head.length);
  const text = (segs: Parameters<typeof wrapSegs>[0]) => wrapSegs([seg(head), ...segs], w, sub);
  switch (step.kind) {
    case 'edit': {
      if (step.noop) return text([seg(`${step.description} — already done.`, 'dim')]);
      const out = text([seg(`${step.description}${step.mode ? ` (mode ${step.mode})` : ''}${step.diff || step.content ? ':' : ''}`)]);
      // As in the text and markdown reports: the file, whenever the description does not name it (a diff of a file
      // whose text is not known has no header to name it either).
      const path = unnamedPath(step);
      if (path) out.push(...pre(`file: ${path}`, w, sub, 'dim'));
      if (step.diff) out.push(...diffLines(step.diff, w, sub));
      else if (step.content) out.push(...pre(step.content.replace(/\n$/, ''), w, sub, 'add'));
      return out;
    }
    case 'command':
      return [...text([seg(`${step.description}:`)]), ...commandLines(commandLine(step.argv, step.root), w, sub)];
    case 'reboot':
      return text([seg('Reboot', 'bold'), seg(` — ${lowerFirst(step.description)}`)]);
    case 'manual':
      return text([seg(step.description)]);
    case 'verify': {
      const out = text([seg('Check: ', 'bold'), seg(step.description)]);
      if (step.argv) out.push(...commandLines(commandLine(step.argv, step.root === true), w, sub));
      if (step.expect) out.push(...para(`expect: ${step.expect}`, w, sub, 'dim'));
      return out;
    }
  }
}

export function fixPlanLines(f: Finding, n: number, variant: number, w: number): Line[] {
  const fix = f.fixes[variant];
  if (!fix) return para(`[${n}] ${f.title} has no fix variant ${variant + 1}.`, w);
  const out: Line[] = [];
  out.push(...wrapSegs([seg(`Fix for [${n}] `, 'bold'), seg(f.title, 'bold')], w, '  '));
  out.push(...wrapSegs([seg('  '), seg(fix.title), seg(fixTags(fix).length ? ` (${fixTags(fix).join(', ')})` : '', 'dim')], w, '    '));
  out.push([seg('  fix id: ', 'dim'), seg(fix.id, 'dim')]);
  for (const x of fix.warnings) out.push(...wrapSegs([seg('  ! ', 'warning'), seg(x)], w, '    '));
  fix.steps.forEach((s, i) => out.push(...stepLines(s, i + 1, w)));
  const others = f.fixes.map((x, i) => ({ x, i })).filter(({ i }) => i !== variant);
  if (others.length) {
    out.push([]);
    out.push([seg('  Other variants:', 'bold')]);
    for (const { x, i } of others) {
      out.push(...wrapSegs([seg(`    fix ${n}.${i + 1}`, 'cmd'), seg(`  ${x.variant ?? x.title}${x.recommended ? ' (recommended)' : ''}`)], w, '      '));
    }
  }
  out.push([]);
  out.push(...wrapSegs([seg('  → '), seg(`apply ${n}${variant === recommendedIndex(f) ? '' : `.${variant + 1}`}`, 'cmd'), seg(' when you are ready.', 'dim')], w, '    '));
  return out;
}

/** Until apply/ exists: say so, and give the steps as something to copy. */
export function applyFallbackLines(f: Finding, n: number, variant: number, w: number): Line[] {
  const fix = f.fixes[variant];
  if (!fix) return para(`[${n}] ${f.title} has no fix to apply.`, w);
  const out: Line[] = [];
  out.push(...para("I can't apply fixes from the chat yet — that part of vfio-doctor isn't built. Here is the plan to do by hand, in order:", w));
  fix.steps.forEach((s, i) => out.push(...stepLines(s, i + 1, w)));
  const cmds = fix.steps.flatMap((s) => (s.kind === 'command' ? [commandLine(s.argv, s.root)] : []));
  if (cmds.length) {
    out.push([]);
    out.push([seg('  The commands alone, to copy:', 'bold')]);
    for (const c of cmds) out.push(...commandLines(c, w, '    '));
  }
  out.push([]);
  out.push(...para(`Make the file edits first (keep a copy of each file), run the commands, ${fix.needsReboot ? 'reboot, ' : ''}then check with the last step. Ask me again (\`why ${n}\`) after the reboot, or run vfio-doctor again.`, w, '  ', 'dim'));
  return out;
}

export function confirmLines(f: Finding, n: number, fix: Fix, w: number): Line[] {
  return [
    ...fixPlanLines(f, n, f.fixes.indexOf(fix), w),
    [],
    ...wrapSegs([seg('Apply this plan now? ', 'bold'), seg('Type yes to go ahead, anything else to cancel.')], w, '  '),
  ];
}
