// Growth checks that do not flake: CPU time (not wall clock) of the best of several runs, at sizes n and 4n.
import { expect } from 'vitest';

/** Best-of-`runs` CPU milliseconds of fn (other processes' load does not count; a GC pause in one run is dropped). */
export function cpuMs(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

/**
 * Work on an input 4× as large may take at most ~10× as long (linear is 4×, quadratic 16×), plus a fixed slack for
 * timer resolution and JIT warm-up. make(k) builds the input of size k·n.
 */
export function expectLinear<T>(label: string, make: (k: number) => T, work: (input: T) => unknown, slackMs = 30, runs = 3): { small: number; large: number } {
  const small = make(1);
  const large = make(4);
  work(small); // warm the JIT so the first measurement is not the slow one
  const t1 = cpuMs(() => work(small), runs);
  const t4 = cpuMs(() => work(large), runs);
  expect(t4, `${label}: ${t1.toFixed(1)} ms at n, ${t4.toFixed(1)} ms at 4n`).toBeLessThanOrEqual(10 * t1 + slackMs);
  if (process.env.VFD_TIMING) console.log(`${label}: ${t1.toFixed(1)} → ${t4.toFixed(1)} ms (×${(t4 / Math.max(t1, 0.01)).toFixed(1)})`);
  return { small: t1, large: t4 };
}
