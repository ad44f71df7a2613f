// Chat messages for fixes: the full plan (render/fix-blocks.ts, serialised by views/blocks.ts) and the copy-it-yourself
// apply fallback.
import type { Finding } from '../../schema/finding';
import type { Fix } from '../../schema/fix';
import { commandLine, fixBlocks } from '../../render/fix-blocks';
import { seg, para, wrapSegs, commandLines, type Line } from '../lines';
import { blocksToLines } from './blocks';
import { recommendedIndex } from '../../engine/recommended';
import { tr } from '../../i18n/lang';

export function fixPlanLines(f: Finding, n: number, variant: number, w: number): Line[] {
  const fix = f.fixes[variant];
  if (!fix) return para(tr(`[${n}] ${f.title} has no fix variant ${variant + 1}.`, `[${n}] ${f.title} 没有第 ${variant + 1} 种修复方案。`), w);
  const out: Line[] = [];
  out.push(...wrapSegs([seg(tr(`Fix for [${n}] `, `[${n}] 的修复方案：`), 'bold'), seg(f.title, 'bold')], w, '  '));
  out.push(...blocksToLines(fixBlocks(fix), w));
  const others = f.fixes.map((x, i) => ({ x, i })).filter(({ i }) => i !== variant);
  if (others.length) {
    out.push([]);
    out.push([seg(tr('  Other variants:', '  其他方案：'), 'bold')]);
    for (const { x, i } of others) {
      out.push(...wrapSegs([seg(`    fix ${n}.${i + 1}`, 'cmd'), seg(`  ${x.variant ?? x.title}${x.recommended ? tr(' (recommended)', '（推荐）') : ''}`)], w, '      '));
    }
  }
  out.push([]);
  out.push(...wrapSegs([seg('  → '), seg(`apply ${n}${variant === recommendedIndex(f) ? '' : `.${variant + 1}`}`, 'cmd'), seg(tr(' when you are ready.', ' 准备好了就应用。'), 'dim')], w, '    '));
  return out;
}

/** Where this chat cannot apply (a paste, a bundle, the demo): the steps as something to copy. */
export function applyFallbackLines(f: Finding, n: number, variant: number, w: number): Line[] {
  const fix = f.fixes[variant];
  if (!fix) return para(tr(`[${n}] ${f.title} has no fix to apply.`, `[${n}] ${f.title} 没有可应用的修复方案。`), w);
  const out: Line[] = [];
  out.push(...para(tr('The plan to do by hand, in order:', '需要手动按顺序执行的方案：'), w));
  out.push(...blocksToLines(fixBlocks(fix).filter((b) => b.kind === 'list'), w));
  const cmds = fix.steps.flatMap((s) => (s.kind === 'command' ? [commandLine(s.argv, s.root)] : []));
  if (cmds.length) {
    out.push([]);
    out.push([seg(tr('  The commands alone, to copy:', '  只看命令，方便复制：'), 'bold')]);
    for (const c of cmds) out.push(...commandLines(c, w, '    '));
  }
  out.push([]);
  out.push(
    ...para(
      tr(
        `Make the file edits first (keep a copy of each file), run the commands, ${fix.needsReboot ? 'reboot, ' : ''}then check with the last step. Ask me again (\`why ${n}\`) after the reboot, or run vfio-doctor again.`,
        `先改文件（每个文件留一份副本），再执行命令，${fix.needsReboot ? '重启，' : ''}然后用最后一步检查。重启后再问我（\`why ${n}\`），或者再运行一次 vfio-doctor。`,
      ),
      w,
      '  ',
      'dim',
    ),
  );
  return out;
}

export function confirmLines(f: Finding, n: number, fix: Fix, w: number): Line[] {
  return [
    ...fixPlanLines(f, n, f.fixes.indexOf(fix), w),
    [],
    ...wrapSegs([seg(tr('Apply this plan now? ', '现在应用这个方案？'), 'bold'), seg(tr('Type yes to go ahead, anything else to cancel.', '输入 yes 继续，输入其他内容取消。'))], w, '  '),
  ];
}
