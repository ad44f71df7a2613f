// Sets V8 flags (the whole process's): through node's own binding where node still hands it out, else through node:v8.
/**
 * node:v8 costs ~1.3 ms to load (its heap-snapshot helpers load node's streams) on every report run, for calls that take
 * 0.05 ms: the binding they end in, process.binding('v8'), loads in 0.15 ms. Node deprecates reaching it (DEP0111) and
 * may stop handing it out, or refuse it (the permission model): then node:v8 is loaded after all. The deprecation
 * warning it would print once is held back (a report's stderr is the user's).
 */
interface FlagsBinding {
  setFlagsFromString(flags: string): void;
}
/** Tests record the flags a run would set instead of setting them in their own process. */
export const flagTuning: { record?: (flags: string) => void } = {};
/** null: node does not hand the binding out. */
let binding: FlagsBinding | null | undefined;

export function setV8Flags(flags: string): void {
  if (flagTuning.record) return flagTuning.record(flags);
  if (binding === undefined) binding = v8Binding();
  // Looked up on each call: a test's preload may wrap it.
  if (binding) binding.setFlagsFromString(flags);
  else process.getBuiltinModule('node:v8').setFlagsFromString(flags);
}

function v8Binding(): FlagsBinding | null {
  const proc = process as { binding?: (name: string) => unknown; noDeprecation?: boolean };
  const quiet = proc.noDeprecation;
  try {
    proc.noDeprecation = true;
    const b = proc.binding?.('v8') as Partial<FlagsBinding> | undefined;
    return typeof b?.setFlagsFromString === 'function' ? (b as FlagsBinding) : null;
  } catch {
    return null;
  } finally {
    proc.noDeprecation = quiet;
  }
}
