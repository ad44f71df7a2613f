// Chat test helpers: render the app with a fake collector and writer, type into it, wait for what a person would see.
import React from 'react';
import { render } from 'ink-testing-library';
import { ChatApp } from '../../src/ui/app';
import type { ChatConfig, LoadResult } from '../../src/ui/types';
import type { OnProgress } from '../../src/collect/types';
import { RULES } from '../../rules/index';
import { testKnowledge } from '../knowledge/helpers';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';

export const demoSources = (): LoadResult => ({ sources: [{ source: 'pasted text', text: DEMO_BUNDLE }], source: { kind: 'bundle', path: 'demo: two identical RTX 3090 Ti' }, live: false });
export const pasteSources = (text: string, live = false): LoadResult => ({ sources: [{ source: 'pasted text', text }], source: live ? { kind: 'live' } : { kind: 'bundle', path: 'test.txt' }, live });

const knowledge = testKnowledge();

export function startChat(over: Partial<ChatConfig> & { width?: number; height?: number; color?: boolean } = {}) {
  const written: { path: string; text: string }[] = [];
  const { width, height, color, ...rest } = over;
  const config: ChatConfig = {
    loader: async (_p: OnProgress) => demoSources(),
    writeFile: async (path, text) => {
      written.push({ path, text });
      return `/tmp/${path}`;
    },
    knowledge,
    rules: RULES.map((r) => r.meta),
    version: '0.0.0-test',
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...rest,
  };
  const app = render(<ChatApp config={config} width={width ?? 100} height={height ?? 40} color={color ?? false} />);
  const frame = () => app.lastFrame() ?? '';
  return {
    app,
    written,
    frame,
    /** Send raw bytes as one stdin chunk (a keypress, a line with \r, or a whole paste). */
    type: async (chunk: string) => {
      app.stdin.write(chunk);
      await tick();
    },
    waitFor: (pred: string | RegExp | ((f: string) => boolean), ms = 8000) => waitFor(frame, pred, ms),
    /** Like waitFor, over every frame drawn so far: the last one is blank once the app has exited. */
    waitForAnyFrame: (pred: string | RegExp | ((f: string) => boolean), ms = 8000) => waitFor(() => app.frames.join('\n'), pred, ms),
  };
}

export const tick = () => new Promise((r) => setTimeout(r, 20));

export async function waitFor(frame: () => string, pred: string | RegExp | ((f: string) => boolean), ms = 8000): Promise<string> {
  const test = typeof pred === 'string' ? (f: string) => f.includes(pred) : pred instanceof RegExp ? (f: string) => pred.test(f) : pred;
  const end = Date.now() + ms;
  for (;;) {
    const f = frame();
    if (test(f)) return f;
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(pred)}; last frame:\n${f}`);
    await tick();
  }
}

/** What the screen shows after the last prompt echo "› cmd" (the answer to that command). */
export function after(frame: string, marker: string): string {
  const i = frame.lastIndexOf(marker);
  return i >= 0 ? frame.slice(i) : '';
}

/** The number the chat gave the finding with this title ("[2] ✖ PROBLEM title"). */
export function numberOf(frame: string, title: string): number {
  const m = new RegExp(`\\[(\\d+)\\] \\S+ \\w+ ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(frame);
  if (!m) throw new Error(`no finding "${title}" on screen`);
  return Number(m[1]);
}
