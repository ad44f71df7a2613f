// The prompt's line editor: whole lines and pastes in one chunk, history, Ctrl-D / Ctrl-C.
import { describe, it, expect } from 'vitest';
import { emptyInput, feed, remember } from '../../src/ui/line-input';

describe('line input', () => {
  it('splits one chunk into complete lines and keeps the unfinished rest', () => {
    const { state, events } = feed(emptyInput(), 'fix 1\rwhy 2\r\ngro', {});
    expect(events).toEqual([
      { kind: 'submit', line: 'fix 1' },
      { kind: 'submit', line: 'why 2' },
    ]);
    expect(state.value).toBe('gro');
  });

  it('joins a line typed across chunks and strips bracketed-paste markers', () => {
    let s = feed(emptyInput(), '\x1b[200~IOMMU Gr', {}).state;
    const r = feed(s, 'oup 1 00:01.0 x\n\x1b[201~', {});
    expect(r.events).toEqual([{ kind: 'submit', line: 'IOMMU Group 1 00:01.0 x' }]);
    s = r.state;
    expect(s.value).toBe('');
  });

  it('Ctrl-D ends with the partial line; Ctrl-C clears a line, then interrupts; backspace deletes', () => {
    let s = feed(emptyInput(), 'abc', {}).state;
    s = feed(s, '', { backspace: true }).state;
    expect(s.value).toBe('ab');
    expect(feed(s, 'd', { ctrl: true }).events).toEqual([{ kind: 'eof', partial: 'ab' }]);
    const cleared = feed(s, 'c', { ctrl: true });
    expect(cleared.events).toEqual([]);
    expect(cleared.state.value).toBe('');
    expect(feed(cleared.state, 'c', { ctrl: true }).events).toEqual([{ kind: 'interrupt' }]);
    expect(feed(emptyInput(), 'last line\x04', {}).events).toEqual([{ kind: 'eof', partial: 'last line' }]);
  });

  it('walks the history with up and down and restores the draft', () => {
    let s = remember(remember(emptyInput(), 'fix 1'), 'groups');
    s = feed(s, 'dra', {}).state;
    s = feed(s, '', { upArrow: true }).state;
    expect(s.value).toBe('groups');
    s = feed(s, '', { upArrow: true }).state;
    expect(s.value).toBe('fix 1');
    s = feed(s, '', { downArrow: true }).state;
    s = feed(s, '', { downArrow: true }).state;
    expect(s.value).toBe('dra');
    expect(remember(s, 'groups').history).toEqual(['fix 1', 'groups']);
  });

  it('edits like readline: cursor keys, word moves and kills', () => {
    const type = (st: ReturnType<typeof emptyInput>, input: string, key = {}) => feed(st, input, key).state;
    let s = type(emptyInput(), 'fix 12');
    s = type(s, '', { leftArrow: true });
    s = type(s, '', { leftArrow: true });
    s = type(s, 'all ');
    expect(s.value).toBe('fix all 12');
    s = type(s, 'a', { ctrl: true });
    s = type(s, 'why ');
    expect(s.value).toBe('why fix all 12');
    s = type(s, 'e', { ctrl: true });
    s = type(s, 'w', { ctrl: true });
    expect(s.value).toBe('why fix all ');
    s = type(s, 'b', { meta: true });
    s = type(s, 'b', { meta: true });
    s = type(s, 'k', { ctrl: true });
    expect(s.value).toBe('why ');
    s = type(s, 'x y z');
    s = type(s, '', { home: true });
    s = type(s, 'f', { meta: true });
    s = type(s, 'u', { ctrl: true });
    expect(s.value).toBe(' x y z');
    s = type(s, '', { end: true });
    s = type(s, '', { backspace: true });
    expect(s.value).toBe(' x y ');
    s = type(s, '', { home: true });
    s = type(s, '', { rightArrow: true });
    s = type(s, '', { delete: true });
    expect(s.value).toBe('x y ');
  });

  it('a line ended inside a chunk takes the rest of the edited line with it', () => {
    let s = feed(emptyInput(), 'why', {}).state;
    s = feed(s, '', { home: true }).state;
    const r = feed(s, 'fix 1\r', {});
    expect(r.events).toEqual([{ kind: 'submit', line: 'fix 1why' }]);
    expect(r.state.value).toBe('');
  });

  it('applies editing keys that arrive in one chunk with text, in order', () => {
    const s = feed(feed(emptyInput(), 'fix 1', {}).state, '\x01why \x05!', {}).state;
    expect(s.value).toBe('why fix 1!');
  });
});
