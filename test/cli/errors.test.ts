// Errors said in one line (errorMessage) and JSON from outside checked without a throw (parseJsonInput).
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { errorMessage } from '../../src/text/error-message';
import { parseJsonInput } from '../../src/schema/json-input';
import { Manifest } from '../../src/apply/manifest';

describe('errorMessage', () => {
  it.each([
    [new Error('EACCES: permission denied'), 'EACCES: permission denied'],
    [new Error('first line\n  second line\r\nthird'), 'first line second line third'],
    [new TypeError(''), 'TypeError'],
    ['a thrown string', 'a thrown string'],
    [null, 'null'],
    [undefined, 'undefined'],
    [42, '42'],
    [{ message: 'an error-like object' }, 'an error-like object'],
    [{ code: 'X' }, '[object Object]'],
  ] as [unknown, string][])('%j → %j', (e, want) => {
    expect(errorMessage(e)).toBe(want);
  });
});

describe('parseJsonInput', () => {
  const Holder = z.object({ pid: z.number().int().positive(), since: z.string() });
  it('gives the value when it is valid', () => {
    expect(parseJsonInput(Holder, '{"pid": 12, "since": "now"}')).toEqual({ ok: true, value: { pid: 12, since: 'now' } });
  });
  it.each([
    ['{"pid": 12', 'not JSON'],
    ['', 'not JSON'],
    ['{"pid": -1, "since": "now"}', /^pid: /],
    ['{"pid": 1}', /^since: /],
    ['[]', /^Invalid input: expected object, received array$/],
  ] as [string, string | RegExp][])('%j → a one-line problem', (text, want) => {
    const r = parseJsonInput(Holder, text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toMatch(want);
      expect(r.problem).not.toContain('\n');
    }
  });
  it('names the field of a backup manifest that is wrong', () => {
    const r = parseJsonInput(Manifest, '{"fixId": 3}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/^\w+: /);
  });
});
