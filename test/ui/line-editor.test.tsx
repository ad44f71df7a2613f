// The prompt's line editor through Ink (issue 15 point 7): the keys readline users expect, each as the terminal sends
// it, alone or several in one stdin chunk; Delete (ESC [3~) erases under the cursor, Backspace before it.
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, after } from './helpers';
import { promptWindow } from '../../src/ui/line-input';
import { displayWidth } from '../../src/text/width';

afterEach(() => cleanup());

const ANSI = /\x1b\[[0-9;]*m/g;
/** The prompt line as shown (the cursor's inverse cell drawn as its character; the trailing cursor cell trimmed). */
const promptLine = (frame: string) => (frame.replace(ANSI, '').split('\n').filter((l) => /^›( |$)/.test(l)).at(-1) ?? '').trimEnd();

async function ready() {
  const c = startChat();
  await c.waitFor('Found 1 problem');
  const shows = (text: string) => c.waitFor((f) => promptLine(f) === `› ${text}`.trimEnd(), 3000);
  return { ...c, shows };
}

describe('line editor in the chat', () => {
  it('moves with Left/Right/Home/End and edits in the middle; Delete erases under the cursor, Backspace before it', async () => {
    const c = await ready();
    await c.type('fix 12');
    await c.type('\x1b[D');
    await c.type('\x1b[D');
    await c.type('all ');
    await c.shows('fix all 12');
    await c.type('\x1b[H'); // Home
    await c.type('\x1b[3~'); // Delete: the f under the cursor
    await c.shows('ix all 12');
    await c.type('\x7f'); // Backspace at the start: nothing to erase
    await c.shows('ix all 12');
    await c.type('\x1b[F'); // End
    await c.type('\x7f');
    await c.shows('ix all 1');
    await c.type('\x1b[C'); // Right at the end: stays
    await c.type('\x1b[3~'); // Delete at the end: nothing under the cursor
    await c.shows('ix all 1');
  });

  it('Ctrl-A/E, Alt-b/f, Ctrl-W/U/K', async () => {
    const c = await ready();
    await c.type('why fix all 12');
    await c.type('\x1bb'); // Alt-b: before "12"
    await c.type('\x17'); // Ctrl-W: deletes "all "
    await c.shows('why fix 12');
    await c.type('\x01'); // Ctrl-A
    await c.type('\x1bf'); // Alt-f: after "why"
    await c.type('\x0b'); // Ctrl-K: to the end
    await c.shows('why');
    await c.type('\x05 1'); // Ctrl-E, then text, in one chunk
    await c.shows('why 1');
    await c.type('\x1b[D\x1b[D'); // two Lefts in one chunk: before " 1"
    await c.type('\x15'); // Ctrl-U: to the start
    await c.shows(' 1');
  });

  it('a whole edited line in one chunk is submitted as edited', async () => {
    const c = await ready();
    await c.type('x 1');
    await c.type('\x01fi\x05\r'); // Ctrl-A, "fi", Ctrl-E, Enter — one chunk
    await c.waitFor((f) => after(f, '› fix 1').includes('Fix for [1]'));
  });

  it('Ctrl-C clears a line with text and quits on an empty one; Ctrl-D with text submits it', async () => {
    const c = await ready();
    await c.type('half typed');
    await c.shows('half typed');
    await c.type('\x03');
    await c.shows('');
    await c.type('fix 1');
    await c.type('\x04');
    await c.waitFor((f) => after(f, '› fix 1').includes('Fix for [1]'));
    await c.type('\x03');
    await c.waitForAnyFrame('Bye');
  });
});

describe('prompt window', () => {
  it('scrolls by columns so the cursor stays in view, wide characters counting two', () => {
    const chars = Array.from('显卡直通需要开启输入输出内存管理单元');
    const w = promptWindow(chars, chars.length, 11);
    expect(displayWidth(w.before + w.under + w.after)).toBeLessThanOrEqual(11);
    expect(w.before.startsWith('…')).toBe(true);
    expect(w.before.endsWith('元')).toBe(true);
    const start = promptWindow(chars, 0, 11);
    expect(start.under).toBe('显');
    expect(displayWidth(start.under + start.after)).toBeLessThanOrEqual(11);
  });
});
