// A fix plan as plain lines (`vfio-doctor fix`, and under each finding of the text report): fix-blocks.ts serialised.
import type { Fix } from '../schema/fix';
import type { Style } from './style';
import { fixBlocks } from './fix-blocks';
import { blocksToText } from './text-blocks';

export { lowerFirst, commandLine, unnamedPath, fixTags } from './fix-blocks';
export { diffLineKind } from './blocks';


export function fixLines(plan: Fix, width: number, s: Style, indent = '  '): string[] {
  // fixBlocks escapes every string from the plan before colour is added (`fix FIX-ID` prints only this).
  return blocksToText(fixBlocks(plan), { width, style: s, indent });
}
