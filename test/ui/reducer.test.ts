// The chat's phase reducer, phase by phase and event by event: the next state and the effects it asks for.
import { describe, it, expect } from 'vitest';
import { reduce } from '../../src/ui/reducer';
import { initialState, type ChatEvent, type ChatState, type Current, type Effect } from '../../src/ui/chat-state';
import { diagnoseFull } from '../../src/index';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';
import { SATA_GROUP_HOST } from './hosts';
import type { RawSource } from '../../src/schema/raw-source';
import type { ReportSource } from '../../src/engine/report';

function current(text: string, live: boolean, gpus: string[] = []): Current {
  const sources: RawSource[] = [{ source: 'pasted text', text }];
  const source: ReportSource = live ? { kind: 'live' } : { kind: 'bundle', path: 'test.txt' };
  return { ...diagnoseFull(sources, { gpus, source, live, now: new Date('2026-01-01T00:00:00Z') }), sources, source, live };
}

const DEMO = current(DEMO_BUNDLE, false);
const SATA_LIVE = current(SATA_GROUP_HOST, true, ['0000:04:00.0']);
const NOTHING = current('hello there\njust words', false);

/** A state in a phase, frozen: the reducer must never change the state it is given. */
function at(phase: ChatState['phase'], over: Partial<ChatState> = {}): ChatState {
  const s = { ...initialState({ canApply: true }), phase, ...over };
  for (const v of Object.values(s)) if (Array.isArray(v)) Object.freeze(v);
  return Object.freeze(s);
}

/** The effects in short: replies by kind, other effects by kind and purpose. */
function short(effects: Effect[]): string[] {
  return effects.map((e) => (e.kind === 'say' ? e.reply.kind : e.kind === 'load' || e.kind === 'diagnose' ? `${e.kind}:${e.purpose.kind}` : e.kind));
}

// The demo: the identical-GPU error and its VM's split functions (a warning).
const REPORT_DEMO = ['summary', 'finding', 'finding', 'unable', 'next-step'];

interface Case {
  name: string;
  state: ChatState;
  event: ChatEvent;
  phase: ChatState['phase'];
  effects: string[];
  check?: (s: ChatState, effects: Effect[]) => void;
}

const line = (l: string): ChatEvent => ({ kind: 'line', line: l });
const ready = (over: Partial<ChatState> = {}) => at('ready', { cur: DEMO, ...over });

