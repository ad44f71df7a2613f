// Test helper: a message id with its data's structure, for comparing an English and a Chinese run of one rule.
// Numbers, booleans, keys and id-like words stay as they are; prose (device descriptions written in the run's
// language by shared code) becomes "…".
export const shapeOf = (m: unknown): unknown =>
  JSON.parse(JSON.stringify(m ?? null), (_k, v) => (typeof v === 'string' ? (v === '' || /^[\w:.\/=-]+$/.test(v) ? v : '…') : v));
