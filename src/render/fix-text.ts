// A fix plan as plain lines (`vfio-doctor fix`, and under each finding of the text report): fix-blocks.ts serialised.
import type { Fix, FixStep } from '../schema/fix';
import type { Style } from './style';
import { fixBlocks, stepBlocks } from './fix-blocks';
import { blocksToText } from './text-blocks';

export { lowerFirst, commandLine, unnamedPath, fixTags } from './fix-blocks';
export { diffLineKind } from './blocks';


/** One numbered step. */
export function stepLines(step: FixStep, n: number, width: number, s: Style, indent: string): string[] {
  const head = `${indent}${n}. `;
  const lines = blocksToText(stepBlocks(step), { width, style: s, indent: ' '.repeat(head.length) });
  if (lines.length) lines[0] = head + lines[0]!.slice(head.length);
  return lines;
}

export function fixLines(plan: Fix, width: number, s: Style, indent = '  '): string[] {
  // fixBlocks escapes every string from the plan before colour is added (`fix FIX-ID` prints only this).
  return blocksToText(fixBlocks(plan), { width, style: s, indent });
}
