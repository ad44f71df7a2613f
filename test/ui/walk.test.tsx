// "how do I fix it / fix all / next" walk through the findings, root causes first (issue 15 point 7).
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, pasteSources, after, numberOf } from './helpers';
import { SATA_GROUP_HOST } from './hosts';
import { parseCommand } from '../../src/ui/command';
import { walkOrder } from '../../src/ui/reducer';
import type { Finding } from '../../src/schema/finding';

afterEach(() => cleanup());

describe('parsing', () => {
  it('reads the walk intents, with or without punctuation', () => {
    for (const t of ['how do I fix it?', 'How can I fix this', 'fix all', 'Fix everything!', 'walk me through it']) expect(parseCommand(t)).toEqual({ kind: 'walk', restart: true });
    for (const t of ['next', 'what next?', "what's next", 'what now?', 'next.']) expect(parseCommand(t)).toEqual({ kind: 'walk', restart: false });
  });

  it('ignores trailing punctuation on commands, keeps "?" as help', () => {
    expect(parseCommand('why 1?')).toEqual({ kind: 'why', ref: { kind: 'number', n: 1 } });
    expect(parseCommand('fix 2.')).toEqual({ kind: 'fix', ref: { kind: 'number', n: 2 } });
    expect(parseCommand('help!')).toEqual({ kind: 'help' });
    expect(parseCommand('?')).toEqual({ kind: 'help' });
    expect(parseCommand('what does iommu=pt do?')).toEqual({ kind: 'question', text: 'what does iommu=pt do?' });
  });
});

describe('order', () => {
  const f = (id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({ id, severity, title: id, message: '', evidence: [], fixes: [], docs: [], devices: [], ...extra });
  const fix = [{ id: 'x/y', title: 't', steps: [] }] as unknown as Finding['fixes'];
  it('puts root causes first, then errors, warnings, notes with a fix; keeps the report numbers', () => {
    const order = walkOrder([f('note', 'info', { fixes: fix }), f('consequence', 'error', { rootCause: 'cause' }), f('warn', 'warning'), f('cause', 'error'), f('bare-note', 'info')]);
    expect(order.map((o) => `${o.n}:${o.f.id}`)).toEqual(['4:cause', '3:warn', '1:note', '2:consequence']);
  });
});

describe('in the chat', () => {
  it('fix all shows step 1 with its plan, next the following one, and says when it is done', async () => {
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['0a:00.0'] });
    const f0 = await c.waitFor('Found 2 problems');
    const cause = numberOf(f0, 'The passthrough GPU is owned by a host driver');
    await c.type('how do I fix it?\r');
    let f = after(await c.waitFor(/When this one is done, type next for step 2 of \d/), '› how do I fix it?');
    expect(f).toContain(`Step 1 of`);
    expect(f).toContain(`[${cause}] The passthrough GPU is owned by a host driver`);
    expect(f).toContain(`Fix for [${cause}]`);
    expect(f).not.toContain('no answer');
    await c.type('next\r');
    f = after(await c.waitFor((x) => after(x, '› next').includes('Step 2 of')), '› next');
    expect(f).toContain('The IOMMU group is not viable');
  });
});

describe('after apply, the host read again', () => {
  const f = (id: string): Finding => ({ id, severity: 'warning', title: id, message: '', evidence: [], fixes: [], docs: [], devices: [] });
  it('keeps the numbers of the findings that are still there; new ones come last', async () => {
    const { keepNumbers } = await import('../../src/ui/reducer');
    const before = [f('a'), f('b'), f('c')];
    const d = { report: { findings: [f('new'), f('c'), f('b'), f('a')] } } as unknown as Parameters<typeof keepNumbers>[1];
    expect(keepNumbers(before, d).report.findings.map((x) => x.id)).toEqual(['a', 'b', 'c', 'new']);
  });
});

describe('finding numbers for the session', () => {
  const f = (id: string, status?: 'pending-reboot'): Finding => ({ id, severity: 'error', title: id, message: '', evidence: [], fixes: [], docs: [], devices: [], ...(status ? { status } : {}) });
  it('a finding that went away leaves its number unused; a new one gets the next number never used', async () => {
    const { keepNumbers } = await import('../../src/ui/reducer');
    const d = (ids: string[]) => ({ report: { findings: ids.map((x) => f(x)) } }) as unknown as Parameters<typeof keepNumbers>[1];
    const first = keepNumbers([f('a'), f('b'), f('c')], d(['c', 'new', 'a']));
    expect(first.report.findings.map((x) => x.id)).toEqual(['a', 'c', 'new']);
    expect(first.numbers).toEqual([1, 3, 4]);
    // Read again once more: b does not come back as 2 under another name, and "new" stays 4.
    const second = keepNumbers(first.report.findings, d(['newer', 'new', 'c']), first.numbers);
    expect(second.report.findings.map((x) => x.id)).toEqual(['c', 'new', 'newer']);
    expect(second.numbers).toEqual([3, 4, 5]);
  });

  it('the chat summary counts an applied fix waiting for the reboot as a state, not an error', async () => {
    const { summaryWords } = await import('../../src/ui/views/findings');
    const r = { summary: { errors: 2, warnings: 0, infos: 0 }, findings: [f('a', 'pending-reboot'), f('b')] } as unknown as Parameters<typeof summaryWords>[0];
    expect(summaryWords(r)).toBe('1 problem, 1 applied — pending reboot');
  });

  it('fix N and why N follow the session numbers, and a missing number lists the ones there are', async () => {
    const { numberList } = await import('../../src/ui/say');
    expect(numberList([1, 3, 4])).toBe('1, 3, 4');
    expect(numberList([1, 2, 3])).toBe('1–3');
  });
});
