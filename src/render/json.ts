// Report → JSON text (schemaVersion 1); the zod schema in schema/report.ts is the contract.
import type { Report } from '../schema/report';

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
