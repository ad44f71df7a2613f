// The chat after apply (issue 15 point 3): the "configured but not active" warning that follows the applied fix shows
// as "pending reboot" on its finding, and the summary's counts do not go up.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanup } from 'ink-testing-library';
import { startChat, pasteSources, after, numberOf } from './helpers';

afterEach(() => cleanup());

const AFTER = readFileSync(fileURLToPath(new URL('../../fixtures/pastes/grub-not-regenerated.txt', import.meta.url)), 'utf8');
const BEFORE = AFTER.replace('quiet splash intel_iommu=on iommu=pt vfio-pci.ids=10de:2484,10de:228b', 'quiet splash');

describe('pending reboot in the chat', () => {
  it('shows the drift as a state after apply, not as a new warning', async () => {
    let applied = false;
    const loader = vi.fn(async () => pasteSources(applied ? AFTER : BEFORE, true));
    const applyFix = vi.fn(async () => {
      applied = true;
      return { ok: true, lines: [] };
    });
    const c = startChat({ loader, applyFix, width: 100, height: 60 });
    const first = await c.waitFor(/Found \d+ problems?/);
    const n = numberOf(first, 'Intel IOMMU is not enabled by the kernel');
    await c.type(`apply ${n}\r`);
    await c.waitFor('Apply this plan now?');
    await c.type('yes\r');
    const f = after(await c.waitFor((fr) => /applied — pending reboot/.test(after(fr, 'Looking at the host again'))), 'Looking at the host again');
    expect(f).toMatch(/↻ PENDING REBOOT +Configured kernel parameters are not active/);
    expect(f).not.toMatch(/▲ WARNING +Configured kernel parameters are not active/);
    // No warning in the counts: the drift is said as a state.
    expect(f).not.toMatch(/\d+ warnings?/);
  });
});
