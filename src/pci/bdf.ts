// PCI address helpers: every BDF inside the tool is "dddd:bb:dd.f", lower case.
export const BDF_RE = /(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])/;

const WHOLE_BDF = new RegExp(`^${BDF_RE.source}$`);

/** Normalise "01:00.0" or "0000:01:00.0" to "0000:01:00.0"; undefined when it is not an address. */
export function normalizeBdf(s: string): string | undefined {
  const m = WHOLE_BDF.exec(s.trim());
  // A PCI device number is 5 bits (00-1f): "01:32.0" cannot exist.
  if (!m || parseInt(m[3]!, 16) > 0x1f) return undefined;
  return `${(m[1] ?? '0000').toLowerCase()}:${m[2]!.toLowerCase()}:${m[3]!.toLowerCase()}.${m[4]}`;
}

/** "0000:01:00.0" → "0000:01:00": the slot, shared by all functions of one card. */
export function slotOf(bdf: string): string {
  return bdf.slice(0, bdf.lastIndexOf('.'));
}

/** Short form for people: drop the 0000 domain. */
export function shortBdf(bdf: string): string {
  return bdf.startsWith('0000:') ? bdf.slice(5) : bdf;
}
