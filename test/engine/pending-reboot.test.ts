// "Applied — pending reboot" (issue 15 point 3): right after a fix that edited the boot configuration and ran its
// regeneration, the "configured but not active" warning it leads to is a state of the finding, not one more problem.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/index';
import { renderText } from '../../src/render/text';
import { recommendedFix } from '../../src/engine/recommended';
import { summaryWords } from '../../src/ui/views/findings';
import type { Fix } from '../../src/schema/fix';

const AFTER = readFileSync(fileURLToPath(new URL('../../fixtures/pastes/grub-not-regenerated.txt', import.meta.url)), 'utf8');
// The same host before the edit: /etc/default/grub without the IOMMU parameters.
const BEFORE = AFTER.replace('quiet splash intel_iommu=on iommu=pt vfio-pci.ids=10de:2484,10de:228b', 'quiet splash');
const run = (text: string, applied?: readonly Fix[]) =>
  diagnose([{ source: 'pasted text', text }], { live: false, source: { kind: 'bundle', path: 'p.txt' }, now: new Date('2026-01-01T00:00:00Z'), ...(applied ? { applied } : {}) });

describe('applied, pending reboot', () => {
  const before = run(BEFORE);
  const iommu = before.findings.find((f) => f.id === 'intel-iommu-not-enabled')!;
  const fix = recommendedFix(iommu)!;

  it('the fix applied here edits grub and regenerates it (what the drift warning asks, but the reboot)', () => {
    expect(fix.needsReboot).toBe(true);
    expect(fix.steps.some((s) => s.kind === 'command')).toBe(true);
    expect(before.findings.some((f) => f.id === 'cmdline-config-drift')).toBe(false);
  });

  it('without this session applying anything, the drift is a warning (not regenerated, or not rebooted)', () => {
    const r = run(AFTER);
    const drift = r.findings.find((f) => f.id === 'cmdline-config-drift')!;
    expect(drift.status).toBeUndefined();
    // The edit is in /etc/default/grub but nothing shows update-grub ran: the IOMMU finding is not "pending" either.
    expect(r.findings.find((f) => f.id === 'intel-iommu-not-enabled')?.status).toBeUndefined();
    expect(renderText(r, { width: 80 })).toMatch(/▲ WARNING +Configured kernel parameters are not active/);
  });

  it('after it, the drift and the fixed finding show as pending reboot and are not counted', () => {
    const plain = run(AFTER);
    const r = run(AFTER, [fix]);
    const drift = r.findings.find((f) => f.id === 'cmdline-config-drift')!;
    expect(drift.status).toBe('pending-reboot');
    expect(r.findings.find((f) => f.id === 'intel-iommu-not-enabled')?.status).toBe('pending-reboot');
    const text = renderText(r, { width: 80 });
    expect(text).toMatch(/↻ PENDING REBOOT +Configured kernel parameters are not active/);
    expect(text).not.toMatch(/WARNING +Configured kernel parameters are not active/);
    // The counts do not go up: fewer problems than before the apply, the rest said as a state.
    const counted = (t: string) => Number(/(\d+) errors?, (\d+) warnings?/.exec(t)!.slice(1, 3).reduce((a, b) => String(Number(a) + Number(b))));
    expect(counted(text)).toBeLessThan(counted(renderText(plain, { width: 80 })));
    expect(counted(text)).toBeLessThanOrEqual(counted(renderText(before, { width: 80 })));
    expect(text).toMatch(/2 applied — pending reboot/);
    expect(summaryWords(r)).toMatch(/2 applied — pending reboot/);
  });

  it('a fix that ran other commands (or none) does not make the drift pending', () => {
    const other = { ...fix, steps: fix.steps.filter((s) => s.kind !== 'command') };
    expect(run(AFTER, [other]).findings.find((f) => f.id === 'cmdline-config-drift')!.status).toBeUndefined();
    const noReboot = { ...fix, needsReboot: false };
    expect(run(AFTER, [noReboot]).findings.find((f) => f.id === 'cmdline-config-drift')!.status).toBeUndefined();
  });
});
