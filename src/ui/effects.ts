// The chat's effect runner: performs what the reducer asked for (load, diagnose, export, apply) through the injected
// config and dispatches the result back as an event; `say` is handed to the transcript.
import { errorMessage } from '../text/error-message';
import { deferred } from './deferred';
import type { ChatConfig } from './types';
import type { ChatEvent, Effect } from './chat-state';
import type { Reply } from './replies';

export interface EffectDeps {
  config: ChatConfig;
  /** Dispatch an event; resolves when the effects it caused have finished. */
  dispatch: (e: ChatEvent) => Promise<void>;
  say: (r: Reply) => void;
}

/**
 * The engine (parsers, facts, rules) and the report renderers, loaded with the first input, not before the chat's first
 * frame (they draw nothing in it). A diagnosis comes only after a load has settled (the load's result, or a paste in
 * the ready phase the first load leads to), and a load settles only once the engine is in: diagnosing stays synchronous.
 */
const engine = deferred('the diagnosis engine', async () => {
  const [i, j, m] = await Promise.all([import('../index'), import('../render/json'), import('../render/markdown')]);
  return { diagnoseFull: i.diagnoseFull, renderJson: j.renderJson, renderMarkdown: m.renderMarkdown };
});

/**
 * Run one effect. Diagnosing is synchronous and so is the dispatch of its result, so a command typed right after it
 * (in the same stdin chunk) sees the new report; the rest finish later. Resolves when everything it led to is done.
 */
export function runEffect(eff: Effect, deps: EffectDeps): Promise<void> {
  const { config, dispatch } = deps;
  switch (eff.kind) {
    case 'say':
      deps.say(eff.reply);
      return Promise.resolve();
    case 'diagnose': {
      let event: ChatEvent;
      try {
        const d = engine.need().diagnoseFull(eff.sources, { gpus: eff.gpus, only: config.only, ignore: config.ignore, source: eff.source, live: eff.live, now: config.now?.(), applied: eff.applied });
        event = { kind: 'diagnosed', purpose: eff.purpose, diagnosis: { ...d, sources: eff.sources, source: eff.source, live: eff.live } };
      } catch (e) {
        event = { kind: 'diagnose-failed', purpose: eff.purpose, message: errorMessage(e) };
      }
      return dispatch(event);
    }
    case 'load': {
      // Only the first reading shows progress per source; the one after an apply is quiet.
      const onProgress = eff.purpose.kind === 'start' ? (event: Parameters<Parameters<ChatConfig['loader']>[0]>[0]) => void dispatch({ kind: 'progress', event }) : () => {};
      return settle(
        // Both at once; the engine's failure, if any, is reported once the loader has settled.
        () => engine.alongside(config.loader(onProgress)),
        (result) => dispatch({ kind: 'loaded', purpose: eff.purpose, result }),
        (message) => dispatch({ kind: 'load-failed', purpose: eff.purpose, message }),
      );
    }
    case 'export': {
      const { cur, format, file } = eff;
      return settle(
        async () => {
          const text = config.exportText ? await config.exportText(cur.report, format, { sources: cur.sources, live: cur.live }) : format === 'json' ? (await engine.load()).renderJson(cur.report) : (await engine.load()).renderMarkdown(cur.report);
          return { where: await config.writeFile(file, text), bytes: text.length };
        },
        ({ where, bytes }) => dispatch({ kind: 'exported', format, where, bytes }),
        (message) => dispatch({ kind: 'export-failed', file, message }),
      );
    }
    case 'undo': {
      const undoLast = config.undoLast;
      if (!undoLast) return dispatch({ kind: 'undo-failed', message: 'this chat cannot undo' });
      return settle(
        () => undoLast(),
        (outcome) => dispatch({ kind: 'undone', outcome }),
        (message) => dispatch({ kind: 'undo-failed', message }),
      );
    }
    case 'apply': {
      const applyFix = config.applyFix;
      if (!applyFix) return dispatch({ kind: 'apply-failed', fix: eff.fix, message: 'this chat has no applier' });
      return settle(
        () => applyFix(eff.fix, { report: eff.report, live: eff.live }),
        (outcome) => dispatch({ kind: 'applied', fix: eff.fix, outcome }),
        (message) => dispatch({ kind: 'apply-failed', fix: eff.fix, message }),
      );
    }
  }
}

/** Run `work`; its result or its error (as one line) goes to the matching dispatch. */
async function settle<T>(work: () => Promise<T>, ok: (v: T) => Promise<void>, failed: (message: string) => Promise<void>): Promise<void> {
  let v: T;
  try {
    v = await work();
  } catch (e) {
    return failed(errorMessage(e));
  }
  return ok(v);
}
