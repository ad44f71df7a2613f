// Chat messages for fixes: the full plan (render/fix-blocks.ts, serialised by views/blocks.ts) and the copy-it-yourself
// apply fallback.
import type { Finding } from '../../schema/finding';
import type { Fix } from '../../schema/fix';
import { commandLine, fixBlocks } from '../../render/fix-blocks';
import { seg, para, wrapSegs, commandLines, type Line } from '../lines';
import { blocksToLines } from './blocks';
import { recommendedIndex } from '../../engine/recommended';

export function fixPlanLines(f: Finding, n: number, variant: number, w: number): Line[] {
  const fix = f.fixes[variant];
  if (!fix) return para(`[${n}] ${f.title} has no fix variant ${variant + 1}.`, w);
  const out: Line[] = [];
  out.push(...wrapSegs([seg(`Fix for [${n}] `, 'bold'), seg(f.title, 'bold')], w, '  '));
  out.push(...blocksToLines(fixBlocks(fix), w));
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

/** Where this chat cannot apply (a paste, a bundle, the demo): the steps as something to copy. */
export function applyFallbackLines(f: Finding, n: number, variant: number, w: number): Line[] {
  const fix = f.fixes[variant];
  if (!fix) return para(`[${n}] ${f.title} has no fix to apply.`, w);
  const out: Line[] = [];
  out.push(...para('The plan to do by hand, in order:', w));
  out.push(...blocksToLines(fixBlocks(fix).filter((b) => b.kind === 'list'), w));
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