const CASES: Case[] = [
  // loading
  { name: 'open greets and loads', state: at('loading'), event: { kind: 'open' }, phase: 'loading', effects: ['greeting', 'load:start'] },
  {
    name: 'progress replaces the event of the same source',
    state: at('loading', { progress: [{ id: 'pci', label: 'PCI', status: 'started' }] }),
    event: { kind: 'progress', event: { id: 'pci', label: 'PCI', status: 'done' } },
    phase: 'loading',
    effects: [],
    check: (s) => expect(s.progress).toEqual([{ id: 'pci', label: 'PCI', status: 'done' }]),
  },
  {
    name: 'loaded: what was read, then a diagnosis for the GPUs asked for',
    state: at('loading', { gpus: ['0000:04:00.0'] }),
    event: { kind: 'loaded', purpose: { kind: 'start' }, result: { sources: DEMO.sources, source: DEMO.source, live: false } },
    phase: 'loading',
    effects: ['collection', 'diagnose:start'],
    check: (_s, e) => expect(e[1]).toMatchObject({ gpus: ['0000:04:00.0'], live: false }),
  },
  { name: 'load failed: ready, with the reason', state: at('loading'), event: { kind: 'load-failed', purpose: { kind: 'start' }, message: 'no access' }, phase: 'ready', effects: ['collection', 'load-failed'] },
  {
    name: 'diagnosed: the report, ready',
    state: at('loading'),
    event: { kind: 'diagnosed', purpose: { kind: 'start' }, diagnosis: DEMO },
    phase: 'ready',
    effects: REPORT_DEMO,
    check: (s, e) => {
      expect(s.cur).toBe(DEMO);
      expect(e.at(-1)).toEqual({ kind: 'say', reply: { kind: 'next-step', n: 1 } });
    },
  },
  { name: 'a failed diagnosis reads as a failed load', state: at('loading'), event: { kind: 'diagnose-failed', purpose: { kind: 'start' }, message: 'boom' }, phase: 'ready', effects: ['load-failed'] },
  { name: 'lines typed while loading are ignored', state: at('loading'), event: line('fix 1'), phase: 'loading', effects: [] },
  { name: 'Ctrl-C while loading leaves', state: at('loading'), event: { kind: 'interrupt' }, phase: 'done', effects: ['bye'] },

  // ready: finding references
  { name: 'fix 1: the recommended variant', state: ready(), event: line('fix 1'), phase: 'ready', effects: ['echo', 'fix-plan'], check: (_s, e) => expect(e[1]).toMatchObject({ reply: { n: 1, variant: 0 } }) },
  { name: 'a bare number is fix N', state: ready(), event: line('1'), phase: 'ready', effects: ['echo', 'fix-plan'] },
  { name: 'fix 1.2: that variant', state: ready({ cur: SATA_LIVE }), event: line('fix 1.2'), phase: 'ready', effects: ['echo', 'fix-plan'], check: (_s, e) => expect(e[1]).toMatchObject({ reply: { variant: 1 } }) },
  { name: 'fix by fix id', state: ready({ cur: SATA_LIVE }), event: line(`fix ${SATA_LIVE.report.findings[0]!.fixes[1]!.id}`), phase: 'ready', effects: ['echo', 'fix-plan'], check: (_s, e) => expect(e[1]).toMatchObject({ reply: { variant: 1 } }) },
  { name: 'fix 9: no such finding', state: ready(), event: line('fix 9'), phase: 'ready', effects: ['echo', 'no-such-finding'], check: (_s, e) => expect(e[1]).toMatchObject({ reply: { n: 9, count: 2 } }) },
  { name: 'fix alone: which one', state: ready(), event: line('fix'), phase: 'ready', effects: ['echo', 'which-finding'] },
  { name: 'fix without a report', state: at('ready'), event: line('fix 1'), phase: 'ready', effects: ['echo', 'no-report'] },
  { name: 'fix on a report with no findings', state: ready({ cur: NOTHING }), event: line('fix 1'), phase: 'ready', effects: ['echo', 'no-findings'] },
  { name: 'why 1', state: ready(), event: line('why 1'), phase: 'ready', effects: ['echo', 'why'] },
  { name: 'a question starting with why', state: ready(), event: line('why is my gpu black'), phase: 'ready', effects: ['echo', 'answer'] },
  { name: 'findings shows the report again', state: ready(), event: line('findings'), phase: 'ready', effects: ['echo', ...REPORT_DEMO] },

  // ready: apply
  { name: 'apply on pasted text: not this machine, the steps by hand', state: ready(), event: line('apply 1'), phase: 'ready', effects: ['echo', 'not-this-machine', 'apply-by-hand'] },
  { name: 'apply without an applier: the steps by hand', state: ready({ cur: SATA_LIVE, canApply: false }), event: line('apply 1'), phase: 'ready', effects: ['echo', 'apply-by-hand'] },
  {
    name: 'apply on a live host: confirm first',
    state: ready({ cur: SATA_LIVE }),
    event: line('apply 1'),
    phase: 'confirm',
    effects: ['echo', 'confirm'],
    check: (s) => expect(s.pending?.fix.id).toBe(SATA_LIVE.report.findings[0]!.fixes[0]!.id),
  },

  // ready: tables, gpu, paste, export, quit
  { name: 'groups: the first page', state: ready(), event: line('groups'), phase: 'ready', effects: ['echo', 'page'], check: (_s, e) => expect(e[1]).toMatchObject({ reply: { table: 'groups', page: 0 } }) },
  { name: 'more with nothing paged', state: ready(), event: line('more'), phase: 'ready', effects: ['echo', 'nothing-more'] },
  {
    name: 'more: the next page, clamped to the last',
    state: ready({ pager: { table: 'devices', page: 0 }, height: 10 }),
    event: line('more'),
    phase: 'ready',
    effects: ['echo', 'page'],
    check: (_s, e) => expect(e[1]).toMatchObject({ reply: { table: 'devices', page: 1 } }),
  },
  { name: 'gpu lists the GPUs', state: ready({ cur: SATA_LIVE }), event: line('gpu'), phase: 'ready', effects: ['echo', 'gpu-list'] },
  { name: 'gpu on input with no GPU', state: ready({ cur: NOTHING }), event: line('gpu'), phase: 'ready', effects: ['echo', 'no-gpu-seen'] },
  { name: 'gpu with a word', state: ready(), event: line('gpu nvidia'), phase: 'ready', effects: ['echo', 'not-pci-address'] },
  { name: 'gpu at an empty slot', state: ready({ cur: SATA_LIVE }), event: line('gpu 09:00.0'), phase: 'ready', effects: ['echo', 'no-device-at'] },
  { name: 'gpu on a SATA controller', state: ready({ cur: SATA_LIVE }), event: line('gpu 01:00.1'), phase: 'ready', effects: ['echo', 'not-a-gpu'] },
  {
    name: 'gpu BDF: diagnose again for that GPU',
    state: ready({ cur: SATA_LIVE }),
    event: line('gpu 0a:00.0'),
    phase: 'ready',
    effects: ['echo', 'diagnose:gpu'],
    check: (s, e) => {
      expect(s.gpus).toEqual(['0000:0a:00.0']);
      expect(e[1]).toMatchObject({ gpus: ['0000:0a:00.0'], live: true, purpose: { chosen: true, before: SATA_LIVE.report } });
    },
  },
  { name: 'gpu auto: inferred', state: ready({ cur: SATA_LIVE, gpus: ['0000:04:00.0'] }), event: line('gpu auto'), phase: 'ready', effects: ['echo', 'diagnose:gpu'], check: (s) => expect(s.gpus).toEqual([]) },
  { name: 'paste', state: ready(), event: line('paste'), phase: 'paste', effects: ['echo', 'paste-prompt'], check: (_s, e) => expect(e[1]).toMatchObject({ reply: { auto: false } }) },
  {
    name: 'output typed at the prompt starts a paste with that line',
    state: ready(),
    event: line('[    0.5] DMAR: IOMMU enabled'),
    phase: 'paste',
    effects: ['paste-prompt'],
    check: (s) => expect(s.pasteLines).toEqual(['[    0.5] DMAR: IOMMU enabled']),
  },
  { name: 'a multi-line chunk of output', state: ready(), event: { kind: 'begin-paste' }, phase: 'paste', effects: ['paste-prompt'] },
  { name: 'export without a format', state: ready(), event: line('export'), phase: 'ready', effects: ['echo', 'export-which-format'] },
  { name: 'export json FILE: busy writing', state: ready(), event: line('export json r.json'), phase: 'busy', effects: ['echo', 'export'], check: (s) => expect(s.busy).toBe('writing r.json') },
  { name: 'export without a report', state: at('ready'), event: line('export json'), phase: 'ready', effects: ['echo', 'no-report'] },
  { name: 'rules', state: ready(), event: line('rules'), phase: 'ready', effects: ['echo', 'rules'] },
  { name: 'help', state: ready(), event: line('help'), phase: 'ready', effects: ['echo', 'help'] },
  { name: 'a blank line', state: ready(), event: line('   '), phase: 'ready', effects: [] },
  { name: 'quit', state: ready(), event: line('quit'), phase: 'done', effects: ['echo', 'bye'] },
  { name: 'Ctrl-D on an empty prompt leaves', state: ready(), event: { kind: 'eof', partial: '' }, phase: 'done', effects: ['bye'] },
  { name: 'Ctrl-D after typing hands the text over, as Enter would', state: ready(), event: { kind: 'eof', partial: 'fi' }, phase: 'ready', effects: ['echo', 'answer'] },

  // paste
  { name: 'a pasted line is kept', state: at('paste', { pasteLines: ['a'] }), event: line('b'), phase: 'paste', effects: [], check: (s) => expect(s.pasteLines).toEqual(['a', 'b']) },
  {
    name: 'a dot ends the paste: diagnose it, inferring the GPU',
    state: at('paste', { cur: DEMO, pasteLines: ['x', 'y'], gpus: ['0000:01:00.0'] }),
    event: line(' . '),
    phase: 'ready',
    effects: ['diagnose:paste'],
    check: (s, e) => {
      expect(s.pasteLines).toEqual([]);
      expect(e[0]).toMatchObject({ gpus: [], live: false, sources: [{ text: 'x\ny' }], purpose: { lines: 2 } });
    },
  },
  { name: 'a dot with nothing pasted', state: at('paste', { cur: DEMO, pasteLines: ['', ' '] }), event: line('.'), phase: 'ready', effects: ['nothing-pasted'] },
  { name: 'Ctrl-D ends the paste with the unfinished line', state: at('paste', { pasteLines: ['x'] }), event: { kind: 'eof', partial: 'y' }, phase: 'ready', effects: ['diagnose:paste'], check: (_s, e) => expect(e[0]).toMatchObject({ sources: [{ text: 'x\ny' }] }) },
  {
    name: 'a paste with nothing recognisable keeps the report and the GPU',
    state: ready({ gpus: ['0000:01:00.0'] }),
    event: { kind: 'diagnosed', purpose: { kind: 'paste', lines: 2 }, diagnosis: NOTHING },
    phase: 'ready',
    effects: ['paste-unrecognised'],
    check: (s, e) => {
      expect(s.cur).toBe(DEMO);
      expect(s.gpus).toEqual(['0000:01:00.0']);
      expect(e[0]).toMatchObject({ reply: { lines: 2, kept: true } });
    },
  },
  {
    name: 'a recognised paste replaces the report',
    state: ready({ gpus: ['0000:01:00.0'], pager: { table: 'groups', page: 0 } }),
    event: { kind: 'diagnosed', purpose: { kind: 'paste', lines: 40 }, diagnosis: SATA_LIVE },
    phase: 'ready',
    effects: ['paste-taken', 'summary', ...SATA_LIVE.report.findings.map(() => 'finding'), 'unable', 'next-step'],
    check: (s) => {
      expect(s.cur).toBe(SATA_LIVE);
      expect(s.gpus).toEqual([]);
      expect(s.pager).toBeUndefined();
    },
  },
  { name: 'a paste that failed to diagnose', state: ready(), event: { kind: 'diagnose-failed', purpose: { kind: 'paste', lines: 3 }, message: 'boom' }, phase: 'ready', effects: ['went-wrong'] },

  // confirm
  {
    name: 'yes: busy applying',
    state: at('confirm', { cur: SATA_LIVE, pending: { finding: SATA_LIVE.report.findings[0]!, n: 1, fix: SATA_LIVE.report.findings[0]!.fixes[0]! } }),
    event: line('Yes'),
    phase: 'busy',
    effects: ['echo', 'apply'],
    check: (s) => {
      expect(s.pending).toBeUndefined();
      expect(s.busy).toBe(`applying ${SATA_LIVE.report.findings[0]!.fixes[0]!.id}`);
    },
  },
  { name: 'anything else cancels', state: at('confirm', { cur: SATA_LIVE, pending: { finding: SATA_LIVE.report.findings[0]!, n: 1, fix: SATA_LIVE.report.findings[0]!.fixes[0]! } }), event: line('yes please'), phase: 'ready', effects: ['echo', 'cancelled'] },
  { name: 'Ctrl-D cancels', state: at('confirm', { cur: SATA_LIVE, pending: { finding: SATA_LIVE.report.findings[0]!, n: 1, fix: SATA_LIVE.report.findings[0]!.fixes[0]! } }), event: { kind: 'eof', partial: '' }, phase: 'ready', effects: ['cancelled'] },
  { name: 'Ctrl-C leaves', state: at('confirm', { cur: SATA_LIVE }), event: { kind: 'interrupt' }, phase: 'done', effects: ['bye'] },

  // busy
  { name: 'lines while busy are ignored', state: at('busy', { cur: DEMO, busy: 'writing x' }), event: line('fix 1'), phase: 'busy', effects: [] },
  { name: 'exported', state: at('busy', { cur: DEMO, busy: 'writing x' }), event: { kind: 'exported', format: 'json', where: '/tmp/x', bytes: 2048 }, phase: 'ready', effects: ['exported'], check: (s) => expect(s.busy).toBe('') },
  { name: 'export failed', state: at('busy', { cur: DEMO, busy: 'writing x' }), event: { kind: 'export-failed', file: 'x', message: 'EACCES' }, phase: 'ready', effects: ['export-failed'] },
  {
    name: 'applied: look at the host again, still busy',
    state: at('busy', { cur: SATA_LIVE, busy: 'applying f' }),
    event: { kind: 'applied', fix: SATA_LIVE.report.findings[0]!.fixes[0]!, outcome: { ok: true, lines: [] } },
    phase: 'busy',
    effects: ['applied', 'load:reread'],
  },
  { name: 'applying failed', state: at('busy', { cur: SATA_LIVE, busy: 'applying f' }), event: { kind: 'applied', fix: SATA_LIVE.report.findings[0]!.fixes[0]!, outcome: { ok: false, lines: ['refused'] } }, phase: 'ready', effects: ['applied'] },
  { name: 'the applier threw', state: at('busy', { cur: SATA_LIVE, busy: 'applying f' }), event: { kind: 'apply-failed', fix: SATA_LIVE.report.findings[0]!.fixes[0]!, message: 'EROFS' }, phase: 'ready', effects: ['apply-failed'] },
  { name: 'read again after applying', state: at('busy', { cur: SATA_LIVE }), event: { kind: 'loaded', purpose: { kind: 'reread', fixId: 'f' }, result: { sources: SATA_LIVE.sources, source: SATA_LIVE.source, live: true } }, phase: 'busy', effects: ['looking-again', 'diagnose:reread'] },
  { name: 'the report after applying', state: at('busy', { cur: DEMO, busy: 'applying f' }), event: { kind: 'diagnosed', purpose: { kind: 'reread', fixId: 'f' }, diagnosis: DEMO }, phase: 'ready', effects: REPORT_DEMO, check: (s) => expect(s.busy).toBe('') },
  { name: 'reading again failed', state: at('busy', { cur: DEMO, busy: 'applying f' }), event: { kind: 'load-failed', purpose: { kind: 'reread', fixId: 'f' }, message: 'gone' }, phase: 'ready', effects: ['reread-failed'] },

  // done
  { name: 'nothing after leaving', state: at('done', { cur: DEMO }), event: line('fix 1'), phase: 'done', effects: [] },
  { name: 'a write finishing after leaving says nothing', state: at('done', { cur: DEMO }), event: { kind: 'exported', format: 'json', where: '/tmp/x', bytes: 10 }, phase: 'done', effects: [] },
  { name: 'an apply finishing after leaving reads nothing again', state: at('done', { cur: SATA_LIVE }), event: { kind: 'applied', fix: SATA_LIVE.report.findings[0]!.fixes[0]!, outcome: { ok: true, lines: [] } }, phase: 'done', effects: [] },
];

