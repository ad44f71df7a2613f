// Shared helpers for parser tests: parse a paste (or marked sources) and look devices up by address.
import { parseSources } from '../../src/facts/from-sources';
import type { Facts, PciDevice } from '../../src/schema/facts';
import type { SourceKind } from '../../src/parse/parser';

/** Parse text as a paste ("pasted text", auto) or as one named source of a given kind. */
export function parse(text: string, source = 'pasted text', kind: SourceKind = 'auto'): Facts {
  return parseSources([{ source, kind, text }]);
}

export function dev(f: Facts, bdf: string): PciDevice {
  const d = f.pci.find((p) => p.bdf === bdf);
  if (!d) throw new Error(`no device ${bdf} in ${f.pci.map((p) => p.bdf).join(', ') || '(none)'}`);
  return d;
}

/** Join lines so tables can write pastes as arrays. */
export const lines = (...ls: string[]) => ls.join('\n') + '\n';

export const unparsedTexts = (f: Facts) => f.unparsed.sample.map((e) => e.text);

/** The named fields of a device, so tables can assert "unknown" (undefined) as well as values. */
export function fields(d: PciDevice, want: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(want).map((k) => [k, (d as Record<string, unknown>)[k]]));
}
