// Report → JSON text (schemaVersion 1); the zod schema in schema/report.ts is the contract.
import type { Report } from '../schema/report';

// JSON.stringify escapes C0 controls but writes DEL, C1 controls (U+0080–U+009F, 8-bit CSI/OSC to some terminals)
// and bidirectional overrides raw: escape them too, so `cat report.json` is safe. The values are unchanged.
const RAW_UNSAFE = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, null, 2).replace(RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
