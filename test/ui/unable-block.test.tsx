// The chat's "could not check" message (issue 15 point 1): grouped by what to paste, short; --verbose lists each rule.
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, pasteSources } from './helpers';

afterEach(() => cleanup());

const AMD = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-51-generic root=UUID=1 ro quiet splash amd_iommu=on\n';

describe('could not check, in the chat', () => {
  it('is a short grouped block without rules for other CPUs', async () => {
    const c = startChat({ loader: async () => pasteSources(AMD), width: 100, height: 200 });
    const f = await c.waitFor(/Could not check \d+ things/);
    const block = f.slice(f.indexOf('Could not check'), f.indexOf('Type ') > 0 ? f.indexOf('Type ') : undefined);
    expect(block).toMatch(/paste sudo dmesg to check \d+ things/);
    expect(block).not.toContain('intel-rmrr-ineligible');
    expect(block.trim().split('\n').length).toBeLessThanOrEqual(6);
  });

  it('lists every rule with --verbose', async () => {
    const c = startChat({ loader: async () => pasteSources(AMD), verbose: true, width: 100, height: 400 });
    const f = await c.waitFor((x) => x.replace(/\s+/g, ' ').includes('no kernel log from after the VM started was given'));
    expect(f).toMatch(/Could not check \d+ things:/);
  });
});
