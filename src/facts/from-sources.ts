// RawSource[] → Facts: the parsers (src/parse) write into a facts builder, which then settles what they gathered.
import type { RawSource } from '../schema/raw-source';
import type { Facts } from '../schema/facts';
import { FactsBuilder } from './builder';
import { applyStructured } from './structured-sysfs';
import { readSources } from '../parse/index';
import { tieNames } from '../parse/name-ties';

export function parseSources(sources: RawSource[]): Facts {
  const b = new FactsBuilder();
  readSources(sources, b, applyStructured);
  const facts = b.finish();
  // Names are tied to the finished device list (sorted, with the kernel log's devices in it).
  tieNames(b, facts);
  return facts;
}
