// Modules the chat loads after its first frame, once, then uses synchronously: the chat reads no command before its
// first load has settled (src/ui/reducer.ts), and that load settles only once they are in (alongside()).

export interface Deferred<T> {
  /** Starts loading (once); what was loaded. */
  load(): Promise<T>;
  /** What was loaded; asked before it was, a bug: throws. */
  need(): T;
  /** `p`, settled only once the loading has settled too; a failure to load is what `p` then gives. */
  alongside<R>(p: Promise<R>): Promise<R>;
}

/** `what` names it in the error of a need() that came too early. */
export function deferred<T>(what: string, make: () => Promise<T>): Deferred<T> {
  let loading: Promise<T> | undefined;
  let loaded: { value: T } | undefined;
  const load = () => (loading ??= make().then((value) => (loaded = { value }).value));
  return {
    load,
    need() {
      if (!loaded) throw new Error(`${what} was needed before it had loaded`);
      return loaded.value;
    },
    alongside(p) {
      const ready = load();
      ready.catch(() => undefined); // reported through p's result, once p has settled
      return p.finally(() => ready);
    },
  };
}
