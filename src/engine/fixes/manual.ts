// A fix made of steps a rule spells out itself (firmware settings, hardware moves): the Fix defaults filled in.
import type { Fix, FixStep } from '../../schema/fix';

export function plainFix(id: string, title: string, variant: string, steps: FixStep[], opts: { needsReboot?: boolean; needsInitramfs?: boolean; warnings?: string[] } = {}): Fix {
  return {
    id,
    title,
    variant: variant || undefined,
    recommended: true,
    needsReboot: opts.needsReboot ?? steps.some((s) => s.kind === 'reboot'),
    needsInitramfs: opts.needsInitramfs ?? false,
    warnings: opts.warnings ?? [],
    steps,
  };
}
