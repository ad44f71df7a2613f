// JSON read from outside the program (a backup manifest, a lock file) checked with zod's safeParse: never a throw.
import type { z } from 'zod';

export type JsonInput<T> = { ok: true; value: T } | { ok: false; problem: string };

/** `text` as JSON valid against `schema`, or what is wrong with it in one line (the first zod issue, with its path). */
export function parseJsonInput<S extends z.ZodType>(schema: S, text: string): JsonInput<z.infer<S>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  if (!issue) return { ok: false, problem: 'does not match its schema' };
  return { ok: false, problem: issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message };
}
