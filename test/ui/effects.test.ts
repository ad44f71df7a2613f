// The chat's effect runner: each effect goes through the injected config and comes back as one event.
import { describe, it, expect } from 'vitest';
import { runEffect } from '../../src/ui/effects';
import type { ChatEvent, Current, Effect } from '../../src/ui/chat-state';
import type { ChatConfig } from '../../src/ui/types';
import type { Reply } from '../../src/ui/replies';
import { diagnoseFull } from '../../src/index';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';
import { demoSources } from './helpers';

const sources = [{ source: 'pasted text', text: DEMO_BUNDLE }];
const DEMO: Current = { ...diagnoseFull(sources, { source: { kind: 'bundle' } }), sources, source: { kind: 'bundle' }, live: false };

async function run(eff: Effect, over: Partial<ChatConfig> = {}) {
  const events: ChatEvent[] = [];
  const said: Reply[] = [];
  const config = { loader: async () => demoSources(), writeFile: async (p: string) => `/abs/${p}`, ...over } as unknown as ChatConfig;
  await runEffect(eff, { config, dispatch: async (e) => void events.push(e), say: (r) => said.push(r) });
  return { events, said };
}

describe('runEffect', () => {
  it('say hands the reply to the transcript', async () => {
    expect((await run({ kind: 'say', reply: { kind: 'help', canApply: false } })).said).toEqual([{ kind: 'help', canApply: false }]);
  });

  it('diagnose dispatches the diagnosis, synchronously, once a load has settled (even a failed one)', async () => {
    // The engine loads with the first input, after the chat's first frame; a diagnosis always follows a load.
    expect((await run({ kind: 'load', purpose: { kind: 'start' } }, { loader: async () => Promise.reject(new Error('no such file')) })).events.map((e) => e.kind)).toEqual(['load-failed']);
    const events: ChatEvent[] = [];
    void runEffect({ kind: 'diagnose', purpose: { kind: 'start' }, sources, source: { kind: 'bundle' }, live: false, gpus: [] }, { config: {} as ChatConfig, dispatch: async (e) => void events.push(e), say: () => {} });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'diagnosed', diagnosis: { live: false, report: { findings: [{ id: 'identical-gpus-id-collision' }, { id: 'vm-functions-split' }] } } });
  });

  it('the first load reports progress; the one after an apply does not', async () => {
    const loader = async (p: (e: { id: string; label: string; status: 'done' }) => void) => {
      p({ id: 'x', label: 'x', status: 'done' });
      return demoSources();
    };
    const first = await run({ kind: 'load', purpose: { kind: 'start' } }, { loader } as Partial<ChatConfig>);
    expect(first.events.map((e) => e.kind)).toEqual(['progress', 'loaded']);
    const again = await run({ kind: 'load', purpose: { kind: 'reread', fixId: 'f' } }, { loader } as Partial<ChatConfig>);
    expect(again.events.map((e) => e.kind)).toEqual(['loaded']);
  });

  it('a load that throws is a load-failed event with the message', async () => {
    const r = await run({ kind: 'load', purpose: { kind: 'start' } }, { loader: async () => Promise.reject(new Error('no\naccess')) });
    expect(r.events).toEqual([{ kind: 'load-failed', purpose: { kind: 'start' }, message: 'no access' }]);
  });

  it('export writes the plain report, or the text the CLI gives', async () => {
    const plain = await run({ kind: 'export', cur: DEMO, format: 'json', file: 'r.json' });
    expect(plain.events[0]).toMatchObject({ kind: 'exported', format: 'json', where: '/abs/r.json' });
    const given = await run({ kind: 'export', cur: DEMO, format: 'markdown', file: 'r.md' }, { exportText: async () => 'x'.repeat(4096) });
    expect(given.events[0]).toEqual({ kind: 'exported', format: 'markdown', where: '/abs/r.md', bytes: 4096 });
    const failed = await run({ kind: 'export', cur: DEMO, format: 'json', file: 'r.json' }, { writeFile: async () => Promise.reject(new Error('EACCES')) });
    expect(failed.events).toEqual([{ kind: 'export-failed', file: 'r.json', message: 'EACCES' }]);
  });

  it('apply goes through the applier; a throw is apply-failed', async () => {
    const fix = DEMO.report.findings[0]!.fixes[0]!;
    const ok = await run({ kind: 'apply', fix, report: DEMO.report, live: true }, { applyFix: async () => ({ ok: true, lines: ['done'] }) });
    expect(ok.events).toEqual([{ kind: 'applied', fix, outcome: { ok: true, lines: ['done'] } }]);
    const thrown = await run({ kind: 'apply', fix, report: DEMO.report, live: true }, { applyFix: async () => Promise.reject(new Error('EROFS')) });
    expect(thrown.events).toEqual([{ kind: 'apply-failed', fix, message: 'EROFS' }]);
  });
});
