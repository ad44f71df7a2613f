// The chat after apply (issue 15 point 3): `undo` works as in the CLI where apply could change something, says where
// to run it otherwise; `help` says what this session can do.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, pasteSources, after } from './helpers';
import { SATA_GROUP_HOST } from './hosts';

afterEach(() => cleanup());

describe('undo in the chat', () => {
  it('asks, restores through the undoer on a live host, then looks again', async () => {
    const undoLast = vi.fn(async () => ({ ok: true, lines: ['restored /etc/default/grub'] }));
    const loader = vi.fn(async () => pasteSources(SATA_GROUP_HOST, true));
    const c = startChat({ loader, gpus: ['04:00.0'], applyFix: async () => ({ ok: true, lines: [] }), undoLast });
    await c.waitFor('Found');
    await c.type('undo\r');
    await c.waitFor('Restore the files the last applied fix changed?');
    await c.type('yes\r');
    await c.waitFor('Restored the files of the last change.');
    expect(undoLast).toHaveBeenCalledTimes(1);
    expect(c.frame()).toContain('restored /etc/default/grub');
    await c.waitFor('Looking at the host again');
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('anything but yes cancels', async () => {
    const undoLast = vi.fn(async () => ({ ok: true, lines: [] }));
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST, true), gpus: ['04:00.0'], undoLast });
    await c.waitFor('Found');
    await c.type('undo\r');
    await c.waitFor('Restore the files');
    await c.type('no\r');
    await c.waitFor('Cancelled; nothing was changed.');
    expect(undoLast).not.toHaveBeenCalled();
  });

  it('on a bundle or the demo, says nothing was applied here and where to run it', async () => {
    const undoLast = vi.fn(async () => ({ ok: true, lines: [] }));
    const c = startChat({ undoLast });
    await c.waitFor('Found 1 problem');
    await c.type('undo\r');
    const f = after(await c.waitFor('sudo vfio-doctor undo'), '› undo');
    expect(f).toContain('nothing was applied here to undo');
    expect(f).not.toContain('no answer');
    expect(undoLast).not.toHaveBeenCalled();
  });
});

describe('help says what this session can do', () => {
  it('live host with an applier: apply changes this host, undo is listed', async () => {
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST, true), gpus: ['04:00.0'], applyFix: async () => ({ ok: true, lines: [] }), undoLast: async () => ({ ok: true, lines: [] }) });
    await c.waitFor('Found');
    await c.type('help\r');
    const f = after(await c.waitFor('this session looks at this host (live)'), '› help');
    expect(f.replace(/\s+/g, ' ')).toContain("apply finding N's fix on this host");
    expect(f).toMatch(/^ {2}undo +restore the files/m);
  });

  it('a bundle: apply gives steps for the other machine, no undo', async () => {
    const c = startChat({ applyFix: async () => ({ ok: true, lines: [] }) });
    await c.waitFor('Found 1 problem');
    await c.type('help\r');
    const f = after(await c.waitFor('this session looks at pasted text or a bundle'), '› help');
    expect(f.replace(/\s+/g, ' ')).toContain('the steps to run yourself on the machine this report is from');
    expect(f).not.toMatch(/^ {2}undo /m);
  });
});