describe('reduce', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { state, effects } = reduce(c.state, c.event);
    expect(state.phase).toBe(c.phase);
    expect(short(effects)).toEqual(c.effects);
    c.check?.(state, effects);
  });

  it('the target-changed reply carries the report before and after', () => {
    const { effects } = reduce(ready({ cur: SATA_LIVE }), { kind: 'diagnosed', purpose: { kind: 'gpu', before: DEMO.report, chosen: true }, diagnosis: SATA_LIVE });
    expect(effects[0]).toEqual({ kind: 'say', reply: { kind: 'target-changed', before: DEMO.report, cur: SATA_LIVE, chosen: true } });
  });
});

describe('session numbers after a re-read', () => {
  it('why N and fix N resolve the number the user saw, not the position', () => {
    // The demo's findings numbered as after a re-read where finding 1 went away: the first is now [2].
    const numbered: Current = { ...DEMO, numbers: DEMO.report.findings.map((_, i) => i + 2) };
    const { effects } = reduce(ready({ cur: numbered }), line('why 2'));
    const why = effects.find((e) => e.kind === 'say' && e.reply.kind === 'why');
    expect(why && why.kind === 'say' && why.reply.kind === 'why' && why.reply.finding.id).toBe(DEMO.report.findings[0]!.id);
    const gone = reduce(ready({ cur: numbered }), line('why 1')).effects.find((e) => e.kind === 'say' && e.reply.kind !== 'echo');
    expect(gone && gone.kind === 'say' && gone.reply.kind).toBe('no-such-finding');
  });
});
