// RawSource[] → Facts: sniff every source into blocks, run each block's parser, keep what nobody understood.
import type { RawSource } from '../schema/raw-source';
import type { Facts } from '../schema/facts';
import { FactsBuilder } from '../facts/builder';
import { evidenceOf } from './line';
import { sniff } from './detect';
import { PARSERS } from './registry';

export function parseSources(sources: RawSource[]): Facts {
  const b = new FactsBuilder();
  for (const src of sources) {
    const sn = sniff(src.text, src.source, src.kind ?? 'auto');
    for (const l of sn.unparsed) b.unparsed(evidenceOf(l));
    for (const block of sn.blocks) {
      let bad;
      try {
        bad = PARSERS[block.kind].parse(block.lines, b, block.source);
      } catch {
        // A parser bug must not lose the user's lines: count them as unparsed.
        bad = block.lines;
      }
      for (const l of bad) b.unparsed(evidenceOf(l));
    }
  }
  return b.finish();
}
