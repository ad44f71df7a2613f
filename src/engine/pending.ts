// "Applied — pending reboot": a finding whose recommended plan has nothing left to do but the reboot is a state of that
// finding, not one more problem (the report shows it as such and does not count it).
import type { Finding } from '../schema/finding';
import type { Fix } from '../schema/fix';
import { recommendedFix } from './recommended';

const commandKey = (argv: readonly string[]) => argv.join('\u0000');

/**
 * Whether only the reboot is left of `f`'s recommended plan: it needs a reboot, and each of its other steps is either
 * an edit already in the file (noop) or a command that a fix applied in this session ran too (`applied`: the fixes
 * applied since the report before this one, e.g. the update-grub of the IOMMU fix, which is also all that the "configured
 * but not active" finding asks before the reboot). A plan with only a reboot and checks is not pending: nothing shows
 * it was carried out.
 */
export function pendingReboot(f: Finding, applied: readonly Fix[] = []): boolean {
  const rec = recommendedFix(f);
  if (!rec?.needsReboot) return false;
  const ran = new Set(applied.filter((x) => x.needsReboot).flatMap((x) => x.steps.flatMap((s) => (s.kind === 'command' ? [commandKey(s.argv)] : []))));
  const work = rec.steps.filter((s) => s.kind !== 'reboot' && s.kind !== 'verify');
  if (!work.length) return false;
  const edits = work.filter((s) => s.kind === 'edit');
  const done = (s: (typeof work)[number]) => (s.kind === 'edit' && s.noop) || (s.kind === 'command' && ran.has(commandKey(s.argv)));
  // Without an applied fix, only edits prove it (as before): a plan of commands alone could just not have been run.
  if (!applied.length && !edits.length) return false;
  return work.every(done);
}
